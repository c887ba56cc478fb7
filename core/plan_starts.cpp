// Starts gated by dependency conditions. As in Compose, nothing waits for a dependency outside
// the selection (`--no-deps`) or scaled to zero; a dependency that is only required to have
// started gates its dependents through its own starts, and the other conditions through an
// Await that all its dependents share.
#include "core/plan_starts.h"

#include <algorithm>

namespace dc {

namespace {

constexpr const char* kDependencyTimeout = "timeout waiting for dependencies";

}  // namespace

StartPlanner::StartPlanner(Plan& plan, const ServiceGraph& graph,
                           const std::vector<std::string>& selected,
                           std::optional<std::chrono::seconds> timeout)
    : plan_(plan), graph_(graph), selected_(selected), timeout_(timeout) {}

bool StartPlanner::is_selected(const std::string& service) const {
    return std::binary_search(selected_.begin(), selected_.end(), service);
}

std::vector<int> StartPlanner::plan_starts(const std::string& service) {
    std::vector<int>& starts = starts_[service];
    std::optional<std::vector<int>> gates;
    for (const Slot& slot : slots_[service]) {
        if (slot.running) continue;
        if (!gates) gates = dependency_gates(service);
        std::vector<int> after = *gates;
        if (slot.ready != 0) after.push_back(slot.ready);
        starts.push_back(plan_.add({.kind = ActionKind::StartContainer,
                                    .subject = slot.ref.name,
                                    .after = after,
                                    .container = slot.ref,
                                    .service = service}));
    }
    return starts;
}

std::vector<int> StartPlanner::dependency_gates(const std::string& service) {
    std::vector<int> out;
    for (const Dependency& dependency : graph_.dependencies(service)) {
        if (!is_selected(dependency.service) || slots_[dependency.service].empty()) continue;
        Requirement requirement =
            dependency.required ? Requirement::Required : Requirement::Optional;
        switch (dependency.condition) {
        case DependencyCondition::Started: append(out, starts_[dependency.service]); break;
        case DependencyCondition::Healthy:
            out.push_back(await(dependency.service, AwaitCondition::Healthy, requirement,
                                kDependencyTimeout));
            break;
        case DependencyCondition::CompletedSuccessfully:
            out.push_back(await(dependency.service, AwaitCondition::CompletedSuccessfully,
                                requirement, kDependencyTimeout));
            break;
        }
    }
    return out;
}

int StartPlanner::await(const std::string& service, AwaitCondition condition,
                        Requirement requirement, const std::string& timeout_message) {
    auto [it, added] = awaits_.try_emplace(AwaitKey{service, condition, requirement}, 0);
    if (!added) return it->second;
    Action action{.kind = ActionKind::Await,
                  .subject = service,
                  .after = starts_[service],
                  .cause = requirement == Requirement::Optional ? "optional" : "",
                  .service = service,
                  .condition = condition,
                  .requirement = requirement,
                  .timeout_message = timeout_message};
    for (const Slot& slot : slots_[service]) action.targets.push_back(slot.ref);
    if (timeout_) action.deadline = *timeout_;
    it->second = plan_.add(std::move(action));
    return it->second;
}

void StartPlanner::plan_wait() {
    const std::string seconds = timeout_ ? std::to_string(timeout_->count()) : "0";
    for (const std::string& service : selected_) {
        if (slots_[service].empty()) continue;
        // A one-shot service others wait to complete would never count as running: wait for
        // what they wait for instead, as Compose does.
        AwaitCondition condition = AwaitCondition::RunningOrHealthy;
        for (const std::string& dependent : graph_.dependents(service)) {
            for (const Dependency& d : graph_.dependencies(dependent)) {
                if (d.service == service && is_selected(dependent) &&
                    d.condition == DependencyCondition::CompletedSuccessfully) {
                    condition = AwaitCondition::CompletedSuccessfully;
                }
            }
        }
        await(service, condition, Requirement::Required,
              "application not healthy after " + seconds + "s");
    }
}

std::vector<std::string> StartPlanner::running() const {
    std::vector<std::string> out;
    for (const std::string& service : selected_) {
        auto it = slots_.find(service);
        if (it == slots_.end()) continue;
        for (const Slot& slot : it->second) {
            if (slot.running && slot.ready == 0) out.push_back(slot.ref.name);
        }
    }
    return out;
}

}  // namespace dc
