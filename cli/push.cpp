// `dc push [service...]`: declare the flags; core/push.cpp does the work.
#include "core/push.h"

#include <cstdlib>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/progress.h"
#include "cli/signals.h"

namespace dc::cli {

namespace {

struct PushFlags {
    std::vector<std::string> services;
    bool ignore_failures = false;
    bool quiet = false;
};

}  // namespace

void setup_push(CLI::App& app, const GlobalOptions& global) {
    auto f = std::make_shared<PushFlags>();
    CLI::App* cmd = app.add_subcommand("push", "Push service images");
    cmd->add_flag("--ignore-push-failures", f->ignore_failures,
                  "Push what it can and ignores images with push failures");
    cmd->add_flag("-q,--quiet", f->quiet, "Push without printing progress information");
    cmd->add_option("service", f->services, "Services to push");
    cmd->callback([f, &global] {
        PushRequest request;
        request.services = f->services;
        request.ignore_failures = f->ignore_failures;
        if (const char* limit = std::getenv("COMPOSE_PARALLEL_LIMIT")) {
            request.parallel = std::atoi(limit);
        }
        install_interrupt_handler();
        request.stop = first_interrupt();
        Project project = load_project(project_options(global));
        const ServiceGraph graph = ServiceGraph::from_project(project.model);
        std::unique_ptr<Engine> engine = connect_engine();
        std::unique_ptr<ProgressListener> progress =
            f->quiet ? std::make_unique<NullProgress>() : make_progress(global);
        push_services(project, graph, *engine, *progress, request);
    });
}

}  // namespace dc::cli
