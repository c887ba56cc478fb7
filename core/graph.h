// The service graph: dependencies, start and stop order, cycles.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/node.h"

namespace dc {

enum class DependencyCondition { Started, Healthy, CompletedSuccessfully };

struct Dependency {
    std::string service;
    DependencyCondition condition = DependencyCondition::Started;
    bool required = true;
    bool restart = false;
    bool implicit = false;  // From links, network_mode: service:x or volumes_from.
};

// The Compose spelling of a condition: "service_started", "service_healthy", ...
std::string_view condition_name(DependencyCondition condition);

class ServiceGraph {
  public:
    // Builds the graph from a canonical project's `services`, counting links,
    // `network_mode: service:x` and volumes_from as dependencies too. Throws
    // dc::Error (Config) at the place the dependency is written, for a
    // dependency on an unknown service ("...: services.web.depends_on.db:
    // service "web" depends on undefined service "db"") and for a cycle
    // ("...: dependency cycle detected: a -> b -> a", the whole path). A
    // dependency with `required: false` on a service that is not in the
    // project (disabled by a profile) is left out.
    static ServiceGraph from_project(const Node& project);

    // Service names, sorted.
    const std::vector<std::string>& services() const { return names_; }
    bool contains(const std::string& service) const;
    // The direct dependencies of a service, sorted by name. Throws dc::Error
    // (NotFound) "no such service: x" for an unknown service, as every method
    // taking service names does.
    const std::vector<Dependency>& dependencies(const std::string& service) const;
    // The services that depend directly on `service`, sorted by name.
    std::vector<std::string> dependents(const std::string& service) const;

    // Dependencies first; ties broken by name.
    std::vector<std::string> start_order() const;
    // Dependents first: the reverse of start_order.
    std::vector<std::string> stop_order() const;
    // Groups that can start together: every service of group i depends only on
    // services of groups before i. Each group is sorted by name.
    std::vector<std::vector<std::string>> start_levels() const;
    // Groups that can stop together: every service of group i is depended on
    // only by services of groups before i.
    std::vector<std::vector<std::string>> stop_levels() const;

    // The targets and everything they depend on, transitively, in start order
    // (what `dc up web` starts). Throws for an unknown target.
    std::vector<std::string> dependency_closure(const std::vector<std::string>& targets) const;
    // The targets and everything that depends on them, transitively, in stop
    // order (what stopping the targets must stop first). Throws for an unknown
    // target.
    std::vector<std::string> dependent_closure(const std::vector<std::string>& targets) const;

  private:
    // Which way a traversal follows the edges: towards what a service needs, or
    // towards what needs it. Every walk below works in either direction.
    enum class Direction { Dependencies, Dependents };
    // Edges in compressed form: the neighbours of service i are
    // targets[first[i]] up to targets[first[i + 1]], in ascending order.
    struct Adjacency {
        std::vector<std::size_t> first{0};
        std::vector<std::size_t> targets;
        std::span<const std::size_t> operator[](std::size_t service) const {
            return {targets.data() + first[service], first[service + 1] - first[service]};
        }
    };

    std::size_t index_of(const std::string& service) const;
    const Adjacency& edges(Direction direction) const;
    std::vector<std::size_t> order(Direction direction) const;
    std::vector<std::vector<std::string>> levels(Direction direction) const;
    std::vector<std::string> closure(const std::vector<std::string>& targets,
                                     Direction direction) const;
    void link_dependents();
    bool sort_topologically();
    std::vector<std::size_t> find_cycle() const;

    std::vector<std::string> names_;  // Sorted; a service's index is its position.
    std::vector<std::vector<Dependency>> deps_;  // By index, each sorted by name.
    Adjacency needs_;  // Dependency indices of each service, ascending.
    Adjacency needed_by_;  // Dependent indices of each service, ascending.
    std::vector<std::size_t> start_;  // Service indices in start order.
};

}  // namespace dc
