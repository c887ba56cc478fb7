// Creating a service container for the executor: which containers `service:` references and
// links resolve to, the configuration hash an up-to-date container has, and the spec of a
// CreateContainer action (core/service_spec.h does the mapping).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/engine_info.h"
#include "core/loader.h"
#include "core/observed_state.h"
#include "core/plan.h"
#include "core/service_spec.h"

namespace dc {

struct KnownContainer {
    std::string id{};
    std::string name{};
};
// The project's service containers as far as the executor knows them: by service, by number.
using ServiceContainers = std::map<std::string, std::map<int, KnownContainer>>;

// The service containers of an observed state.
ServiceContainers known_containers(const ObservedState& observed);

// A lookup over a copy of `containers`, so that a worker thread can use it on its own: a service
// stands for its lowest-numbered container.
ContainerLookup lookup_of(ServiceContainers containers);

// The config hash of `service` as its containers would be created now. When a `service:`
// reference has no container yet, the service is hashed as written (no container can have that
// hash, so one that exists is replaced, as in Compose).
std::string expected_config_hash(const Project& project, const std::string& service,
                                 const ServiceContainers& containers);

// The spec of CreateContainer `action`, named as the action says. `inherited` are the mounts of
// the container it replaces (a recreate keeps its anonymous volumes). Throws dc::Error as
// container_spec() does ("cannot share network namespace with service db: container missing").
ServiceContainerSpec creation_spec(const Project& project, const Action& action,
                                   const ServiceContainers& containers,
                                   std::vector<MountInfo> inherited);

}  // namespace dc
