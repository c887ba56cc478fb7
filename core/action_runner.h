// One action's engine call, as a worker thread runs it, and the progress events that frame it.
// A worker is handed everything it needs (TaskInput) and reports a TaskResult; it never reads or
// writes the executor's scheduling state.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/container_create.h"
#include "core/engine.h"
#include "core/plan.h"
#include "core/progress.h"

namespace dc {

struct TaskInput {
    std::string container_id{};        // Container actions: the container, resolved.
    const Project* project = nullptr;  // Create and StartContainer: read only, shared.
    ServiceContainers containers{};    // CreateContainer: a copy of what the executor knows.
};

struct TaskResult {
    bool ok = true;
    std::string message{};                // When !ok: "container p-web-1: engine: ...".
    std::string created_id{};             // CreateContainer.
    std::vector<std::string> warnings{};  // The engine's, or "Resource is still in use".
};

// Serialises the container starts for which the engine allocates host ports (ephemeral or from a
// range), across every worker of a process: it allocates them non-atomically, and two concurrent
// starts can be given the same host port. Compose serialises every start; starts that publish
// fixed ports or none cannot race that way, and run in parallel.
class StartLock {
  public:
    std::mutex& mutex() { return mutex_; }

  private:
    std::mutex mutex_{};
};

// Makes the engine call of `action` (anything but an Await); for CreateContainer, also the spec
// (which reads the project, and inspects the container being replaced). "Not found" when stopping
// or removing, and "in use" when removing a network, volume or image, are not failures: Compose
// reports the first as done and the second as a warning.
TaskResult perform(Engine& engine, const Action& action, const TaskInput& input, StartLock& starts);

// The progress events of an action: what it is reported as, and the statuses it begins and ends
// with (none for the inner steps of a recreate, which is reported as one "Recreate").
struct ActionEvents {
    ResourceKind kind = ResourceKind::Container;
    std::string name{};
    std::optional<ProgressStatus> begin{};
    std::optional<ProgressStatus> end{};
};
ActionEvents events_of(const Action& action);

}  // namespace dc
