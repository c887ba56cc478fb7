// `dc scale`: declares the flags; core/scale.cpp turns them into `up`'s options.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/progress.h"
#include "core/tools.h"

namespace dc::cli {

void setup_scale(CLI::App& app, const GlobalOptions& global) {
    struct Flags {
        std::vector<std::string> items;
        bool no_deps = false;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = app.add_subcommand("scale", "Scale services");
    cmd->add_flag("--no-deps", f->no_deps, "Don't start linked services");
    cmd->add_option("replicas", f->items, "SERVICE=REPLICAS ...")->required();
    cmd->callback([f, &global] {
        Project project = load_project(project_options(global));
        UpOptions options = scale_options(project, f->items, f->no_deps);
        options.dry_run = global.dry_run;
        std::unique_ptr<Engine> engine = connect_engine();
        if (is_local_engine(*engine)) options.port_probe = PortProbe::Bind;
        std::unique_ptr<ProgressListener> progress = make_progress(global);
        Plan plan = run_up(project, *engine, *progress, options);
        if (options.dry_run) std::cout << plan.str();
    });
}

}  // namespace dc::cli
