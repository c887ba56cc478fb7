// Watches a project's containers through the engine's events while their output is followed, as
// Compose's `logs -f` and attached `up` do: reports each container's exit once its output has
// ended, follows containers that start later (a restart, a scale-up, a service started from
// another terminal), and returns when no watched container is left running.
#pragma once

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/log_follow.h"

namespace dc {

struct ContainerExit {
    LoggedContainer container{};
    int exit_code = 0;
    bool restarting = false;  // Its restart policy starts it again: it is still watched.
};
using ExitHandler = std::function<void(const ContainerExit&)>;

struct WatchedContainer {
    LoggedContainer container{};
    bool running = false;  // Watched until it exits; else only a later start makes it so.
};

struct WatchOptions {
    std::string project{};
    // The services whose containers are watched, and those whose output is shown (followed with
    // the follower) among them; empty: every service.
    std::vector<std::string> services{};
    std::vector<std::string> shown{};
    // Engine events are read from `events_since` on, so that nothing between starting the
    // containers and listing them is missed; the listed containers' events from before
    // `listed_at` are already accounted for in `running`.
    TimePoint events_since{};
    TimePoint listed_at{};
};

// Watches `initial` (whose output the caller already follows when shown) until none is running.
// `on_exit` is called from the watching thread, one exit at a time. Returns Done, a Cancelled
// failure when `stop` was triggered, or the events stream's failure.
EngineResult<Outcome> watch_containers(Engine& engine, LogFollower& follower,
                                       const WatchOptions& options,
                                       const std::vector<WatchedContainer>& initial,
                                       const ExitHandler& on_exit, std::stop_token stop);

}  // namespace dc
