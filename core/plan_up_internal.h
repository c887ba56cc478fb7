// The `up` planner's state, shared by plan_up.cpp (selection, orphans, networks and volumes) and
// plan_up_services.cpp (each service's containers, starts and waits). Not for other callers:
// they use plan_up() in core/up.h.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/container_create.h"
#include "core/plan_starts.h"
#include "core/resource_spec.h"
#include "core/up.h"

namespace dc {

class UpPlanner {
  public:
    UpPlanner(const Project& project, const ServiceGraph& graph, const ObservedState& observed,
              const UpOptions& options);
    Plan build();

  private:
    void check_options() const;
    void select_services();
    bool is_selected(const std::string& service) const;
    int scale_of(const std::string& service) const;
    RecreatePolicy policy_for(const std::string& service) const;
    void plan_orphans();
    void plan_resources();
    std::vector<int> infrastructure(const std::string& service) const;

    std::vector<int> plan_containers(const std::string& service, const std::vector<int>& after);
    std::string recreate_cause(const std::string& service, const ObservedContainer& container,
                               const std::string& hash) const;
    StartPlanner::Slot plan_recreate(const std::string& service, const ObservedContainer& old,
                                     std::vector<int> after, const std::string& cause);
    std::vector<int> stop_restarting_dependents(const std::string& service);
    void plan_scale_down(const ObservedContainer& container, std::vector<int>& finished);

    const Project& project_;
    const ServiceGraph& graph_;
    const ObservedState& observed_;
    const UpOptions& options_;
    Plan plan_;
    std::vector<std::string> named_;     // The services named on the command line.
    std::vector<std::string> selected_;  // Those and, without --no-deps, their dependencies.
    ServiceContainers observed_ids_;     // What `service:` references resolve to now.
    std::map<std::string, int> network_actions_;  // CreateNetwork by network key.
    std::map<std::string, int> volume_actions_;   // CreateVolume by volume key.
    StartPlanner starts_;                         // Each service's containers, and their starts.
    std::set<std::string> recreated_;             // Services with a container being replaced.
    std::map<std::string, int> stopped_;          // StopContainer actions by container id.
};

}  // namespace dc
