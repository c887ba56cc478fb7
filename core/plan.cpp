// A plan's actions, their text, and the service walk every planner shares.
#include "core/plan.h"

#include <algorithm>
#include <set>

#include "core/error.h"

namespace dc {

namespace {

std::string kind_name(ActionKind kind) {
    switch (kind) {
    case ActionKind::CreateNetwork: return "CreateNetwork";
    case ActionKind::CreateVolume: return "CreateVolume";
    case ActionKind::CreateContainer: return "CreateContainer";
    case ActionKind::StartContainer: return "StartContainer";
    case ActionKind::StopContainer: return "StopContainer";
    case ActionKind::RestartContainer: return "RestartContainer";
    case ActionKind::KillContainer: return "KillContainer";
    case ActionKind::PauseContainer: return "PauseContainer";
    case ActionKind::UnpauseContainer: return "UnpauseContainer";
    case ActionKind::RemoveContainer: return "RemoveContainer";
    case ActionKind::RenameContainer: return "RenameContainer";
    case ActionKind::RemoveNetwork: return "RemoveNetwork";
    case ActionKind::RemoveVolume: return "RemoveVolume";
    case ActionKind::RemoveImage: return "RemoveImage";
    case ActionKind::Await: return "Await";
    }
    return "?";
}

std::string condition_suffix(AwaitCondition condition) {
    switch (condition) {
    case AwaitCondition::Healthy: return "Healthy";
    case AwaitCondition::CompletedSuccessfully: return "Completed";
    case AwaitCondition::RunningOrHealthy: return "RunningOrHealthy";
    }
    return "?";
}

}  // namespace

int Plan::add(Action action) {
    action.id = static_cast<int>(actions_.size()) + 1;
    std::sort(action.after.begin(), action.after.end());
    action.after.erase(std::unique(action.after.begin(), action.after.end()), action.after.end());
    actions_.push_back(std::move(action));
    return actions_.back().id;
}

std::string action_name(const Action& action) {
    std::string name = kind_name(action.kind);
    if (action.kind == ActionKind::Await) name += condition_suffix(action.condition);
    return name;
}

std::string Plan::str() const {
    std::string out;
    for (const Action& action : actions_) {
        out += "#" + std::to_string(action.id) + " " + action_name(action) + " " + action.subject;
        if (!action.new_name.empty()) out += " -> " + action.new_name;
        if (!action.after.empty()) {
            out += " <-";
            for (int id : action.after) out += " #" + std::to_string(id);
        }
        if (!action.cause.empty()) out += " (" + action.cause + ")";
        out += "\n";
    }
    return out;
}

void require_services(const ServiceGraph& graph, const std::vector<std::string>& services) {
    for (const std::string& service : services) {
        if (!graph.contains(service))
            throw Error(ErrorKind::NotFound, "no such service: " + service);
    }
}

void append(std::vector<int>& ids, const std::vector<int>& more) {
    ids.insert(ids.end(), more.begin(), more.end());
}

void walk_services(const ServiceGraph& graph, const std::vector<std::string>& services,
                   WalkDirection direction, const ServiceVisit& visit) {
    std::set<std::string> selected(services.begin(), services.end());
    std::vector<std::string> order =
        direction == WalkDirection::Start ? graph.start_order() : graph.stop_order();
    // What each visited service finished with, or passed on when it finished with nothing.
    std::map<std::string, std::vector<int>> finished;
    for (const std::string& service : order) {
        std::vector<int> after;
        auto collect = [&](const std::string& before) {
            if (auto it = finished.find(before); it != finished.end()) append(after, it->second);
        };
        if (direction == WalkDirection::Start) {
            for (const Dependency& dependency : graph.dependencies(service))
                collect(dependency.service);
        } else {
            for (const std::string& dependent : graph.dependents(service)) collect(dependent);
        }
        std::sort(after.begin(), after.end());
        after.erase(std::unique(after.begin(), after.end()), after.end());
        if (!selected.contains(service)) {
            finished[service] = std::move(after);
            continue;
        }
        std::vector<int> done = visit(service, after);
        finished[service] = done.empty() ? std::move(after) : std::move(done);
    }
}

}  // namespace dc
