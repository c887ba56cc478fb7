// `dc run`: a one-off container of a service. Its dependencies are brought up first (as `up` would,
// unless --no-deps), the project's networks and volumes made, then the container is created from
// the service's configuration with run's overrides (core/service_spec.h's RunOptions) and either
// left running (detached) or attached to until it exits, with its exit code as the result.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/exec.h"
#include "core/loader.h"
#include "core/observed_state.h"
#include "core/progress.h"
#include "core/service_spec.h"
#include "core/up.h"

namespace dc {

struct OneOffOptions {
    std::string service{};
    RunOptions run{};  // The container's overrides; run.auto_remove is decided from `remove`.
    std::vector<std::string> volumes{};  // -v, in `volumes` short syntax, added to the service's.
    bool detach = false;
    bool remove = false;   // --rm: remove the container once it exited (or was interrupted).
    bool no_deps = false;  // Start none of the service's dependencies.
    UpBuild build = UpBuild::Missing;  // --build: build the images before running.
    std::string pull{};                // --pull, as UpOptions::pull.
    bool quiet_pull = false;           // --quiet-pull.
    ExecInput input{};                 // Standard input, when run.interactive.
    FrameSink output{};                // The container's output.
    TtyAttached on_tty{};              // With a TTY: called once the container runs.
    // Triggered at the first interrupt: without a TTY, SIGINT goes to the container (with one,
    // the terminal sends it Ctrl-C itself), and dc goes on waiting for its exit code.
    std::stop_token forward{};
    // Triggered at the second interrupt: stop waiting (and with --rm remove the container).
    std::stop_token stop{};
};

struct OneOffResult {
    std::string id{};
    std::string name{};
    int exit_code = 0;  // 0 when detached.
};

// The one-off container's spec: `options.service` with the run overrides and volumes, its
// `service:` references resolved to the containers in `observed`. Throws dc::Error as
// container_spec() does, and for a bad -v.
ServiceContainerSpec oneoff_spec(const Project& project, const OneOffOptions& options,
                                 const ObservedState& observed);

// Runs the one-off. Reports the dependencies' and networks' progress to `progress`. Throws
// dc::Error (NotFound) "no such service: x", EngineError when the engine fails, and Cancelled
// when `stop` was triggered.
OneOffResult run_oneoff(const Project& project, Engine& engine, ProgressListener& progress,
                        const OneOffOptions& options);

}  // namespace dc
