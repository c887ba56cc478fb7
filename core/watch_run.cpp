// The `dc watch` loop: bring the services up, watch each service's paths with inotify, gather the
// changes of each service until 500 ms pass without one (Compose's quiet period), then carry the
// batch out. One thread does it all, so batches of a service never overlap.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>

#include <poll.h>

#include "core/error.h"
#include "core/file_watch.h"
#include "core/service_model.h"
#include "core/watch.h"
#include "core/watch_actions.h"

namespace fs = std::filesystem;

namespace dc {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kQuietPeriod{500};
// How often the loop looks at the stop token while nothing changes.
constexpr std::chrono::milliseconds kTick{100};

// A service's watcher and the changes not yet handled, in the order they last changed.
struct Watched {
    ServiceWatch config{};
    std::unique_ptr<FileWatcher> watcher{};
    std::vector<std::string> pending{};
    Clock::time_point last_change{};
};

void add_changes(Watched& w, const std::vector<std::string>& paths) {
    for (const std::string& path : paths) {
        std::erase(w.pending, path);
        w.pending.push_back(path);
    }
    if (!paths.empty()) w.last_change = Clock::now();
}

// Compose's `up` before watching: detached, the watched services' images rebuilt each time
// (pull_policy "build" on the services that build and have a develop section).
void bring_up(const Project& project, Engine& engine, ProgressListener& progress,
              const DevWatchOptions& options) {
    Project up_project = project;
    if (Node* services = up_project.model.find("services")) {
        for (Entry& entry : services->entries) {
            Node& node = *entry.value;
            if (node.find("build") && node.find("develop")) {
                node.set("pull_policy", Node::string("build"));
            }
        }
    }
    UpOptions up;
    up.services = options.services;
    up.detach = true;
    up.quiet_pull = options.quiet;
    up.parallel = options.parallel;
    up.port_probe = options.port_probe;
    up.stop = options.stop;
    run_up(up_project, engine, progress, up);
}

std::vector<std::string> rule_paths(const ServiceWatch& config) {
    std::vector<std::string> paths;
    for (const WatchRule& rule : config.rules) paths.push_back(rule.path);
    return paths;
}

// Waits until a watcher has something or a tick passes.
void poll_watchers(std::vector<Watched>& watched, std::chrono::milliseconds timeout) {
    std::vector<pollfd> fds;
    for (const Watched& w : watched) fds.push_back({w.watcher->fd(), POLLIN, 0});
    ::poll(fds.data(), fds.size(), static_cast<int>(timeout.count()));
    for (Watched& w : watched) add_changes(w, w.watcher->read());
}

}  // namespace

void run_watch(const Project& project, Engine& engine, ProgressListener& progress,
               const DevWatchOptions& options, std::ostream& out, std::ostream& err) {
    if (!options.no_up) bring_up(project, engine, progress, options);
    std::vector<Watched> watched;
    for (ServiceWatch& config : watch_config(project, options.services)) {
        watched.push_back(Watched{.config = std::move(config)});
    }
    // The watchers refer to their configuration, so they are made once the vector is complete.
    for (Watched& w : watched) {
        const ServiceWatch* c = &w.config;
        auto skip = [c](const std::string& dir) { return ignored_for_service(*c, dir); };
        w.watcher = std::make_unique<FileWatcher>(rule_paths(w.config), skip);
    }
    out << "Watch enabled\n" << std::flush;
    auto exists = [](const std::string& path) {
        std::error_code ec;
        return fs::exists(fs::symlink_status(path, ec));
    };
    while (!options.stop.stop_requested()) {
        poll_watchers(watched, kTick);
        for (Watched& w : watched) {
            if (w.pending.empty() || Clock::now() - w.last_change < kQuietPeriod) continue;
            WatchBatch batch = plan_batch(w.config, w.pending, exists);
            w.pending.clear();
            handle_batch(project, engine, progress, w.config.service, batch, options, out, err);
        }
    }
    throw Error(ErrorKind::Cancelled, "canceled");
}

}  // namespace dc
