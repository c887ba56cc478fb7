// Profiles and service selection on a canonical project.
#pragma once

#include <string>
#include <vector>

#include "core/graph.h"
#include "core/node.h"

namespace dc {

// Removes the services no active profile enables (services without profiles
// are always on; "*" enables all; services named in `requested` are on
// whatever their profiles). Returns the removed names. A required dependency
// on a removed service is a Config error; an optional one is dropped.
// Naming a service that does not exist is a NotFound error.
std::vector<std::string> apply_profiles(Node& project, const std::vector<std::string>& active,
                                        const std::vector<std::string>& requested);

// Keeps only `requested` and the services they depend on, transitively.
void select_services(Node& project, const ServiceGraph& graph,
                     const std::vector<std::string>& requested);

// Drops top-level networks, volumes, configs and secrets that no service
// uses, as Compose does after profiles are applied.
void remove_unused_resources(Node& project);

// Every profile named by any service, sorted and de-duplicated.
std::vector<std::string> all_profiles(const Node& project);

}  // namespace dc
