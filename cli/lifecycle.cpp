// `dc start`, `stop`, `restart`, `kill`, `pause`, `unpause`, `rm`: declare the
// flags; core/lifecycle.cpp does the work.
#include "core/lifecycle.h"

#include <iostream>
#include <memory>
#include <tuple>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/progress.h"
#include "core/error.h"

namespace dc::cli {

namespace {

struct LifecycleFlags {
    std::vector<std::string> services;
    int timeout = -1;
    std::string signal = "SIGKILL";
    bool stop_first = false;
    bool volumes = false;
    bool force = false;
    bool wait = false;
    int wait_timeout = 0;
};

// rm removes without asking only with -f; it asks on a terminal and refuses elsewhere.
void confirm_remove(const LifecycleFlags& flags) {
    if (flags.force) return;
    if (!isatty(STDIN_FILENO)) {
        throw Error(ErrorKind::Usage,
                    "rm: not removing anything without -f when stdin is not a terminal");
    }
    std::cerr << "Going to remove the project's stopped containers. Are you sure? [yN] ";
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "y" && answer != "Y") throw Error(ErrorKind::Cancelled, "rm: cancelled");
}

void run(LifecycleCommand command, const LifecycleFlags& f, const GlobalOptions& global) {
    if (command == LifecycleCommand::Remove) confirm_remove(f);
    LifecycleOptions options;
    options.services = f.services;
    if (f.timeout >= 0) options.timeout = std::chrono::seconds(f.timeout);
    options.signal = f.signal;
    options.stop_first = f.stop_first;
    options.volumes = f.volumes;
    options.wait = f.wait;
    if (f.wait_timeout > 0) options.wait_timeout = std::chrono::seconds(f.wait_timeout);
    options.dry_run = global.dry_run;
    Project project = load_project(project_options(global));
    std::unique_ptr<Engine> engine = connect_engine();
    std::unique_ptr<ProgressListener> progress = make_progress(global);
    Plan plan = run_lifecycle(command, project, *engine, *progress, options);
    if (options.dry_run) std::cout << plan.str();
}

CLI::App* add_command(CLI::App& app, const GlobalOptions& global, LifecycleCommand command,
                      const char* name, const char* help,
                      const std::shared_ptr<LifecycleFlags>& flags) {
    CLI::App* cmd = app.add_subcommand(name, help);
    cmd->add_option("service", flags->services, "Services (default: all)");
    cmd->callback([command, flags, &global] { run(command, *flags, global); });
    return cmd;
}

}  // namespace

void setup_lifecycle(CLI::App& app, const GlobalOptions& global) {
    auto start = std::make_shared<LifecycleFlags>();
    CLI::App* cmd =
        add_command(app, global, LifecycleCommand::Start, "start", "Start services", start);
    cmd->add_flag("--wait", start->wait, "Wait for services to be running or healthy");
    cmd->add_option("--wait-timeout", start->wait_timeout, "Maximum duration to wait, in seconds");

    for (auto [command, name, help] :
         {std::tuple{LifecycleCommand::Stop, "stop", "Stop services"},
          std::tuple{LifecycleCommand::Restart, "restart", "Restart service containers"}}) {
        auto flags = std::make_shared<LifecycleFlags>();
        add_command(app, global, command, name, help, flags)
            ->add_option("-t,--timeout", flags->timeout, "Shutdown timeout in seconds");
    }

    auto kill = std::make_shared<LifecycleFlags>();
    add_command(app, global, LifecycleCommand::Kill, "kill", "Force stop service containers", kill)
        ->add_option("-s,--signal", kill->signal, "Signal to send to the container");

    add_command(app, global, LifecycleCommand::Pause, "pause", "Pause services",
                std::make_shared<LifecycleFlags>());
    add_command(app, global, LifecycleCommand::Unpause, "unpause", "Unpause services",
                std::make_shared<LifecycleFlags>());

    auto rm = std::make_shared<LifecycleFlags>();
    cmd = add_command(app, global, LifecycleCommand::Remove, "rm",
                      "Remove stopped service containers", rm);
    cmd->add_flag("-f,--force", rm->force, "Don't ask to confirm removal");
    cmd->add_flag("-s,--stop", rm->stop_first, "Stop the containers, if required, before removing");
    cmd->add_flag("-v,--volumes", rm->volumes, "Remove anonymous volumes attached to containers");
}

}  // namespace dc::cli
