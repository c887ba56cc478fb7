// What the lifecycle commands read from a project's canonical model: how many containers a
// service wants and what they are called, which networks and volumes it uses, which services it
// shares a namespace with, and the top-level networks and volumes with their engine names.
#pragma once

#include <string>
#include <vector>

#include "core/loader.h"
#include "core/node.h"

namespace dc {

// The canonical node of a service. Throws dc::Error (NotFound) "no such service: x".
const Node& service_node(const Project& project, const std::string& service);

// How many containers the service wants: `scale`, else `deploy.replicas`, else 1.
int service_scale(const Node& service);

// The container's name: `container_name`, else "<project>-<service>-<number>".
std::string container_name(const Project& project, const std::string& service, int number);

// The image a service's containers run: `image`, else the name `build` gives it,
// "<project>-<service>".
std::string service_image(const Project& project, const std::string& service);

// The keys of the top-level networks a service joins, sorted.
std::vector<std::string> service_networks(const Node& service);

// The keys of the top-level volumes a service mounts, sorted, without duplicates.
std::vector<std::string> service_volumes(const Node& service);

// The services whose container this service's container names by id: `network_mode`, `ipc` and
// `pid` of the form "service:x", and `volumes_from` items that are not "container:...". When such
// a container is replaced, the dependent must be recreated to point at the new one.
std::vector<std::string> namespace_parents(const Node& service);

// A top-level network or volume.
struct ResourceDecl {
    std::string key{};   // Its key under `networks` or `volumes`.
    std::string name{};  // The engine's name ("p_default", or `name:`).
    bool external = false;
    const Node* node = nullptr;  // Its canonical definition; never null.
};

// The top-level networks or volumes, by key.
std::vector<ResourceDecl> declared_networks(const Project& project);
std::vector<ResourceDecl> declared_volumes(const Project& project);

// One of them by key; nullptr when the project declares none of that key.
const ResourceDecl* find_decl(const std::vector<ResourceDecl>& decls, const std::string& key);

}  // namespace dc
