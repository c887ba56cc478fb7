// `dc top`: declares the command; core/top.cpp does the work.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "core/tools.h"

namespace dc::cli {

void setup_top(CLI::App& app, const GlobalOptions& global) {
    auto services = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand("top", "Display the running processes");
    cmd->add_option("service", *services, "Services (default: all)");
    cmd->callback([services, &global] {
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        run_top(project, *engine, *services, std::cout);
    });
}

}  // namespace dc::cli
