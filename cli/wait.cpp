// `dc wait`: declares the flags and exits with the last exit code; core/wait.cpp does the work.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/progress.h"
#include "cli/signals.h"
#include "cli/tty.h"
#include "core/down.h"
#include "core/tools.h"

namespace dc::cli {

void setup_wait(CLI::App& app, const GlobalOptions& global) {
    auto f = std::make_shared<WaitOptions>();
    CLI::App* cmd =
        app.add_subcommand("wait", "Block until containers of all (or specified) services stop.");
    cmd->add_flag("--down-project", f->down_project,
                  "Drops project when the first container stops");
    cmd->add_option("service", f->services, "Services to wait for")->required();
    cmd->callback([f, &global] {
        install_interrupt_handler();
        WaitOptions options = *f;
        options.stop = first_interrupt();
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        std::unique_ptr<ProgressListener> progress = make_progress(global);
        auto down = [&] { run_down(project, *engine, *progress, DownOptions{}); };
        int code = run_wait(project, *engine, options, std::cout, down);
        std::cout.flush();
        if (code != 0) exit_with(code);
    });
}

}  // namespace dc::cli
