// One setup function per command: each declares its flags and sets the
// callback that calls core.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

namespace dc::cli {

void setup_config(CLI::App& app, const GlobalOptions& global);
void setup_ps(CLI::App& app, const GlobalOptions& global);
void setup_up(CLI::App& app, const GlobalOptions& global);
void setup_down(CLI::App& app, const GlobalOptions& global);
void setup_lifecycle(CLI::App& app, const GlobalOptions& global);
void setup_logs(CLI::App& app, const GlobalOptions& global);
void setup_exec(CLI::App& app, const GlobalOptions& global);
void setup_run(CLI::App& app, const GlobalOptions& global);
void setup_create(CLI::App& app, const GlobalOptions& global);
void setup_images(CLI::App& app, const GlobalOptions& global);
void setup_top(CLI::App& app, const GlobalOptions& global);
void setup_port(CLI::App& app, const GlobalOptions& global);
void setup_cp(CLI::App& app, const GlobalOptions& global);
void setup_events(CLI::App& app, const GlobalOptions& global);
void setup_attach(CLI::App& app, const GlobalOptions& global);
void setup_wait(CLI::App& app, const GlobalOptions& global);
void setup_ls(CLI::App& app, const GlobalOptions& global);
void setup_version(CLI::App& app, const GlobalOptions& global);
void setup_scale(CLI::App& app, const GlobalOptions& global);
void setup_stats(CLI::App& app, const GlobalOptions& global);
void setup_build(CLI::App& app, const GlobalOptions& global);
void setup_pull(CLI::App& app, const GlobalOptions& global);
void setup_push(CLI::App& app, const GlobalOptions& global);
void setup_watch(CLI::App& app, const GlobalOptions& global);
void setup_spark_submit(CLI::App& spark, const GlobalOptions& global);
void setup_spark(CLI::App& app, const GlobalOptions& global);

}  // namespace dc::cli
