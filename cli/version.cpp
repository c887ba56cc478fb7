// `dc version`: declares the flags; core/version_tool.cpp prints.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/tools.h"

namespace dc::cli {

void setup_version(CLI::App& app, const GlobalOptions&) {
    struct Flags {
        std::string format = "pretty";
        bool short_form = false;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = app.add_subcommand("version", "Show the dc version information");
    cmd->add_option("-f,--format", f->format, "Format the output. Values: [pretty | json]")
        ->check(CLI::IsMember({"pretty", "json"}));
    cmd->add_flag("--short", f->short_form, "Shows only dc's version number");
    cmd->callback([f] {
        print_version(f->format == "json" ? ToolFormat::Json : ToolFormat::Table, f->short_form,
                      std::cout);
    });
}

}  // namespace dc::cli
