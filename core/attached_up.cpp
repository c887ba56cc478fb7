// The attached part of `up`, after Compose v2.29's pkg/compose/up.go and printer.go: a watch of
// the containers on the calling thread, and a teardown (stop, or kill on the second interrupt)
// on threads of its own, so that exits keep being seen while containers stop.
#include "core/attached_up.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/container_watch.h"
#include "core/error.h"
#include "core/graph.h"
#include "core/lifecycle.h"
#include "core/log_follow.h"
#include "core/logs.h"
#include "core/observed_state.h"

namespace dc {

namespace {

using namespace std::chrono_literals;

// After the teardown, how long the watch may take to see the last exits before it is ended.
constexpr auto kSettleTimeout = 5s;

bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// Progress from the teardown's threads (a stop, then maybe a kill) reaches the listener one event
// at a time, as the listener expects.
class LockedProgress final : public ProgressListener {
  public:
    explicit LockedProgress(ProgressListener& inner) : inner_(inner) {}
    void on_event(const ProgressEvent& event) override {
        std::lock_guard<std::mutex> lock(mutex_);  // See the class comment.
        inner_.on_event(event);
    }

  private:
    ProgressListener& inner_;
    std::mutex mutex_;
};

class Session {
  public:
    Session(const Project& project, Engine& engine, ProgressListener& progress, const UpOptions& up,
            const AttachedUpOptions& options, std::ostream& out, std::ostream& err)
        : project_(project),
          engine_(engine),
          progress_(progress),
          up_(up),
          options_(options),
          err_(err),
          printer_(out, err, options.format),
          follower_(engine, printer_, LogOptions{.follow = true, .timestamps = options.timestamps},
                    StderrTo::Stderr),
          exit_from_(options.exit_code_from),
          out_(out) {}

    int run(const std::vector<std::string>& shown, const std::vector<std::string>& watched,
            TimePoint started);

  private:
    void on_exit(const ContainerExit& exit);
    void begin_teardown(const std::string& message, LifecycleCommand command);  // mutex_ held.
    void teardown(LifecycleCommand command);
    bool shows(const std::string& service) const { return has(shown_, service); }

    const Project& project_;
    Engine& engine_;
    LockedProgress progress_;
    const UpOptions& up_;
    const AttachedUpOptions& options_;
    std::ostream& err_;
    LogPrinter printer_;
    LogFollower follower_;
    std::vector<std::string> shown_{};
    std::stop_source watch_stop_{};

    std::mutex mutex_;  // Guards everything below.
    std::condition_variable settled_;
    bool aborting_ = false;
    bool interrupted_ = false;
    bool finished_ = false;
    std::string exit_from_;
    int exit_code_ = 0;
    std::string teardown_error_{};
    std::vector<std::jthread> teardowns_{};
    std::ostream& out_;
};

void Session::on_exit(const ContainerExit& exit) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    const std::string& service = exit.container.service;
    if (!aborting_ && shows(service)) {
        printer_.status(exit.container.name, "exited with code " + std::to_string(exit.exit_code));
    }
    if (options_.cascade == Cascade::Fail && exit.exit_code != 0) exit_from_ = service;
    bool abort = options_.cascade == Cascade::Stop ||
                 (options_.cascade == Cascade::Fail && exit.exit_code != 0);
    if (abort) begin_teardown("Aborting on container exit...", LifecycleCommand::Stop);
    if (options_.cascade == Cascade::Stop && exit_from_.empty()) exit_from_ = service;
    if (exit_from_ == service) exit_code_ = exit.exit_code;
}

void Session::begin_teardown(const std::string& message, LifecycleCommand command) {
    if (command == LifecycleCommand::Stop) {
        if (aborting_) return;
        aborting_ = true;
        printer_.mute();
    }
    err_ << message << '\n' << std::flush;
    teardowns_.emplace_back([this, command] { teardown(command); });
}

// Stops (or kills) the services `up` was asked for, then gives the watch a moment to see the
// exits before ending it: a watched service that was not stopped must not keep dc waiting.
void Session::teardown(LifecycleCommand command) {
    LifecycleOptions options{.services = up_.services, .timeout = up_.timeout};
    try {
        run_lifecycle(command, project_, engine_, progress_, options);
    } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        if (teardown_error_.empty()) teardown_error_ = e.what();
    }
    std::unique_lock<std::mutex> lock(mutex_);  // See mutex_.
    settled_.wait_for(lock, kSettleTimeout, [&] { return finished_; });
    watch_stop_.request_stop();
}

int Session::run(const std::vector<std::string>& shown, const std::vector<std::string>& watched,
                 TimePoint started) {
    shown_ = shown;
    const TimePoint listed_at = std::chrono::system_clock::now();
    const ObservedState observed = observe(project_, engine_, Externals::Ignore);
    std::vector<ObservedContainer> containers;
    for (const std::string& service : watched) {
        for (const ObservedContainer& c : observed.of(service)) containers.push_back(c);
    }
    std::sort(
        containers.begin(), containers.end(),
        [](const ObservedContainer& a, const ObservedContainer& b) { return a.name < b.name; });

    std::string names;
    std::vector<WatchedContainer> initial;
    for (const ObservedContainer& c : containers) {
        LoggedContainer logged{
            .id = c.id, .name = log_name(c.name, c.labels), .service = c.service};
        initial.push_back({.container = logged, .running = c.running()});
        if (!shows(c.service)) continue;
        names += (names.empty() ? "" : ", ") + logged.name;
        printer_.add(logged.name);
    }
    if (!names.empty()) out_ << "Attaching to " << names << '\n' << std::flush;
    for (const WatchedContainer& w : initial) {
        if (shows(w.container.service)) follower_.follow(w.container, started);
    }
    // Containers that ran and exited before they were listed: their exits are reported now.
    for (const WatchedContainer& w : initial) {
        if (w.running) continue;
        follower_.wait_ended(w.container.id, kSettleTimeout);
        auto info = engine_.inspect_container(w.container.id);
        int code = info && *info ? (*info)->state.exit_code : 0;
        on_exit({.container = w.container, .exit_code = code});
    }

    std::stop_callback on_interrupt(options_.interrupt, [this] {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        interrupted_ = true;
        begin_teardown("Gracefully stopping... (press Ctrl+C again to force)",
                       LifecycleCommand::Stop);
    });
    std::stop_callback on_force(options_.force, [this] {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        interrupted_ = true;
        teardowns_.emplace_back([this] { teardown(LifecycleCommand::Kill); });
    });
    WatchOptions watch{.project = project_.name,
                       .services = watched,
                       .shown = shown,
                       .events_since = started,
                       .listed_at = listed_at};
    auto result = watch_containers(
        engine_, follower_, watch, initial, [this](const ContainerExit& e) { on_exit(e); },
        watch_stop_.get_token());
    {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        finished_ = true;
        settled_.notify_all();
    }
    follower_.stop();
    std::vector<std::jthread> teardowns;
    {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        teardowns.swap(teardowns_);
    }
    teardowns.clear();                         // Joins them.
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (interrupted_) throw Error(ErrorKind::Cancelled, "canceled");
    if (!teardown_error_.empty()) throw Error(ErrorKind::Failure, teardown_error_);
    if (!result && result.error().kind != FailureKind::Cancelled) {
        throw EngineError(result.error());
    }
    return exit_code_;
}

}  // namespace

std::vector<std::string> services_to_attach(const Project& project, const UpOptions& up,
                                            const AttachedUpOptions& options) {
    if (!options.attach.empty() && options.attach_dependencies) {
        throw Error(ErrorKind::Usage, "cannot combine --attach and --attach-dependencies");
    }
    const std::vector<std::string> all = project.service_names();
    if (!options.exit_code_from.empty() && !has(all, options.exit_code_from)) {
        throw Error(ErrorKind::Usage, "no such service: " + options.exit_code_from);
    }
    const ServiceGraph graph = ServiceGraph::from_project(project.model);
    std::vector<std::string> started = up.services.empty() ? all
                                       : up.no_deps        ? up.services
                                                           : graph.dependency_closure(up.services);
    std::vector<std::string> out;
    if (!options.attach.empty()) {
        std::string unknown;
        for (const std::string& s : options.attach) {
            if (!has(started, s)) unknown += (unknown.empty() ? "" : ", ") + s;
        }
        if (!unknown.empty()) {
            throw Error(ErrorKind::Usage,
                        "cannot attach to services not included in up: " + unknown);
        }
        out = options.attach;
    } else {
        std::vector<std::string> base =
            up.services.empty() || options.attach_dependencies ? started : up.services;
        for (const std::string& s : attached_services(project)) {
            if (has(base, s)) out.push_back(s);
        }
    }
    std::erase_if(out, [&](const std::string& s) { return has(options.no_attach, s); });
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

int run_attached_up(const Project& project, Engine& engine, ProgressListener& progress,
                    const UpOptions& up, const AttachedUpOptions& options, std::ostream& out,
                    std::ostream& err) {
    const std::vector<std::string> shown = services_to_attach(project, up, options);
    std::vector<std::string> watched = up.services.empty() ? project.service_names() : up.services;
    for (const std::string& s : shown) {
        if (!has(watched, s)) watched.push_back(s);
    }
    const TimePoint started = std::chrono::system_clock::now();
    UpOptions attached = up;
    attached.stop = options.interrupt;
    run_up(project, engine, progress, attached);
    if (up.dry_run) return 0;
    Session session(project, engine, progress, up, options, out, err);
    return session.run(shown, watched, started);
}

}  // namespace dc
