// `dc exec`: declare the flags, set up the terminal (TTY, raw mode, resizes) and stdin, and exit
// with the command's exit code; core/exec.cpp does the work.
#include "core/exec.h"

#include <memory>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/signals.h"
#include "cli/terminal.h"
#include "cli/tty.h"
#include "core/error.h"

namespace dc::cli {

namespace {

struct ExecFlags {
    std::string service;
    bool detach = false;
    bool no_tty = false;
    bool interactive = true;
    std::vector<std::string> env;
    std::string user;
    std::string workdir;
    int index = 0;
    bool privileged = false;
};

int run(const ExecFlags& f, const std::vector<std::string>& command, const GlobalOptions& global) {
    install_interrupt_handler();
    ExecOptions options;
    options.service = f.service;
    options.command = command;
    if (f.index > 0) options.index = f.index;
    options.detach = f.detach;
    // As Compose: a TTY unless -T, but only when there is a terminal to drive it.
    options.tty = !f.no_tty && !f.detach && is_terminal(STDIN_FILENO);
    options.interactive = f.interactive;
    options.environment = f.env;
    options.user = f.user;
    options.working_dir = f.workdir;
    options.privileged = f.privileged;
    options.input = ExecInput{.fd = STDIN_FILENO};
    options.output = standard_output();
    options.stop = first_interrupt();
    Project project = load_project(project_options(global));
    std::unique_ptr<Engine> engine = connect_engine();
    RawTerminal raw(STDIN_FILENO);
    ResizeWatcher watcher(STDOUT_FILENO);
    options.on_tty = [&](const TtyResize& resize) {
        raw.enter();
        watcher.follow(resize);
    };
    return run_exec(project, *engine, options);
}

}  // namespace

void setup_exec(CLI::App& app, const GlobalOptions& global) {
    auto f = std::make_shared<ExecFlags>();
    CLI::App* cmd = app.add_subcommand("exec", "Execute a command in a running container");
    cmd->add_flag("-d,--detach", f->detach, "Detached mode: Run command in the background");
    cmd->add_flag("-T,--no-TTY", f->no_tty, "Disable pseudo-TTY allocation");
    cmd->add_flag("-i,--interactive", f->interactive, "Keep STDIN open even if not attached");
    cmd->add_option("-e,--env", f->env, "Set environment variables")->allow_extra_args(false);
    cmd->add_option("-u,--user", f->user, "Run the command as this user");
    cmd->add_option("-w,--workdir", f->workdir, "Path to workdir directory for this command");
    cmd->add_option("--index", f->index, "Index of the container if service has multiple replicas");
    cmd->add_flag("--privileged", f->privileged, "Give extended privileges to the process");
    cmd->add_option("service", f->service, "The service to run the command in")->required();
    // Everything after SERVICE is the command's, its flags included (`dc exec db psql -U x`).
    cmd->prefix_command();
    cmd->callback([f, cmd, &global] {
        std::vector<std::string> command = cmd->remaining();
        if (command.empty()) throw Error(ErrorKind::Usage, "exec: requires at least 2 arguments");
        int code = run(*f, command, global);
        if (code != 0) exit_with(code);
    });
}

}  // namespace dc::cli
