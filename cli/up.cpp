// `dc up` and `dc down`: declare the flags; core/up.cpp and core/down.cpp do the work.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/progress.h"
#include "core/down.h"
#include "core/error.h"
#include "core/up.h"

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
};

std::map<std::string, int> parse_scale(const std::vector<std::string>& items) {
    std::map<std::string, int> out;
    for (const std::string& item : items) {
        std::size_t eq = item.find('=');
        int n = -1;
        if (eq != std::string::npos && eq > 0) {
            try {
                n = std::stoi(item.substr(eq + 1));
            } catch (const std::exception&) {
                n = -1;
            }
        }
        if (n < 0) throw Error(ErrorKind::Usage, "invalid --scale \"" + item + "\": use SERVICE=NUMBER");
        out[item.substr(0, eq)] = n;
    }
    return out;
}

UpOptions up_options(const UpFlags& f, const GlobalOptions& global) {
    if (!f.detach && !f.wait) {
        throw Error(ErrorKind::Usage,
                    "attached `dc up` (following the containers' logs) is not available yet: "
                    "use `dc up -d` or `dc up --wait`");
    }
    UpOptions o;
    o.services = f.services;
    o.detach = true;
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
    cmd->add_flag("--remove-orphans", f->remove_orphans, "Remove containers of services not in the project");
    cmd->add_option("--scale", f->scale, "Scale SERVICE to NUM instances (SERVICE=NUM)")
        ->allow_extra_args(false);
    cmd->add_option("-t,--timeout", f->timeout, "Shutdown timeout in seconds");
    cmd->add_option("service", f->services, "Services to start (with their dependencies)");
    cmd->callback([f, &global] {
        UpOptions options = up_options(*f, global);
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        std::unique_ptr<ProgressListener> progress = make_progress(parse_progress_mode(global.progress));
        Plan plan = run_up(project, *engine, *progress, options);
        if (options.dry_run) std::cout << plan.str();
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
    cmd->add_flag("-v,--volumes", f->volumes, "Remove named volumes declared in the project, and anonymous ones");
    cmd->add_flag("--remove-orphans", f->remove_orphans, "Remove containers of services not in the project");
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
        std::unique_ptr<ProgressListener> progress = make_progress(parse_progress_mode(global.progress));
        Plan plan = run_down(project, *engine, *progress, options);
        if (options.dry_run) std::cout << plan.str();
    });
}

}  // namespace dc::cli
