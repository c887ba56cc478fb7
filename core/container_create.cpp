// Container specs for the executor's CreateContainer actions.
#include "core/container_create.h"

#include <memory>

#include "core/config_hash.h"
#include "core/error.h"
#include "core/service_model.h"

namespace dc {

ServiceContainers known_containers(const ObservedState& observed) {
    ServiceContainers out;
    for (const auto& [service, containers] : observed.containers) {
        for (const ObservedContainer& container : containers) {
            out[service].try_emplace(container.number,
                                     KnownContainer{container.id, container.name});
        }
    }
    return out;
}

ContainerLookup lookup_of(ServiceContainers containers) {
    auto shared = std::make_shared<const ServiceContainers>(std::move(containers));
    ContainerLookup lookup;
    lookup.container_id = [shared](const std::string& service) {
        auto it = shared->find(service);
        return it == shared->end() || it->second.empty() ? std::string()
                                                         : it->second.begin()->second.id;
    };
    lookup.container_names = [shared](const std::string& service) {
        std::vector<std::string> names;
        if (auto it = shared->find(service); it != shared->end()) {
            for (const auto& [number, container] : it->second) names.push_back(container.name);
        }
        return names;
    };
    return lookup;
}

std::string expected_config_hash(const Project& project, const std::string& service,
                                 const ServiceContainers& containers) {
    try {
        SpecOptions options;
        options.lookup = lookup_of(containers);
        return config_hash(effective_service(project, service, options));
    } catch (const Error&) {
        return config_hash(service_node(project, service));
    }
}

ServiceContainerSpec creation_spec(const Project& project, const Action& action,
                                   const ServiceContainers& containers,
                                   std::vector<MountInfo> inherited) {
    SpecOptions options;
    options.replaces = action.replaces;
    options.image_id = action.image_id;
    options.lookup = lookup_of(containers);
    options.inherited_mounts = std::move(inherited);
    ServiceContainerSpec created = container_spec(project, action.service, action.number, options);
    created.spec.name = action.subject;
    return created;
}

}  // namespace dc
