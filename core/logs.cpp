// `dc logs` over the observed containers: every selected container's stream at once, then, with
// --follow, a watch of the project's containers until the followed ones have stopped.
#include "core/logs.h"

#include <algorithm>

#include "core/container_watch.h"
#include "core/error.h"
#include "core/log_follow.h"
#include "core/observed_state.h"
#include "core/service_model.h"

namespace dc {

namespace {

// The containers of the selected services (only number `index` when it is set), by name.
std::vector<ObservedContainer> selected_containers(const ObservedState& observed,
                                                   const std::vector<std::string>& services,
                                                   int index) {
    std::vector<ObservedContainer> out;
    for (const std::string& service : services) {
        for (const ObservedContainer& c : observed.of(service)) {
            if (index <= 0 || c.number == index) out.push_back(c);
        }
    }
    if (index > 0 && out.empty()) {
        throw Error(ErrorKind::NotFound, "service \"" + services.front() +
                                             "\" is not running container #" +
                                             std::to_string(index));
    }
    std::sort(out.begin(), out.end(), [](const ObservedContainer& a, const ObservedContainer& b) {
        return a.name < b.name;
    });
    return out;
}

}  // namespace

std::vector<std::string> attached_services(const Project& project) {
    std::vector<std::string> out;
    for (const std::string& service : project.service_names()) {
        const Node* attach = service_node(project, service).find("attach");
        if (attach == nullptr || attach->kind != NodeKind::Bool || attach->as_bool()) {
            out.push_back(service);
        }
    }
    return out;
}

void run_logs(const Project& project, Engine& engine, const LogsOptions& options, std::ostream& out,
              std::ostream& err) {
    if (options.index > 0 && options.services.size() != 1) {
        throw Error(ErrorKind::Usage, "--index requires one service to be selected");
    }
    for (const std::string& service : options.services) service_node(project, service);
    std::vector<std::string> services =
        options.services.empty() ? attached_services(project) : options.services;

    const TimePoint listed_at = std::chrono::system_clock::now();
    const ObservedState observed = observe(project, engine, Externals::Ignore);
    std::vector<ObservedContainer> containers =
        selected_containers(observed, services, options.index);

    LogPrinter printer(out, err, options.format);
    LogFollower follower(engine, printer,
                         LogOptions{.follow = options.follow,
                                    .timestamps = options.timestamps,
                                    .since = options.since,
                                    .until = options.until,
                                    .tail = options.tail});
    std::vector<WatchedContainer> watched;
    for (const ObservedContainer& c : containers) printer.add(log_name(c.name, c.labels));
    for (const ObservedContainer& c : containers) {
        LoggedContainer logged{
            .id = c.id, .name = log_name(c.name, c.labels), .service = c.service};
        follower.follow(logged);
        watched.push_back({.container = logged, .running = c.running()});
    }
    if (options.follow) {
        WatchOptions watch{.project = project.name,
                           .services = services,
                           .events_since = listed_at,
                           .listed_at = listed_at};
        auto result = watch_containers(
            engine, follower, watch, watched,
            [&](const ContainerExit& exit) {
                printer.status(exit.container.name,
                               "exited with code " + std::to_string(exit.exit_code));
            },
            options.stop);
        if (!result) {
            follower.stop();
            if (result.error().kind == FailureKind::Cancelled) {
                throw Error(ErrorKind::Cancelled, "canceled");
            }
            throw EngineError(result.error());
        }
    }
    follower.join();
    if (auto failure = follower.failure()) throw EngineError(*failure);
}

}  // namespace dc
