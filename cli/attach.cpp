// `dc attach`: declares the flags, sets up the terminal (raw mode and resizes for a TTY) and
// exits with the container's exit code; core/attach.cpp does the work.
#include <memory>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/signals.h"
#include "cli/terminal.h"
#include "cli/tty.h"
#include "core/tools.h"

namespace dc::cli {

void setup_attach(CLI::App& app, const GlobalOptions& global) {
    struct Flags {
        std::string service;
        int index = 0;
        bool no_stdin = false;
        bool sig_proxy = true;
        std::string detach_keys;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = app.add_subcommand(
        "attach",
        "Attach local standard input, output, and error streams to a service's running "
        "container");
    cmd->add_option("--detach-keys", f->detach_keys,
                    "Override the key sequence for detaching from a container (ignored)");
    cmd->add_option("--index", f->index, "index of the container if service has multiple replicas");
    cmd->add_flag("--no-stdin", f->no_stdin, "Do not attach STDIN");
    cmd->add_flag("--sig-proxy,!--no-sig-proxy", f->sig_proxy,
                  "Proxy all received signals to the process (ignored)");
    cmd->add_option("service", f->service, "The service")->required();
    cmd->callback([f, &global] {
        install_interrupt_handler();
        AttachToolOptions options;
        options.service = f->service;
        if (f->index > 0) options.index = f->index;
        options.no_stdin = f->no_stdin;
        options.input = ExecInput{.fd = STDIN_FILENO};
        options.output = standard_output();
        options.stop = first_interrupt();
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        RawTerminal raw(STDIN_FILENO);
        ResizeWatcher watcher(STDOUT_FILENO);
        options.on_attached = [&](bool tty, const std::function<void(int, int)>& resize) {
            if (!tty || !is_terminal(STDIN_FILENO)) return;
            if (!f->no_stdin) raw.enter();
            watcher.follow(resize);
        };
        int code = run_attach(project, *engine, options);
        raw.restore();
        if (code != 0) exit_with(code);
    });
}

}  // namespace dc::cli
