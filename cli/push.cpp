// `dc push [service...]`: declare the flags; core/push.cpp does the work.
#include "core/push.h"

#include "cli/commands.h"
#include "cli/session.h"
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
        request.parallel = parallel_limit(global);
        install_interrupt_handler();
        request.stop = first_interrupt();
        Session session = open_session(global, f->quiet ? Quiet::Yes : Quiet::No);
        push_services(session.project, session.graph, *session.engine, *session.progress, request);
    });
}

}  // namespace dc::cli
