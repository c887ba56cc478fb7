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

}  // namespace dc::cli
