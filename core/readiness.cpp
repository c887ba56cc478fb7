// Judging readiness. Compose's rules: an exited container fails every condition but completion;
// a healthcheck's "starting" keeps waiting, "unhealthy" fails; a container without a healthcheck
// fails service_healthy, and counts as ready for `--wait` once it runs.
#include "core/readiness.h"

namespace dc {

namespace {

bool finished(const ContainerState& state) {
    return state.status == "exited" || state.status == "dead";
}

std::string exited(const std::string& name, const ContainerState& state) {
    return "container " + name + " exited (" + std::to_string(state.exit_code) + ")";
}

Judgement by_health(const std::string& name, const ContainerState& state, bool fallback_running) {
    if (state.health.empty() && fallback_running) {
        return {state.running ? Verdict::Met : Verdict::Pending, ""};
    }
    if (state.health.empty()) {
        return {Verdict::Failed, "container " + name + " has no healthcheck configured"};
    }
    if (state.health == "healthy") return {Verdict::Met, ""};
    if (state.health == "unhealthy")
        return {Verdict::Failed, "container " + name + " is unhealthy"};
    if (state.health == "starting") return {Verdict::Pending, ""};
    return {Verdict::Failed,
            "container " + name + " had unexpected health status \"" + state.health + "\""};
}

}  // namespace

Judgement judge(AwaitCondition condition, const std::string& name,
                const std::optional<ContainerInfo>& info) {
    if (!info) return {Verdict::Failed, "container " + name + " has been removed"};
    const ContainerState& state = info->state;
    switch (condition) {
    case AwaitCondition::CompletedSuccessfully:
        if (!finished(state)) return {Verdict::Pending, ""};
        if (state.exit_code == 0) return {Verdict::Met, ""};
        return {Verdict::Failed, exited(name, state)};
    case AwaitCondition::Healthy:
        if (finished(state)) return {Verdict::Failed, exited(name, state)};
        return by_health(name, state, false);
    case AwaitCondition::RunningOrHealthy:
        if (finished(state)) return {Verdict::Failed, exited(name, state)};
        return by_health(name, state, true);
    }
    return {Verdict::Failed, "unknown condition"};
}

std::string await_failure(const Action& await, const std::string& reason) {
    switch (await.condition) {
    case AwaitCondition::Healthy: return "dependency failed to start: " + reason;
    case AwaitCondition::CompletedSuccessfully:
        return "service \"" + await.service + "\" didn't complete successfully: " + reason;
    case AwaitCondition::RunningOrHealthy: return reason;
    }
    return reason;
}

std::string optional_failure(const Action& await, const std::string& reason) {
    return "optional dependency \"" + await.service + "\" failed to start: " + reason;
}

}  // namespace dc
