// `dc stats`: declares the flags and stops at an interrupt; core/stats.cpp does the work.
#include <iostream>
#include <memory>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/signals.h"
#include "cli/terminal.h"
#include "core/error.h"
#include "core/tools.h"

namespace dc::cli {

void setup_stats(CLI::App& app, const GlobalOptions& global) {
    struct Flags {
        StatsOptions options;
        std::string format = "table";
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = app.add_subcommand("stats",
                                       "Display a live stream of container(s) resource "
                                       "usage statistics");
    cmd->add_flag("-a,--all", f->options.all, "Show all containers (default shows just running)");
    cmd->add_flag("--no-stream", f->options.no_stream,
                  "Disable streaming stats and only pull the first result");
    cmd->add_flag("--no-trunc", f->options.no_trunc, "Do not truncate output");
    cmd->add_option("--format", f->format, "Format the output: table or json");
    cmd->add_option("service", f->options.service, "The service (default: all)");
    cmd->callback([f, &global] {
        StatsOptions options = f->options;
        if (f->format == "json") {
            options.format = ToolFormat::Json;
        } else if (f->format != "table") {
            throw Error(ErrorKind::Usage, "stats: --format takes table or json (no templates)");
        }
        install_interrupt_handler();
        options.stop = first_interrupt();
        options.clear_screen = is_terminal(STDOUT_FILENO);
        Project project = load_project(project_options(global));
        if (!options.service.empty()) check_services(project, {options.service});
        std::unique_ptr<Engine> engine = connect_engine();
        run_stats(project.name, *engine, options, std::cout);
    });
}

}  // namespace dc::cli
