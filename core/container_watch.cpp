// The watch is one pass over the engine's events: "start" and "die" of the project's containers
// move each watched container between running, restarting and exited. An exit is reported only
// after the container's output stream ended, so that "exited with code" follows its last line.
#include "core/container_watch.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>

#include "core/labels.h"

namespace dc {

namespace {

using namespace std::chrono_literals;

// How long a "die" waits for the container's log stream to drain. The engine ends a followed
// stream when the container stops, so this is only reached when the engine is slow.
constexpr auto kDrainTimeout = 5s;

enum class State { Running, Restarting, Exited };

struct Tracked {
    LoggedContainer container{};
    State state = State::Exited;
    bool listed = false;  // Known from the listing: events before it are stale.
    bool shown = false;
};

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return list.empty() || std::find(list.begin(), list.end(), item) != list.end();
}

TimePoint time_of(const Event& event) {
    return TimePoint(
        std::chrono::duration_cast<TimePoint::duration>(std::chrono::nanoseconds(event.time_nano)));
}

class Watch {
  public:
    Watch(Engine& engine, LogFollower& follower, const WatchOptions& options,
          const ExitHandler& on_exit)
        : engine_(engine), follower_(follower), options_(options), on_exit_(on_exit) {}

    void add(const WatchedContainer& c) {
        tracked_[c.container.id] = Tracked{.container = c.container,
                                           .state = c.running ? State::Running : State::Exited,
                                           .listed = true,
                                           .shown = contains(options_.shown, c.container.service)};
    }

    bool any_left() const {
        return std::any_of(tracked_.begin(), tracked_.end(),
                           [](const auto& entry) { return entry.second.state != State::Exited; });
    }

    Flow on_event(const Event& event) {
        if (event.type == "container") {
            auto it = tracked_.find(event.actor_id);
            bool stale =
                it != tracked_.end() && it->second.listed && time_of(event) < options_.listed_at;
            if (!stale && event.action == "start") on_start(event);
            // A die from before the listing is still looked at: the listing can be older than
            // the event (the engine updates what it lists after it reports the die).
            if (event.action == "die" && it != tracked_.end()) on_die(it->second, event, stale);
        }
        return any_left() ? Flow::Continue : Flow::Stop;
    }

  private:
    void on_start(const Event& event) {
        auto it = tracked_.find(event.actor_id);
        if (it == tracked_.end()) {
            auto info = engine_.inspect_container(event.actor_id);
            if (!info || !*info) return;
            const Labels& labels = (*info)->labels;
            auto oneoff = labels.find(kLabelOneoff);
            auto service = labels.find(kLabelService);
            if (oneoff != labels.end() && oneoff->second == kOneoffTrue) return;
            if (service == labels.end() || !contains(options_.services, service->second)) return;
            LoggedContainer c{.id = (*info)->id,
                              .name = log_name((*info)->name, labels),
                              .service = service->second};
            it = tracked_
                     .emplace(c.id,
                              Tracked{.container = c, .shown = contains(options_.shown, c.service)})
                     .first;
        }
        Tracked& t = it->second;
        if (t.state == State::Running) return;
        t.state = State::Running;
        if (t.shown) follower_.follow(t.container, time_of(event));
    }

    // `stale`: the die came before the listing; it counts only if the container is not up now.
    void on_die(Tracked& t, const Event& event, bool stale) {
        if (t.state != State::Running) return;
        ContainerExit exit{.container = t.container};
        auto info = engine_.inspect_container(t.container.id);
        if (info && *info) {
            exit.exit_code = (*info)->state.exit_code;
            exit.restarting = (*info)->state.restarting || (*info)->state.running;
        } else if (auto code = event.attributes.find("exitCode"); code != event.attributes.end()) {
            exit.exit_code = std::atoi(code->second.c_str());
        }
        if (stale && exit.restarting) return;
        if (t.shown) follower_.wait_ended(t.container.id, kDrainTimeout);
        t.state = exit.restarting ? State::Restarting : State::Exited;
        on_exit_(exit);
    }

    Engine& engine_;
    LogFollower& follower_;
    const WatchOptions& options_;
    const ExitHandler& on_exit_;
    std::map<std::string, Tracked> tracked_{};  // By container id.
};

}  // namespace

EngineResult<Outcome> watch_containers(Engine& engine, LogFollower& follower,
                                       const WatchOptions& options,
                                       const std::vector<WatchedContainer>& initial,
                                       const ExitHandler& on_exit, std::stop_token stop) {
    Watch watch(engine, follower, options, on_exit);
    for (const WatchedContainer& c : initial) watch.add(c);
    if (!watch.any_left()) return Outcome::Done;
    EventOptions events{.since = options.events_since};
    events.filters["type"] = {"container"};
    events.filters["label"] = {std::string(kLabelProject) + "=" + options.project};
    return engine.events(
        events, [&](const Event& event) { return watch.on_event(event); }, stop);
}

}  // namespace dc
