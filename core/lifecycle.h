// `dc start`, `stop`, `restart`, `kill`, `pause`, `unpause` and `rm` on the containers a project
// already has. Each is planned with the same service walk as `up` and `down`: starting, restarting
// and unpausing go dependencies first (a start also waits for depends_on's conditions), stopping
// and pausing go dependents first.
#pragma once

#include <chrono>
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

enum class LifecycleCommand { Start, Stop, Restart, Kill, Pause, Unpause, Remove };

struct LifecycleOptions {
    // Empty: every service. Start adds the named services' dependencies, Stop their dependents.
    std::vector<std::string> services{};
    std::optional<std::chrono::seconds> timeout{};  // stop, restart -t.
    std::string signal = "SIGKILL";                 // kill -s.
    bool stop_first = false;  // rm -s: stop running containers, then remove them too.
    bool volumes = false;     // rm -v: remove anonymous volumes with the containers.
    bool wait = false;        // start --wait.
    std::optional<std::chrono::seconds> wait_timeout{};  // start --wait-timeout.
    int parallel = 0;                                    // 0 or less: no limit.
    bool dry_run = false;
    std::stop_token stop{};
};

// Plans the command without engine calls. Throws dc::Error: NotFound for an unknown service,
// Failure for `start` of a service that has no container ("service \"web\" has no container to
// start").
Plan plan_lifecycle(LifecycleCommand command, const Project& project, const ServiceGraph& graph,
                    const ObservedState& observed, const LifecycleOptions& options);

// Observes, plans and (unless dry_run) runs the command; returns the plan. Throws dc::Error
// (Failure) with the first failure.
Plan run_lifecycle(LifecycleCommand command, const Project& project, Engine& engine,
                   ProgressListener& progress, const LifecycleOptions& options);

}  // namespace dc
