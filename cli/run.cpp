// `dc run`: declare the flags, set up the terminal and stdin, print a detached container's id
// or exit with the attached container's exit code; core/run.cpp does the work.
#include "core/run.h"

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
#include "core/error.h"
#include "core/normalize_text.h"

namespace dc::cli {

namespace {

struct RunFlags {
    std::string service;
    bool detach = false;
    bool remove = false;
    bool no_tty = false;
    bool interactive = true;
    bool no_deps = false;
    bool service_ports = false;
    bool use_aliases = false;
    std::string name;
    std::string entrypoint;
    std::string user;
    std::string workdir;
    std::vector<std::string> env;
    std::vector<std::string> labels;
    std::vector<std::string> volumes;
    std::vector<std::string> publish;
    std::vector<std::string> cap_add;
    std::vector<std::string> cap_drop;
    bool build = false;
    std::string pull = "policy";
    bool quiet_pull = false;
};

Labels parse_labels(const std::vector<std::string>& items) {
    Labels out;
    for (const std::string& item : items) {
        std::size_t eq = item.find('=');
        out[item.substr(0, eq)] = eq == std::string::npos ? "" : item.substr(eq + 1);
    }
    return out;
}

OneOffOptions oneoff_options(const RunFlags& f, const std::vector<std::string>& command) {
    if (f.service_ports && !f.publish.empty()) {
        throw Error(ErrorKind::Usage, "run: --service-ports and --publish are incompatible");
    }
    OneOffOptions o;
    o.service = f.service;
    o.detach = f.detach;
    o.remove = f.remove;
    o.no_deps = f.no_deps;
    o.volumes = f.volumes;
    if (f.build) o.build = UpBuild::Always;
    o.pull = parse_pull(f.pull);
    o.quiet_pull = f.quiet_pull;
    RunOptions& run = o.run;
    run.name = f.name;
    if (!command.empty()) run.command = command;
    if (!f.entrypoint.empty()) {
        run.entrypoint = split_command_line(f.entrypoint);
        if (!run.entrypoint) {
            throw Error(ErrorKind::Usage, "run: invalid --entrypoint " + f.entrypoint);
        }
    }
    run.environment = f.env;
    run.labels = parse_labels(f.labels);
    run.user = f.user;
    run.working_dir = f.workdir;
    run.cap_add = f.cap_add;
    run.cap_drop = f.cap_drop;
    // As Compose: a TTY unless -T, but only when there is a terminal to drive it.
    run.tty = !f.no_tty && !f.detach && is_terminal(STDIN_FILENO);
    run.interactive = f.interactive;
    run.use_aliases = f.use_aliases;
    run.service_ports = f.service_ports;
    run.publish = f.publish;
    return o;
}

// Returns the exit code dc ends with.
int run(const RunFlags& f, const std::vector<std::string>& command, const GlobalOptions& global) {
    install_interrupt_handler();
    OneOffOptions options = oneoff_options(f, command);
    options.input = ExecInput{.fd = STDIN_FILENO};
    options.output = standard_output();
    options.forward = first_interrupt();
    options.stop = second_interrupt();
    Project project = load_project(project_options(global));
    std::unique_ptr<Engine> engine = connect_engine();
    std::unique_ptr<ProgressListener> progress = make_progress(global);
    RawTerminal raw(STDIN_FILENO);
    ResizeWatcher watcher(STDOUT_FILENO);
    options.on_tty = [&](const TtyResize& resize) {
        raw.enter();
        watcher.follow(resize);
    };
    OneOffResult result = run_oneoff(project, *engine, *progress, options);
    // Compose prints the id of a detached one-off, for scripts to use.
    if (options.detach) std::cout << result.id << std::endl;
    return result.exit_code;
}

}  // namespace

void setup_run(CLI::App& app, const GlobalOptions& global) {
    auto f = std::make_shared<RunFlags>();
    CLI::App* cmd = app.add_subcommand("run", "Run a one-off command on a service");
    cmd->add_flag("-d,--detach", f->detach, "Run container in background and print container ID");
    cmd->add_flag("--rm", f->remove, "Automatically remove the container when it exits");
    cmd->add_flag("-T,--no-TTY", f->no_tty, "Disable pseudo-TTY allocation");
    cmd->add_flag("-i,--interactive", f->interactive, "Keep STDIN open even if not attached");
    cmd->add_flag("--no-deps", f->no_deps, "Don't start linked services");
    cmd->add_flag("-P,--service-ports", f->service_ports,
                  "Run command with all service's ports enabled and mapped to the host");
    cmd->add_flag("--use-aliases", f->use_aliases,
                  "Use the service's network aliases in the network(s) the container connects to");
    cmd->add_option("--name", f->name, "Assign a name to the container");
    cmd->add_option("--entrypoint", f->entrypoint, "Override the entrypoint of the image");
    cmd->add_option("-u,--user", f->user, "Run as specified username or uid");
    cmd->add_option("-w,--workdir", f->workdir, "Working directory inside the container");
    cmd->add_option("-e,--env", f->env, "Set environment variables")->allow_extra_args(false);
    cmd->add_option("-l,--label", f->labels, "Add or override a label")->allow_extra_args(false);
    cmd->add_option("-v,--volume", f->volumes, "Bind mount a volume")->allow_extra_args(false);
    cmd->add_option("-p,--publish", f->publish, "Publish a container's port(s) to the host")
        ->allow_extra_args(false);
    cmd->add_option("--cap-add", f->cap_add, "Add Linux capabilities")->allow_extra_args(false);
    cmd->add_option("--cap-drop", f->cap_drop, "Drop Linux capabilities")->allow_extra_args(false);
    cmd->add_flag("--build", f->build, "Build image before starting container");
    cmd->add_option("--pull", f->pull,
                    "Pull image before running (\"always\"|\"missing\"|\"never\"|\"build\")");
    cmd->add_flag("--quiet-pull", f->quiet_pull, "Pull without printing progress information");
    cmd->add_option("service", f->service, "The service to run")->required();
    // Everything after SERVICE is the command's, its flags included (`dc run db psql -U x`).
    cmd->prefix_command();
    cmd->callback([f, cmd, &global] {
        int code = run(*f, cmd->remaining(), global);
        if (code != 0) exit_with(code);
    });
}

}  // namespace dc::cli
