// `dc up`: converge the engine on the project. Observe what exists, plan the difference (networks,
// volumes, containers to create, recreate, scale or remove, containers to start and conditions to
// wait for), then run the plan. `--dry-run` stops after planning.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/graph.h"
#include "core/loader.h"
#include "core/observed_state.h"
#include "core/plan.h"
#include "core/progress.h"

namespace dc {

// Whether `up` tries to bind each host port it will publish before creating anything. Only
// meaningful when the engine runs on this host (a unix socket); cli/ decides.
enum class PortProbe { Skip, Bind };

// Which existing containers `up` replaces.
enum class RecreatePolicy {
    Diverged,  // Those whose configuration hash or image differs (the default).
    Force,     // All (--force-recreate).
    Never,     // None (--no-recreate).
};

// Which images of services with a build section `up` builds (core/build.h).
enum class UpBuild {
    Missing,  // Those the engine lacks, and pull_policy "build" ones (the default).
    Always,   // All (--build).
    Never,    // None (--no-build).
};

struct UpOptions {
    std::vector<std::string> services{};  // Empty: every service.
    bool detach = false;  // -d. Core never attaches; cli/ follows logs when this is false.
    bool wait = false;    // --wait: wait until every service is running or healthy.
    std::optional<std::chrono::seconds> wait_timeout{};  // --wait-timeout.
    bool no_recreate = false;
    bool force_recreate = false;
    bool always_recreate_deps = false;   // Force-recreate the services the named ones need.
    bool renew_anon_volumes = false;     // -V: recreated containers get new anonymous volumes.
    bool no_deps = false;                // Leave the named services' dependencies alone.
    bool no_start = false;               // Create, but start nothing.
    std::map<std::string, int> scale{};  // --scale svc=N.
    bool remove_orphans = false;
    bool ignore_orphans = false;                    // COMPOSE_IGNORE_ORPHANS: no warning either.
    std::optional<std::chrono::seconds> timeout{};  // -t: stop timeout when replacing.
    int parallel = 0;      // --parallel / COMPOSE_PARALLEL_LIMIT; 0 or less: no limit.
    bool dry_run = false;  // Plan only.
    PortProbe port_probe = PortProbe::Skip;  // See core/up_checks.h.
    std::stop_token stop{};                  // Cancellation (SIGINT).
    UpBuild build = UpBuild::Missing;        // --build, --no-build.
    // --pull: "always", "missing", "never" or "build" in place of every service's pull_policy;
    // empty leaves each service's own.
    std::string pull{};
    bool quiet_pull = false;  // --quiet-pull: no progress for the pulls.
};

// Plans `up` from an observed state, without engine calls. Throws dc::Error: Usage for
// contradictory options, NotFound for an unknown service (named or scaled), Config for a scale
// above 1 on a service with a container_name.
Plan plan_up(const Project& project, const ServiceGraph& graph, const ObservedState& observed,
             const UpOptions& options);

// Observes, plans and (unless dry_run) runs `up`. Reports progress, including a Warning event for
// each of the plan's warnings and a Running event for each container already as wanted. Returns
// the plan. Throws dc::Error (Failure) with the first failure's message when an action failed,
// EngineError when observing failed.
Plan run_up(const Project& project, Engine& engine, ProgressListener& progress,
            const UpOptions& options);

}  // namespace dc
