// `dc ps`: declares the flags; core/ps.cpp does the work.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "core/error.h"
#include "core/ps.h"

namespace dc::cli {

namespace {

struct PsFlags {
    bool all = false;
    bool quiet = false;
    bool services = false;
    std::string format = "table";
    std::vector<std::string> status;
    std::vector<std::string> filters;
    std::vector<std::string> service_names;
};

// The project's name: from its files, or from -p alone when there are none
// (as Compose allows, since the containers carry the name in a label).
std::string project_name_for(const GlobalOptions& global) {
    try {
        return load_project(project_options(global)).name;
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::FileNotFound && !global.project_name.empty()) {
            return global.project_name;
        }
        throw;
    }
}

}  // namespace

void setup_ps(CLI::App& app, const GlobalOptions& global) {
    auto flags = std::make_shared<PsFlags>();
    CLI::App* cmd = app.add_subcommand("ps", "List containers");
    cmd->add_flag("-a,--all", flags->all, "Show all stopped containers too");
    cmd->add_flag("-q,--quiet", flags->quiet, "Only display IDs");
    cmd->add_flag("--services", flags->services, "Display services");
    cmd->add_option("--format", flags->format, "Format the output: table or json")
        ->check(CLI::IsMember({"table", "json"}));
    cmd->add_option("--status", flags->status, "Filter services by status")
        ->check(CLI::IsMember({"paused", "restarting", "removing", "running", "dead", "created",
                               "exited"}))
        ->allow_extra_args(false);
    cmd->add_option("--filter", flags->filters, "Filter services by a property (status=...)")
        ->allow_extra_args(false);
    cmd->add_option("service", flags->service_names, "Services to list");
    cmd->callback([flags, &global] {
        PsOptions options;
        options.all = flags->all;
        options.view = flags->quiet      ? PsView::Ids
                       : flags->services ? PsView::Services
                                         : PsView::Containers;
        options.format = flags->format == "json" ? PsFormat::Json : PsFormat::Table;
        options.status = flags->status;
        options.filters = flags->filters;
        options.services = flags->service_names;
        std::string name = project_name_for(global);
        std::unique_ptr<Engine> engine = connect_engine();
        run_ps(name, *engine, options, std::cout);
    });
}

}  // namespace dc::cli
