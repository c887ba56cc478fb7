// Running a plan. One thread owns all scheduling state: it hands ready actions to worker threads
// up to a parallel limit, waits for one completion (or an engine event), and updates the state;
// workers only make engine calls. An action runs as soon as the actions it waits for have
// succeeded, so independent branches proceed side by side and a service starts as soon as its own
// dependencies are ready. Awaits follow the engine's event stream: each event about a container
// being waited for triggers a fresh inspection, so nothing is polled on a timer.
//
// The first failure stops new work from being handed out (actions under way finish), as Compose's
// error group does; the result names what failed and what never ran.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "core/container_create.h"
#include "core/engine.h"
#include "core/loader.h"
#include "core/plan.h"
#include "core/progress.h"

namespace dc {

struct ExecutorOptions {
    int parallel = 0;  // Engine calls under way at once; 0 or less: no limit. Awaits never count.
    std::stop_token stop{};            // Cancellation: stop handing out work, abandon waits.
    const Project* project = nullptr;  // Needed by CreateContainer actions.
    ServiceContainers containers{};    // The service containers there are before the plan runs.
};

struct ActionFailure {
    int action = 0;
    std::string message{};
};

struct ExecutionResult {
    std::vector<ActionFailure> failures{};  // In the order they happened.
    std::vector<int> not_run{};  // Actions never started because of a failure, ascending.
    bool cancelled = false;

    bool ok() const { return failures.empty() && !cancelled; }
};

// Runs `plan`. Reports progress from the calling thread only. Never throws for an action's
// failure; the result holds it.
ExecutionResult execute(const Plan& plan, Engine& engine, ProgressListener& progress,
                        const ExecutorOptions& options);

// Throws the result's first failure as dc::Error (Failure), or Cancelled; does nothing when ok.
void throw_if_failed(const ExecutionResult& result);

// Reports each of the plan's warnings as a Warning event on the project.
void report_plan_warnings(const Plan& plan, const std::string& project,
                          ProgressListener& progress);

}  // namespace dc
