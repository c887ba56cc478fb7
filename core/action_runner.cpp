// The engine call behind each kind of action.
#include "core/action_runner.h"

#include "core/error.h"
#include "core/service_model.h"

namespace dc {

namespace {

using Status = ProgressStatus;

void append_all(std::vector<std::string>& to, const std::vector<std::string>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

std::string subject_of(const Action& action) {
    ResourceKind kind = events_of(action).kind;
    std::string name(resource_kind_name(kind));
    name[0] = static_cast<char>(name[0] - 'A' + 'a');
    return name + " " + action.subject;
}

TaskResult failure(const Action& action, const EngineFailure& failure) {
    return {.ok = false, .message = subject_of(action) + ": " + engine_message(failure)};
}

// Whether starting a container of `service` lets the engine choose host ports (an ephemeral one,
// or one from a range). Only such starts can be given the same port when they run at once, so
// only they take the StartLock; the others start in parallel. Unknown: take it.
bool engine_picks_ports(const Project* project, const std::string& service) {
    if (project == nullptr || service.empty()) return true;
    const Node* services = project->model.find("services");
    const Node* node = services != nullptr ? services->find(service) : nullptr;
    if (node == nullptr) return true;
    const Node* ports = node->find("ports");
    if (ports == nullptr || !ports->is_sequence()) return false;
    for (const Node& item : ports->items) {
        const Node* published = item.is_mapping() ? item.find("published") : nullptr;
        if (published == nullptr || published->text.empty()) return true;
        if (published->text.find('-') != std::string::npos) return true;
    }
    return false;
}

// An Outcome call's result: NotFound fails, or counts as done, as `missing` says.
enum class Missing { Fails, IsDone };
TaskResult outcome(const Action& action, const EngineResult<Outcome>& result, Missing missing) {
    if (!result) return failure(action, result.error());
    if (*result == Outcome::NotFound && missing == Missing::Fails) {
        return {.ok = false, .message = subject_of(action) + ": not found"};
    }
    return {};
}

// A removal that the engine refuses because the object is in use is a warning, as in Compose.
TaskResult removal(const Action& action, const EngineResult<Outcome>& result) {
    if (!result && result.error().kind == FailureKind::Conflict) {
        return {.warnings = {"Resource is still in use"}};
    }
    return outcome(action, result, Missing::IsDone);
}

TaskResult create_container(Engine& engine, const Action& action, const TaskInput& input) {
    std::vector<MountInfo> inherited;
    if (!action.replaces.empty() && action.anonymous_volumes == AnonymousVolumes::Keep) {
        auto old = engine.inspect_container(action.replaces);
        if (!old) return failure(action, old.error());
        if (old->has_value()) inherited = (*old)->mounts;
    }
    ServiceContainerSpec made;
    try {
        made = creation_spec(*input.project, action, input.containers, std::move(inherited));
    } catch (const Error& error) {
        return {.ok = false, .message = subject_of(action) + ": " + error.what()};
    }
    auto created = engine.create_container(made.spec);
    if (!created) return failure(action, created.error());
    for (const EndpointSpec& network : made.extra_networks) {
        auto connected = engine.connect_network(created->id, network);
        if (!connected) return failure(action, connected.error());
    }
    TaskResult result{.created_id = created->id, .warnings = std::move(made.warnings)};
    append_all(result.warnings, created->warnings);
    return result;
}

}  // namespace

TaskResult perform(Engine& engine, const Action& action, const TaskInput& input,
                   StartLock& starts) {
    const std::string& id = input.container_id;
    switch (action.kind) {
    case ActionKind::CreateNetwork: {
        auto created = engine.create_network(*action.network);
        return created ? TaskResult{} : failure(action, created.error());
    }
    case ActionKind::CreateVolume: {
        auto created = engine.create_volume(*action.volume);
        return created ? TaskResult{} : failure(action, created.error());
    }
    case ActionKind::CreateContainer: return create_container(engine, action, input);
    case ActionKind::StartContainer: {
        // Held across the call when the engine picks ports: see StartLock.
        std::unique_lock<std::mutex> lock(starts.mutex(), std::defer_lock);
        if (engine_picks_ports(input.project, action.service)) lock.lock();
        return outcome(action, engine.start_container(id), Missing::Fails);
    }
    case ActionKind::StopContainer:
        return outcome(action, engine.stop_container(id, action.timeout), Missing::IsDone);
    case ActionKind::RestartContainer:
        return outcome(action, engine.restart_container(id, action.timeout), Missing::Fails);
    case ActionKind::KillContainer:
        return outcome(action, engine.kill_container(id, action.signal), Missing::Fails);
    case ActionKind::PauseContainer:
        return outcome(action, engine.pause_container(id), Missing::Fails);
    case ActionKind::UnpauseContainer:
        return outcome(action, engine.unpause_container(id), Missing::Fails);
    case ActionKind::RemoveContainer: {
        auto removed = engine.remove_container(id, action.remove);
        if (!removed && removed.error().kind == FailureKind::Conflict) return {};  // Going already.
        return outcome(action, removed, Missing::IsDone);
    }
    case ActionKind::RenameContainer:
        return outcome(action, engine.rename_container(id, action.new_name), Missing::Fails);
    case ActionKind::RemoveNetwork: return removal(action, engine.remove_network(action.subject));
    case ActionKind::RemoveVolume:
        return removal(action, engine.remove_volume(action.subject, Force::Yes));
    case ActionKind::RemoveImage:
        return removal(action, engine.remove_image(action.subject, Force::No));
    case ActionKind::Await: break;
    }
    return {.ok = false, .message = "internal: no engine call for " + action_name(action)};
}

ActionEvents events_of(const Action& action) {
    ActionEvents events{.name = action.subject};
    auto frame = [&](Status begin, Status end) {
        events.begin = begin;
        events.end = end;
    };
    switch (action.kind) {
    case ActionKind::CreateNetwork:
        events.kind = ResourceKind::Network;
        frame(Status::Creating, Status::Created);
        break;
    case ActionKind::CreateVolume:
        events.kind = ResourceKind::Volume;
        frame(Status::Creating, Status::Created);
        break;
    case ActionKind::RemoveNetwork:
        events.kind = ResourceKind::Network;
        frame(Status::Removing, Status::Removed);
        break;
    case ActionKind::RemoveVolume:
        events.kind = ResourceKind::Volume;
        frame(Status::Removing, Status::Removed);
        break;
    case ActionKind::RemoveImage:
        events.kind = ResourceKind::Image;
        frame(Status::Removing, Status::Removed);
        break;
    case ActionKind::CreateContainer: frame(Status::Creating, Status::Created); break;
    case ActionKind::StartContainer: frame(Status::Starting, Status::Started); break;
    case ActionKind::StopContainer: frame(Status::Stopping, Status::Stopped); break;
    case ActionKind::RestartContainer: frame(Status::Restarting, Status::Restarted); break;
    case ActionKind::KillContainer: frame(Status::Killing, Status::Killed); break;
    case ActionKind::PauseContainer: frame(Status::Pausing, Status::Paused); break;
    case ActionKind::UnpauseContainer: frame(Status::Unpausing, Status::Unpaused); break;
    case ActionKind::RemoveContainer: frame(Status::Removing, Status::Removed); break;
    case ActionKind::RenameContainer:
    case ActionKind::Await: break;
    }
    if (action.group == 0) return events;
    // A recreate: "Recreate" when the replacement is created, "Recreated" once it is renamed.
    events =
        ActionEvents{.name = action.kind == ActionKind::RenameContainer ? action.new_name
                                                                        : action.container.name};
    if (action.kind == ActionKind::CreateContainer) events.begin = Status::Recreating;
    if (action.kind == ActionKind::RenameContainer) events.end = Status::Recreated;
    return events;
}

}  // namespace dc
