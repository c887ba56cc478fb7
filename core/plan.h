// A plan: the engine actions a command will take, each with the actions it must wait for, so that
// it can be printed (`--dry-run`, and the planner's tests compare the text) before it is run by
// core/executor.h. Planners compare the project with an ObservedState and make no engine calls.
//
// Plan::str() writes one action per line, "#<id> <Kind> <subject>[ -> <new name>][ <- #a #b]
// [ (<cause>)]", for example:
//
//     #1 CreateNetwork p_default (not found)
//     #2 CreateContainer p-db-1 <- #1 (no container)
//     #3 StartContainer p-db-1 <- #2
//     #4 AwaitHealthy db <- #3 (for web)
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/engine_info.h"
#include "core/engine_types.h"
#include "core/graph.h"

namespace dc {

enum class ActionKind {
    CreateNetwork,
    CreateVolume,
    CreateContainer,
    StartContainer,
    StopContainer,
    RestartContainer,
    KillContainer,
    PauseContainer,
    UnpauseContainer,
    RemoveContainer,
    RenameContainer,
    RemoveNetwork,
    RemoveVolume,
    RemoveImage,
    Await,  // Waits, without an engine call of its own, until containers meet a condition.
};

// What an Await waits for.
enum class AwaitCondition {
    Healthy,                // depends_on's service_healthy.
    CompletedSuccessfully,  // depends_on's service_completed_successfully.
    RunningOrHealthy,       // `up --wait`: healthy when there is a healthcheck, else running.
};

// What a recreated container does with the anonymous volumes of the one it replaces.
enum class AnonymousVolumes { Keep, Renew };

// Whether an Await's failure fails the plan, or only warns (a `required: false` dependency).
enum class Requirement { Required, Optional };

// The container an action works on: one that exists, or the one an earlier action creates.
struct ContainerRef {
    std::string name{};  // Its name when the action runs.
    std::string id{};    // When it exists already.
    int created_by = 0;  // Otherwise the CreateContainer action that makes it.
};

struct Action {
    int id = 0;  // From 1, in the order the actions were added.
    ActionKind kind = ActionKind::Await;
    std::string subject{};  // What the line names: a container, network, volume, image or service.
    std::vector<int> after{};  // Actions that must succeed first, ascending.
    std::string cause{};       // Why, for the plan's text; may be empty.
    // The four actions of a recreate carry the id of its CreateContainer; progress reports them as
    // one "Recreate" of the container rather than as a create, a stop, a remove and a rename.
    int group = 0;

    // Container actions. For CreateContainer, `container.name` is the final name: a recreate
    // creates under a temporary `subject` and renames afterwards.
    ContainerRef container{};
    std::string service{};   // CreateContainer, and the service of an Await.
    int number = 0;          // CreateContainer.
    std::string replaces{};  // CreateContainer of a recreate: the old container's id.
    AnonymousVolumes anonymous_volumes = AnonymousVolumes::Keep;  // Likewise.
    std::string image_id{};  // CreateContainer: the image's id, for its label; may be empty.
    std::string new_name{};  // RenameContainer.
    std::optional<std::chrono::seconds> timeout{};  // Stop and Restart; nullopt: the container's.
    std::string signal{};                           // Kill.
    RemoveContainerOptions remove{};                // RemoveContainer.

    // Network and volume actions.
    std::optional<NetworkSpec> network{};  // CreateNetwork.
    std::optional<VolumeSpec> volume{};    // CreateVolume.

    // Await.
    AwaitCondition condition = AwaitCondition::Healthy;
    Requirement requirement = Requirement::Required;
    std::vector<ContainerRef> targets{};
    std::optional<std::chrono::milliseconds> deadline{};  // From when the wait begins.
    std::string timeout_message{};                        // The failure when the deadline passes.
};

class Plan {
  public:
    // Appends an action, numbering it; returns its id. `after` is sorted and deduplicated.
    int add(Action action);

    // The id the next add() will give.
    int next_id() const { return static_cast<int>(actions_.size()) + 1; }
    const std::vector<Action>& actions() const { return actions_; }
    const Action& action(int id) const { return actions_.at(static_cast<std::size_t>(id - 1)); }
    bool empty() const { return actions_.empty(); }
    std::string str() const;

    // What planning found worth telling (orphans, unmanaged networks), and the containers that
    // are already as wanted and running.
    std::vector<std::string> warnings{};
    std::vector<std::string> running{};

  private:
    std::vector<Action> actions_{};
};

// "CreateContainer", "AwaitHealthy", ... as Plan::str() writes them.
std::string action_name(const Action& action);

// The one traversal every planner orders services with. It visits `services` (a subset of the
// graph's, in any order) dependencies first (Direction::Start) or dependents first
// (Direction::Stop). `visit` gets each service and the actions that the services before it (its
// dependencies, or its dependents) finished with, and returns the actions that finish the
// service. A service with none passes on what it waited for, so order holds across it.
enum class WalkDirection { Start, Stop };
using ServiceVisit =
    std::function<std::vector<int>(const std::string& service, const std::vector<int>& after)>;
void walk_services(const ServiceGraph& graph, const std::vector<std::string>& services,
                   WalkDirection direction, const ServiceVisit& visit);

// Throws dc::Error (NotFound) "no such service: x" for the first of `services` the graph lacks.
void require_services(const ServiceGraph& graph, const std::vector<std::string>& services);

// Appends `more` to `ids`.
void append(std::vector<int>& ids, const std::vector<int>& more);

}  // namespace dc
