// `dc up` and `dc down`: declare the flags; core/up.cpp and core/down.cpp do the work.
#include "core/up.h"

#include <iostream>
#include <memory>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/flags.h"
#include "cli/progress.h"
#include "cli/signals.h"
#include "cli/terminal.h"
#include "cli/tty.h"
#include "core/attached_up.h"
#include "core/down.h"
#include "core/error.h"

namespace dc::cli {

namespace {

struct UpFlags {
    bool detach = false;
    bool wait = false;
    int wait_timeout = 0;
    bool no_recreate = false;
    bool force_recreate = false;
    bool no_deps = false;
    bool no_start = false;
    bool remove_orphans = false;
    std::vector<std::string> scale;
    int timeout = -1;
    std::vector<std::string> services;
    // Attached mode.
    bool abort_on_exit = false;
    bool abort_on_failure = false;
    std::string exit_code_from;
    bool no_color = false;
    bool no_prefix = false;
    bool timestamps = false;
    std::vector<std::string> attach;
    std::vector<std::string> no_attach;
    bool attach_dependencies = false;
    bool build = false;
    bool no_build = false;
    std::string pull = "policy";
    bool quiet_pull = false;
};

// Compose's checks of the attached-mode flags (cmd/compose/up.go validateFlags).
void check_attach_flags(const UpFlags& f) {
    bool cascade_stop = f.abort_on_exit || (!f.exit_code_from.empty() && !f.abort_on_failure);
    if (cascade_stop && f.abort_on_failure) {
        throw Error(ErrorKind::Usage,
                    "--abort-on-container-failure cannot be combined with "
                    "--abort-on-container-exit");
    }
    if (f.wait && (f.attach_dependencies || cascade_stop || !f.attach.empty())) {
        throw Error(ErrorKind::Usage,
                    "--wait cannot be combined with --abort-on-container-exit, --attach or "
                    "--attach-dependencies");
    }
    if ((f.detach || f.wait) &&
        (f.attach_dependencies || cascade_stop || f.abort_on_failure || !f.attach.empty())) {
        throw Error(ErrorKind::Usage,
                    "--detach cannot be combined with --abort-on-container-exit, "
                    "--abort-on-container-failure, --attach or --attach-dependencies");
    }
}

AttachedUpOptions attach_options(const UpFlags& f, const GlobalOptions& global) {
    AttachedUpOptions o;
    o.attach = f.attach;
    o.no_attach = f.no_attach;
    o.attach_dependencies = f.attach_dependencies;
    bool cascade_stop = f.abort_on_exit || (!f.exit_code_from.empty() && !f.abort_on_failure);
    o.cascade = cascade_stop ? Cascade::Stop : f.abort_on_failure ? Cascade::Fail : Cascade::Ignore;
    o.exit_code_from = f.exit_code_from;
    bool color = !f.no_color && use_ansi(parse_ansi_mode(global.ansi), STDOUT_FILENO);
    o.format.color = color ? LogColor::On : LogColor::Off;
    o.format.prefix = f.no_prefix ? LogPrefix::Off : LogPrefix::On;
    o.timestamps = f.timestamps;
    return o;
}

UpOptions up_options(const UpFlags& f, const GlobalOptions& global) {
    check_attach_flags(f);
    UpOptions o;
    o.services = f.services;
    o.detach = f.detach || f.wait;
    o.wait = f.wait;
    if (f.wait_timeout > 0) o.wait_timeout = std::chrono::seconds(f.wait_timeout);
    o.no_recreate = f.no_recreate;
    o.force_recreate = f.force_recreate;
    o.no_deps = f.no_deps;
    o.no_start = f.no_start;
    o.scale = parse_scale(f.scale);
    o.remove_orphans = f.remove_orphans;
    if (f.timeout >= 0) o.timeout = std::chrono::seconds(f.timeout);
    o.dry_run = global.dry_run;
    o.parallel = parallel_limit(global);
    if (f.build && f.no_build) {
        throw Error(ErrorKind::Usage, "--build and --no-build are incompatible");
    }
    o.build = f.build ? UpBuild::Always : f.no_build ? UpBuild::Never : UpBuild::Missing;
    o.pull = parse_pull(f.pull);
    o.quiet_pull = f.quiet_pull;
    return o;
}

}  // namespace

void setup_up(CLI::App& app, const GlobalOptions& global) {
    auto f = std::make_shared<UpFlags>();
    CLI::App* cmd = app.add_subcommand("up", "Create and start containers");
    cmd->add_flag("-d,--detach", f->detach, "Run containers in the background");
    cmd->add_flag("--wait", f->wait, "Wait for services to be running or healthy (implies -d)");
    cmd->add_option("--wait-timeout", f->wait_timeout, "Maximum duration to wait, in seconds");
    cmd->add_flag("--no-recreate", f->no_recreate, "Don't recreate existing containers");
    cmd->add_flag("--force-recreate", f->force_recreate, "Recreate containers even if unchanged");
    cmd->add_flag("--no-deps", f->no_deps, "Don't start linked services");
    cmd->add_flag("--no-start", f->no_start, "Don't start the services after creating them");
    cmd->add_flag("--remove-orphans", f->remove_orphans,
                  "Remove containers of services not in the project");
    cmd->add_option("--scale", f->scale, "Scale SERVICE to NUM instances (SERVICE=NUM)")
        ->allow_extra_args(false);
    cmd->add_option("-t,--timeout", f->timeout, "Shutdown timeout in seconds");
    cmd->add_flag("--abort-on-container-exit", f->abort_on_exit,
                  "Stop all containers if any container was stopped. Incompatible with -d");
    cmd->add_flag("--abort-on-container-failure", f->abort_on_failure,
                  "Stop all containers if any container exited with failure. Incompatible with -d");
    cmd->add_option("--exit-code-from", f->exit_code_from,
                    "Return the exit code of the selected service container. Implies "
                    "--abort-on-container-exit");
    cmd->add_flag("--no-color", f->no_color, "Produce monochrome output");
    cmd->add_flag("--no-log-prefix", f->no_prefix, "Don't print prefix in logs");
    cmd->add_flag("--timestamps", f->timestamps, "Show timestamps");
    cmd->add_option("--attach", f->attach, "Restrict attaching to the specified services")
        ->allow_extra_args(false);
    cmd->add_option("--no-attach", f->no_attach,
                    "Do not attach (stream logs) to the specified services")
        ->allow_extra_args(false);
    cmd->add_flag("--attach-dependencies", f->attach_dependencies,
                  "Automatically attach to log output of dependent services");
    cmd->add_flag("--build", f->build, "Build images before starting containers");
    cmd->add_flag("--no-build", f->no_build, "Don't build an image, even if it's policy");
    cmd->add_option("--pull", f->pull,
                    "Pull image before running (\"always\"|\"missing\"|\"never\"|\"build\")");
    cmd->add_flag("--quiet-pull", f->quiet_pull, "Pull without printing progress information");
    cmd->add_option("service", f->services, "Services to start (with their dependencies)");
    cmd->callback([f, &global] {
        UpOptions options = up_options(*f, global);
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        if (is_local_engine(*engine)) options.port_probe = PortProbe::Bind;
        std::unique_ptr<ProgressListener> progress = make_progress(global);
        int code = 0;
        if (options.detach || options.no_start || options.dry_run) {
            Plan plan = run_up(project, *engine, *progress, options);
            if (options.dry_run) std::cout << plan.str();
        } else {
            install_interrupt_handler();
            AttachedUpOptions attach = attach_options(*f, global);
            attach.interrupt = first_interrupt();
            attach.force = second_interrupt();
            code =
                run_attached_up(project, *engine, *progress, options, attach, std::cout, std::cerr);
        }
        engine.reset();
        progress.reset();
        if (code != 0) exit_with(code);
    });
}

void setup_down(CLI::App& app, const GlobalOptions& global) {
    struct DownFlags {
        bool volumes = false;
        bool remove_orphans = false;
        std::string rmi;
        int timeout = -1;
        std::vector<std::string> services;
    };
    auto f = std::make_shared<DownFlags>();
    CLI::App* cmd = app.add_subcommand("down", "Stop and remove containers and networks");
    cmd->add_flag("-v,--volumes", f->volumes,
                  "Remove named volumes declared in the project, and anonymous ones");
    cmd->add_flag("--remove-orphans", f->remove_orphans,
                  "Remove containers of services not in the project");
    cmd->add_option("--rmi", f->rmi, "Remove images used by services: local or all");
    cmd->add_option("-t,--timeout", f->timeout, "Shutdown timeout in seconds");
    cmd->add_option("service", f->services, "Services to stop and remove");
    cmd->callback([f, &global] {
        DownOptions options;
        options.services = f->services;
        options.volumes = f->volumes;
        options.remove_orphans = f->remove_orphans;
        options.rmi = parse_remove_images(f->rmi);
        if (f->timeout >= 0) options.timeout = std::chrono::seconds(f->timeout);
        options.dry_run = global.dry_run;
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        std::unique_ptr<ProgressListener> progress = make_progress(global);
        Plan plan = run_down(project, *engine, *progress, options);
        if (options.dry_run) std::cout << plan.str();
    });
}

}  // namespace dc::cli
