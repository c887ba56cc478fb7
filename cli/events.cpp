// `dc events`: declares the flags and stops at an interrupt; core/events.cpp does the work.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/signals.h"
#include "core/tools.h"

namespace dc::cli {

void setup_events(CLI::App& app, const GlobalOptions& global) {
    auto f = std::make_shared<EventsOptions>();
    CLI::App* cmd = app.add_subcommand("events", "Receive real time events from containers");
    cmd->add_flag("--json", f->json, "Output events as a stream of json objects");
    cmd->add_option("service", f->services, "Services (default: all)");
    cmd->callback([f, &global] {
        install_interrupt_handler();
        EventsOptions options = *f;
        options.stop = first_interrupt();
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        run_events(project, *engine, options, std::cout);
    });
}

}  // namespace dc::cli
