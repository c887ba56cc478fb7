// `dc pull [service...]`: declare the flags; core/pull.cpp does the work.
#include "core/pull.h"

#include <iostream>

#include "cli/commands.h"
#include "cli/session.h"
#include "cli/signals.h"
#include "core/error.h"

namespace dc::cli {

namespace {

struct PullFlags {
    std::vector<std::string> services;
    std::string policy;
    bool ignore_failures = false;
    bool include_deps = false;
    bool quiet = false;
    bool ignore_buildable = false;
};

PullPolicyOverride parse_policy(const std::string& text) {
    if (text.empty()) return PullPolicyOverride::None;
    if (text == "missing" || text == "if_not_present") return PullPolicyOverride::Missing;
    if (text == "always") return PullPolicyOverride::Always;
    throw Error(ErrorKind::Usage, "invalid --policy \"" + text + "\": use missing or always");
}

}  // namespace

void setup_pull(CLI::App& app, const GlobalOptions& global) {
    auto f = std::make_shared<PullFlags>();
    CLI::App* cmd = app.add_subcommand("pull", "Pull service images");
    cmd->add_option("--policy", f->policy, "Apply pull policy (\"missing\"|\"always\")");
    cmd->add_flag("--ignore-pull-failures", f->ignore_failures,
                  "Pull what it can and ignores images with pull failures");
    cmd->add_flag("--include-deps", f->include_deps, "Also pull services declared as dependencies");
    cmd->add_flag("--ignore-buildable", f->ignore_buildable, "Ignore images that can be built");
    cmd->add_flag("-q,--quiet", f->quiet, "Pull without printing progress information");
    cmd->add_option("service", f->services, "Services to pull");
    cmd->callback([f, &global] {
        PullRequest request;
        request.services = f->services;
        request.policy = parse_policy(f->policy);
        request.ignore_failures = f->ignore_failures;
        request.include_deps = f->include_deps;
        request.ignore_buildable = f->ignore_buildable;
        request.parallel = parallel_limit(global);
        install_interrupt_handler();
        request.stop = first_interrupt();
        Session session = open_session(global, f->quiet ? Quiet::Yes : Quiet::No);
        pull_services(session.project, session.graph, *session.engine, *session.progress, request);
    });
}

}  // namespace dc::cli
