// Planning container starts gated by depends_on, shared by `up` and `start`: a service's
// containers start after their own creation and after each dependency is started
// (service_started), healthy (service_healthy) or completed (service_completed_successfully),
// through one Await per dependency and condition. `--wait` adds an Await per service.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/graph.h"
#include "core/plan.h"

namespace dc {

class StartPlanner {
  public:
    // A container the service has (or will have once the plan's earlier actions ran).
    struct Slot {
        ContainerRef ref{};    // Its final name, and its id or the action creating it.
        int ready = 0;         // The action after which it exists under its final name; 0: it does.
        bool running = false;  // Whether it runs already (or will, without a StartContainer).
    };

    // `selected` is sorted; dependencies outside it are not waited for (`--no-deps`). Awaits get
    // `timeout` as their deadline when there is one.
    StartPlanner(Plan& plan, const ServiceGraph& graph, const std::vector<std::string>& selected,
                 std::optional<std::chrono::seconds> timeout);

    std::vector<Slot>& slots(const std::string& service) { return slots_[service]; }

    // Adds the starts of a service's containers that do not run; call in start order. Returns them.
    std::vector<int> plan_starts(const std::string& service);

    // `--wait`: an Await per selected service with containers, after its starts.
    void plan_wait();

    // The names of the containers that run already and that the plan leaves alone.
    std::vector<std::string> running() const;

  private:
    using AwaitKey = std::tuple<std::string, AwaitCondition, Requirement>;

    bool is_selected(const std::string& service) const;
    std::vector<int> dependency_gates(const std::string& service);
    int await(const std::string& service, AwaitCondition condition, Requirement requirement,
              const std::string& timeout_message);

    Plan& plan_;
    const ServiceGraph& graph_;
    const std::vector<std::string>& selected_;
    std::optional<std::chrono::seconds> timeout_{};
    std::map<std::string, std::vector<Slot>> slots_{};  // By service.
    std::map<std::string, std::vector<int>> starts_{};  // StartContainer actions by service.
    std::map<AwaitKey, int> awaits_{};
};

}  // namespace dc
