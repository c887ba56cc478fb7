// One service of a canonical project turned into what the engine is asked to create: the
// container's configuration, host configuration, networks and labels, mapped as Docker Compose v2
// (pkg/compose/create.go) maps them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/engine_info.h"
#include "core/engine_types.h"
#include "core/loader.h"
#include "core/node.h"

namespace dc {

// What the spec needs to know of containers that already exist. Either function may be empty,
// which reads as "no containers".
struct ContainerLookup {
    // The id of the container that stands for `service` when another service shares its
    // namespace or volumes (Compose takes the first by container number), or empty when the
    // service has no container.
    std::function<std::string(const std::string& service)> container_id;
    // The names of `service`'s containers, one-offs left out, for links.
    std::function<std::vector<std::string>(const std::string& service)> container_names;
};

// What `run` changes in the service it runs (Compose's applyRunOptions and prepareRun). The
// service's container_name, restart and deploy.restart_policy never apply to a one-off.
struct RunOptions {
    std::string name;  // --name; empty: "<project>-<service>-run-<first 12 digits of slug>".
    std::string slug;  // 64 hex digits identifying the one-off; empty: a random one.
    std::optional<std::vector<std::string>> command;  // Arguments after the service name.
    // --entrypoint; without a command it also clears the service's command.
    std::optional<std::vector<std::string>> entrypoint;
    // -e: "KEY=value", or "KEY" taken from the project environment (left out when unset there).
    std::vector<std::string> environment;
    Labels labels;            // -l, over the service's labels.
    std::string user;         // -u; empty: the service's.
    std::string working_dir;  // -w; empty: the service's.
    std::vector<std::string> cap_add;
    std::vector<std::string> cap_drop;
    bool tty = false;                  // Not -T.
    bool interactive = true;           // -i: keep stdin open and attach it.
    bool auto_remove = false;          // --rm
    bool use_aliases = false;          // --use-aliases: the service's network aliases too.
    bool service_ports = false;        // --service-ports: publish the service's ports.
    std::vector<std::string> publish;  // -p, in `ports` short syntax (without --service-ports).
};

struct SpecOptions {
    std::optional<RunOptions> run;  // A one-off container of `run`; nullopt: a service container.
    // The engine's API version. nullopt: every network goes into the spec and the engine client
    // (drivers/) connects those the engine cannot take at creation. Below 1.44 only the first
    // network goes into the spec and the others are returned to be connected after creation.
    std::optional<ApiVersion> api_version;
    std::string image_id;  // The local image's id, for the com.docker.compose.image label.
    std::string replaces;  // The id of the container this one replaces (recreate), if any.
    std::vector<std::string> environment_files;  // --env-file, for the project label.
    ContainerLookup lookup;
    // Recreating: the replaced container's mounts and the paths its image declares as VOLUME.
    // Anonymous volumes at the same paths are reused, so their data survives the recreate.
    std::vector<MountInfo> inherited_mounts;
    std::vector<std::string> image_volumes;
};

struct ServiceContainerSpec {
    ContainerSpec spec;
    // Networks to connect once the container exists, in order (only when api_version < 1.44).
    std::vector<EndpointSpec> extra_networks;
    std::string config_hash;  // Also in spec.labels.
    // Attributes the engine interface cannot carry yet or Compose ignores (secret uid/gid, ...),
    // one line each, to be shown to the user.
    std::vector<std::string> warnings;
};

// The container for `service` (a key of the model's `services`) with container number `number`
// (from 1). Throws dc::Error when the service does not exist, when a `service:` reference has no
// container, or for an attribute the engine cannot be given (a bad security_opt, say).
ServiceContainerSpec container_spec(const Project& project, const std::string& service, int number,
                                    const SpecOptions& options);

// The service as its container is created from it: `run` overrides applied and `service:`
// references resolved to container ids. This is also what the config hash is taken of.
Node effective_service(const Project& project, const std::string& service,
                       const SpecOptions& options);

// The service's network keys, highest priority first, then by name (Compose's
// NetworksByPriority). Empty when the service has no `networks` (network_mode, say).
std::vector<std::string> networks_by_priority(const Node& service);

// 64 random hex digits whose first 12 are not all decimal digits (as Docker's stringid does, so
// that a short id is never taken for a number).
std::string random_slug();

}  // namespace dc
