// Progress as a small event interface: core reports what happens to each container, network,
// volume and image as events, and cli/ picks a renderer (tty, plain, json, quiet) that listens.
// Nothing here prints.
//
// The listener is called from one thread at a time (the executor's scheduling thread), in the
// order things happened, so a renderer needs no lock of its own.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dc {

enum class ResourceKind { Container, Network, Volume, Image, Project };

enum class ProgressStatus {
    Creating,
    Created,
    Recreating,
    Recreated,
    Starting,
    Started,
    Running,  // Already up to date and running: nothing to do.
    Waiting,  // Waiting for a dependency's condition (healthy, completed).
    Healthy,
    Exited,
    Stopping,
    Stopped,
    Restarting,
    Restarted,
    Killing,
    Killed,
    Pausing,
    Paused,
    Unpausing,
    Unpaused,
    Removing,
    Removed,
    Skipped,  // An optional dependency failed; its dependents went on.
    Warning,
    Error,
    Pulling,  // An image from its registry (pull), or a layer of it.
    Pulled,
    Pushing,
    Pushed,
};

struct ProgressEvent {
    ResourceKind kind = ResourceKind::Container;
    std::string name{};  // The engine's name: "p-web-1", "p_default"; the project name for Project.
    ProgressStatus status = ProgressStatus::Created;
    std::string text{};  // Detail: an error's message, a warning, "exit 0".
};

// "Container", "Network", ... as Compose's progress lines spell them.
constexpr std::string_view resource_kind_name(ResourceKind kind) {
    switch (kind) {
    case ResourceKind::Container: return "Container";
    case ResourceKind::Network: return "Network";
    case ResourceKind::Volume: return "Volume";
    case ResourceKind::Image: return "Image";
    case ResourceKind::Project: return "Project";
    }
    return "?";
}

// "Creating", "Healthy", ... as Compose's progress lines spell them.
constexpr std::string_view progress_status_name(ProgressStatus status) {
    constexpr std::string_view kNames[] = {
        "Creating", "Created", "Recreate", "Recreated", "Starting",  "Started",    "Running",
        "Waiting",  "Healthy", "Exited",   "Stopping",  "Stopped",   "Restarting", "Restarted",
        "Killing",  "Killed",  "Pausing",  "Paused",    "Unpausing", "Unpaused",   "Removing",
        "Removed",  "Skipped", "Warning",  "Error",    "Pulling",   "Pulled",     "Pushing",
        "Pushed",
    };
    return kNames[static_cast<int>(status)];
}

// Whether an event ends a resource's activity (a renderer stops its spinner) rather than begins it.
constexpr bool is_final(ProgressStatus status) {
    switch (status) {
    case ProgressStatus::Creating:
    case ProgressStatus::Recreating:
    case ProgressStatus::Starting:
    case ProgressStatus::Waiting:
    case ProgressStatus::Stopping:
    case ProgressStatus::Restarting:
    case ProgressStatus::Killing:
    case ProgressStatus::Pausing:
    case ProgressStatus::Unpausing:
    case ProgressStatus::Removing:
    case ProgressStatus::Pulling:
    case ProgressStatus::Pushing: return false;
    default: return true;
    }
}

// What core reports to. (Named Listener, not Sink: dc::ProgressSink is the engine's callback for
// a pull's or an import's progress lines, in core/engine_info.h.)
class ProgressListener {
  public:
    virtual ~ProgressListener() = default;
    virtual void on_event(const ProgressEvent& event) = 0;
};

// A listener that drops everything (`--progress quiet`, and callers that do not care).
class NullProgress final : public ProgressListener {
  public:
    void on_event(const ProgressEvent&) override {}
};

// A listener that keeps every event, for tests and for commands that summarise at the end.
class RecordedProgress final : public ProgressListener {
  public:
    void on_event(const ProgressEvent& event) override { events_.push_back(event); }
    const std::vector<ProgressEvent>& events() const { return events_; }

    // One line per event: "Container p-web-1 Started", with ": text" when there is one.
    std::vector<std::string> lines() const {
        std::vector<std::string> out{};
        for (const ProgressEvent& e : events_) {
            std::string line = std::string(resource_kind_name(e.kind)) + " " + e.name + " " +
                               std::string(progress_status_name(e.status));
            if (!e.text.empty()) line += ": " + e.text;
            out.push_back(std::move(line));
        }
        return out;
    }

  private:
    std::vector<ProgressEvent> events_{};
};

}  // namespace dc
