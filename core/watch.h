// `dc watch`: Compose's develop.watch. Which services are watched and with which rules (their
// paths, actions, targets and ignore patterns, on top of the build context's .dockerignore and the
// editor files Compose leaves out), and what one batch of changed host paths asks for: files to
// copy into the containers, paths to remove there, a restart or a rebuild. The planning is pure so
// that it is tested without inotify or an engine; core/watch_run.cpp carries it out.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <stop_token>
#include <string>
#include <vector>

#include "core/build_ignore.h"
#include "core/engine.h"
#include "core/loader.h"
#include "core/progress.h"
#include "core/up.h"

namespace dc {

enum class WatchAction { Sync, Rebuild, SyncRestart };

// One develop.watch entry, its path absolute (the loader made it so).
struct WatchRule {
    std::string path{};
    WatchAction action = WatchAction::Sync;
    std::string target{};  // In the container; empty for rebuild.
    IgnoreRules ignore{};  // The entry's `ignore`, relative to `path`.
};

// A watched service: its rules and what every rule leaves out.
struct ServiceWatch {
    std::string service{};
    std::string context{};       // The build context, absolute.
    IgnoreRules dockerignore{};  // The context's .dockerignore, relative to `context`.
    std::vector<WatchRule> rules{};
};

// The selected services (every one when `services` is empty) that are watched, as Compose 2.29
// chooses: a service without develop.watch is passed over, one without a build section too unless
// it was named. Throws dc::Error (Failure) with Compose's messages: `can't watch service "web"
// with action rebuild without a build context`, `can't watch service "web" without a build
// context`, and "none of the selected services is configured for watch, consider setting an
// 'develop' section"; NotFound for an unknown service.
std::vector<ServiceWatch> watch_config(const Project& project,
                                       const std::vector<std::string>& services);

// Whether every rule of the service leaves `path` out: .dockerignore, editor and tool files
// (`*~`, `.*.swp`, `4913`, `.#*`, JetBrains and Go temporaries) and `.git` directories.
bool ignored_for_service(const ServiceWatch& watch, const std::string& path);

// A host file or directory and where it goes in the containers.
struct SyncCopy {
    std::string host_path{};
    std::string container_path{};
    bool operator==(const SyncCopy&) const = default;
};

// What a batch of changes asks for. With `rebuild` the rest is not done: the new containers
// start from the new image.
struct WatchBatch {
    bool rebuild = false;
    bool restart = false;     // A sync+restart rule matched.
    std::size_t changes = 0;  // Changes matched by a rule (Compose's "after N changes").
    std::vector<SyncCopy> copies{};
    std::vector<std::string> deletes{};  // Container paths whose host path is gone.
};

// Maps changed host paths (absolute, in the order they changed) through the service's rules:
// each path under a rule's path and not ignored is one change of that rule; a sync change copies
// the path to target + its relative path, or deletes that when `exists` says the host path is
// gone.
WatchBatch plan_batch(const ServiceWatch& watch, const std::vector<std::string>& changed,
                      const std::function<bool(const std::string&)>& exists);

// Named apart from core/container_watch.h's WatchOptions: one name, one type in namespace dc.
struct DevWatchOptions {
    std::vector<std::string> services{};
    bool no_up = false;  // --no-up: watch what runs, start nothing.
    bool quiet = false;  // --quiet: no builder output.
    bool prune = false;  // --prune: remove the project's dangling images after a rebuild.
    int parallel = 0;
    PortProbe port_probe = PortProbe::Skip;
    std::stop_token stop{};
};

// Brings the services up (unless no_up), then watches until `stop`, printing Compose's lines
// ("Watch enabled", "Syncing service "web" after 2 changes were detected", ...) on `out` and the
// failures of a batch on `err`. Throws dc::Error (Cancelled) "canceled" once stopped, as Compose
// exits 130 then.
void run_watch(const Project& project, Engine& engine, ProgressListener& progress,
               const DevWatchOptions& options, std::ostream& out, std::ostream& err);

}  // namespace dc
