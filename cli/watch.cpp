// `dc watch [SERVICE...]`: declare the flags; core/watch_run.cpp does the work. Ctrl-C stops
// watching, and dc exits 130 with "canceled" as Compose does.
#include "core/watch.h"

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/flags.h"
#include "cli/progress.h"
#include "cli/signals.h"

namespace dc::cli {

void setup_watch(CLI::App& app, const GlobalOptions& global) {
    auto f = std::make_shared<DevWatchOptions>();
    CLI::App* cmd = app.add_subcommand(
        "watch",
        "Watch build context for service and rebuild/refresh containers when files are updated");
    cmd->add_flag("--no-up", f->no_up, "Do not build & start services before watching");
    cmd->add_flag("--prune", f->prune, "Prune dangling images on rebuild");
    cmd->add_flag("--quiet", f->quiet, "hide build output");
    cmd->add_option("service", f->services, "Services to watch");
    cmd->callback([f, &global] {
        DevWatchOptions options = *f;
        options.parallel = parallel_limit(global);
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        if (is_local_engine(*engine)) options.port_probe = PortProbe::Bind;
        std::unique_ptr<ProgressListener> progress = make_progress(global);
        install_interrupt_handler();
        options.stop = first_interrupt();
        run_watch(project, *engine, *progress, options, std::cout, std::cerr);
    });
}

}  // namespace dc::cli
