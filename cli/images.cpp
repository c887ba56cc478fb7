// `dc images`: declares the flags; core/images.cpp does the work.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "core/tools.h"

namespace dc::cli {

void setup_images(CLI::App& app, const GlobalOptions& global) {
    struct Flags {
        std::string format = "table";
        bool quiet = false;
        std::vector<std::string> services;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = app.add_subcommand("images", "List images used by the created containers");
    cmd->add_option("--format", f->format, "Format the output. Values: [table | json]")
        ->check(CLI::IsMember({"table", "json"}));
    cmd->add_flag("-q,--quiet", f->quiet, "Only display IDs");
    cmd->add_option("service", f->services, "Services (default: all)");
    cmd->callback([f, &global] {
        ImagesOptions options;
        options.services = f->services;
        options.format = f->format == "json" ? ToolFormat::Json : ToolFormat::Table;
        options.quiet = f->quiet;
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        run_images(project, *engine, options, std::cout);
    });
}

}  // namespace dc::cli
