// `dc ls`: declares the flags; core/ls.cpp does the work. Needs no project.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "core/tools.h"

namespace dc::cli {

void setup_ls(CLI::App& app, const GlobalOptions&) {
    struct Flags {
        LsOptions options;
        std::string format = "table";
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = app.add_subcommand("ls", "List running compose projects");
    cmd->add_flag("-a,--all", f->options.all, "Show all stopped Compose projects");
    cmd->add_flag("-q,--quiet", f->options.quiet, "Only display IDs");
    cmd->add_option("--format", f->format, "Format the output. Values: [table | json]")
        ->check(CLI::IsMember({"table", "json"}));
    cmd->add_option("--filter", f->options.filters, "Filter output based on conditions provided")
        ->allow_extra_args(false);
    cmd->callback([f] {
        LsOptions options = f->options;
        options.format = f->format == "json" ? ToolFormat::Json : ToolFormat::Table;
        std::unique_ptr<Engine> engine = connect_engine();
        run_ls(*engine, options, std::cout);
    });
}

}  // namespace dc::cli
