// `dc cp`: declares the flags; core/cp.cpp does the work.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "core/tools.h"

namespace dc::cli {

void setup_cp(CLI::App& app, const GlobalOptions& global) {
    struct Flags {
        CpOptions options;
        int index = 0;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = app.add_subcommand(
        "cp", "Copy files/folders between a service container and the local filesystem");
    cmd->add_flag("-a,--archive", f->options.archive,
                  "Archive mode (copy all uid/gid information)");
    cmd->add_flag("-L,--follow-link", f->options.follow_link,
                  "Always follow symbol link in SRC_PATH");
    cmd->add_option("--index", f->index, "Index of the container if service has multiple replicas");
    cmd->add_option("source", f->options.source, "SERVICE:SRC_PATH or SRC_PATH")->required();
    cmd->add_option("destination", f->options.destination, "DEST_PATH or SERVICE:DEST_PATH")
        ->required();
    cmd->callback([f, &global] {
        CpOptions options = f->options;
        if (f->index > 0) options.index = f->index;
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        run_cp(project, *engine, options, std::cout, std::cerr);
    });
}

}  // namespace dc::cli
