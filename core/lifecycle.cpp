// Planning the lifecycle commands. Each visits the selected services with walk_services() and
// adds one action per container that is in the state the command changes.
#include "core/lifecycle.h"

#include <algorithm>

#include "core/error.h"
#include "core/executor.h"
#include "core/plan_starts.h"
#include "core/service_model.h"

namespace dc {

namespace {

bool is_up(const ObservedContainer& c) {
    return c.running() || c.state == "paused";
}

struct CommandShape {
    ActionKind kind;
    WalkDirection direction;
    bool (*applies)(const ObservedContainer&);
};

CommandShape shape_of(LifecycleCommand command) {
    switch (command) {
    case LifecycleCommand::Stop: return {ActionKind::StopContainer, WalkDirection::Stop, is_up};
    case LifecycleCommand::Restart:
        return {ActionKind::RestartContainer, WalkDirection::Start,
                [](const ObservedContainer&) { return true; }};
    case LifecycleCommand::Kill:
        return {ActionKind::KillContainer, WalkDirection::Stop,
                [](const ObservedContainer& c) { return c.running(); }};
    case LifecycleCommand::Pause:
        return {ActionKind::PauseContainer, WalkDirection::Stop,
                [](const ObservedContainer& c) { return c.state == "running"; }};
    case LifecycleCommand::Unpause:
        return {ActionKind::UnpauseContainer, WalkDirection::Start,
                [](const ObservedContainer& c) { return c.state == "paused"; }};
    case LifecycleCommand::Remove:
        return {ActionKind::RemoveContainer, WalkDirection::Stop,
                [](const ObservedContainer& c) { return !is_up(c); }};
    case LifecycleCommand::Start: break;
    }
    return {ActionKind::StartContainer, WalkDirection::Start, nullptr};
}

std::vector<std::string> selection(LifecycleCommand command, const ServiceGraph& graph,
                                   const std::vector<std::string>& named) {
    std::vector<std::string> out;
    if (named.empty()) {
        out = graph.services();
    } else if (command == LifecycleCommand::Start) {
        out = graph.dependency_closure(named);
    } else if (command == LifecycleCommand::Stop) {
        out = graph.dependent_closure(named);
    } else {
        require_services(graph, named);
        out = named;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Plan plan_start(const Project& project, const ServiceGraph& graph, const ObservedState& observed,
                const std::vector<std::string>& services, const LifecycleOptions& options) {
    Plan plan;
    StartPlanner starts(plan, graph, services, options.wait_timeout);
    for (const std::string& service : services) {
        const auto& containers = observed.of(service);
        if (containers.empty() && service_scale(service_node(project, service)) > 0) {
            throw Error(ErrorKind::Failure,
                        "service \"" + service + "\" has no container to start");
        }
        for (const ObservedContainer& c : containers) {
            starts.slots(service).push_back(
                {.ref = {.name = c.name, .id = c.id}, .running = is_up(c)});
        }
    }
    walk_services(graph, services, WalkDirection::Start,
                  [&](const std::string& service, const std::vector<int>&) {
                      return starts.plan_starts(service);
                  });
    if (options.wait) starts.plan_wait();
    plan.running = starts.running();
    return plan;
}

// One action of `shape` per container it applies to, after what the walk says; for `rm -s`, a
// stop before the removal of each running container.
std::vector<int> plan_service(Plan& plan, const CommandShape& shape, const ObservedContainer& c,
                              std::vector<int> after, const LifecycleOptions& options) {
    ContainerRef ref{.name = c.name, .id = c.id};
    bool stop_then_remove =
        shape.kind == ActionKind::RemoveContainer && options.stop_first && is_up(c);
    if (!stop_then_remove && !shape.applies(c)) return {};
    if (stop_then_remove) {
        after = {plan.add({.kind = ActionKind::StopContainer,
                           .subject = c.name,
                           .after = after,
                           .container = ref,
                           .timeout = options.timeout})};
    }
    return {plan.add({.kind = shape.kind,
                      .subject = c.name,
                      .after = after,
                      .container = ref,
                      .timeout = options.timeout,
                      .signal = options.signal,
                      .remove = {.force = true, .volumes = options.volumes}})};
}

}  // namespace

Plan plan_lifecycle(LifecycleCommand command, const Project& project, const ServiceGraph& graph,
                    const ObservedState& observed, const LifecycleOptions& options) {
    std::vector<std::string> services = selection(command, graph, options.services);
    if (command == LifecycleCommand::Start) {
        return plan_start(project, graph, observed, services, options);
    }
    Plan plan;
    const CommandShape shape = shape_of(command);
    // Kill has no order: Compose signals every container at once.
    bool ordered = command != LifecycleCommand::Kill;
    walk_services(graph, services, shape.direction,
                  [&](const std::string& service, const std::vector<int>& after) {
                      std::vector<int> done;
                      for (const ObservedContainer& c : observed.of(service)) {
                          append(done, plan_service(plan, shape, c,
                                                    ordered ? after : std::vector<int>{}, options));
                      }
                      return done;
                  });
    if (command == LifecycleCommand::Remove && plan.empty()) {
        plan.warnings.push_back("No stopped containers");
    }
    return plan;
}

Plan run_lifecycle(LifecycleCommand command, const Project& project, Engine& engine,
                   ProgressListener& progress, const LifecycleOptions& options) {
    const ServiceGraph graph = ServiceGraph::from_project(project.model);
    const ObservedState observed = observe(project, engine, Externals::Ignore);
    Plan plan = plan_lifecycle(command, project, graph, observed, options);
    report_plan_warnings(plan, project.name, progress);
    if (options.dry_run) return plan;
    ExecutorOptions execution{
        .parallel = options.parallel, .stop = options.stop, .project = &project};
    throw_if_failed(execute(plan, engine, progress, execution));
    return plan;
}

}  // namespace dc
