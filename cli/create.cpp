// `dc create`: `up --no-start` under its own name, as Compose has it.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/flags.h"
#include "cli/progress.h"
#include "cli/signals.h"
#include "core/error.h"
#include "core/up.h"

namespace dc::cli {

void setup_create(CLI::App& app, const GlobalOptions& global) {
    struct CreateFlags {
        bool force_recreate = false;
        bool no_recreate = false;
        bool remove_orphans = false;
        std::vector<std::string> scale;
        std::vector<std::string> services;
        bool build = false;
        bool no_build = false;
        std::string pull = "policy";
        bool quiet_pull = false;
    };
    auto f = std::make_shared<CreateFlags>();
    CLI::App* cmd = app.add_subcommand("create", "Create containers for a service");
    cmd->add_flag("--force-recreate", f->force_recreate, "Recreate containers even if unchanged");
    cmd->add_flag("--no-recreate", f->no_recreate, "Don't recreate existing containers");
    cmd->add_flag("--remove-orphans", f->remove_orphans,
                  "Remove containers of services not in the project");
    cmd->add_option("--scale", f->scale, "Scale SERVICE to NUM instances (SERVICE=NUM)")
        ->allow_extra_args(false);
    cmd->add_flag("--build", f->build, "Build images before starting containers");
    cmd->add_flag("--no-build", f->no_build, "Don't build an image, even if it's policy");
    cmd->add_option("--pull", f->pull,
                    "Pull image before running (\"always\"|\"missing\"|\"never\"|\"build\")");
    cmd->add_flag("--quiet-pull", f->quiet_pull, "Pull without printing progress information");
    cmd->add_option("service", f->services, "Services to create (with their dependencies)");
    cmd->callback([f, &global] {
        install_interrupt_handler();
        UpOptions options;
        options.services = f->services;
        options.detach = true;
        options.no_start = true;
        options.force_recreate = f->force_recreate;
        options.no_recreate = f->no_recreate;
        options.remove_orphans = f->remove_orphans;
        options.scale = parse_scale(f->scale);
        if (f->build && f->no_build) {
            throw Error(ErrorKind::Usage, "--build and --no-build are incompatible");
        }
        options.build = f->build      ? UpBuild::Always
                        : f->no_build ? UpBuild::Never
                                      : UpBuild::Missing;
        options.pull = parse_pull(f->pull);
        options.quiet_pull = f->quiet_pull;
        options.dry_run = global.dry_run;
        options.parallel = parallel_limit(global);
        options.stop = first_interrupt();
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        std::unique_ptr<ProgressListener> progress = make_progress(global);
        Plan plan = run_up(project, *engine, *progress, options);
        if (options.dry_run) std::cout << plan.str();
    });
}

}  // namespace dc::cli
