// What the engine has for a project, read once before planning: its containers (by the label
// com.docker.compose.project=<name>), classified by service, one-off or orphan; and the networks
// and volumes the project declares, found by label or, failing that, by name. The planners compare
// this snapshot with the project and make no engine calls of their own.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/loader.h"

namespace dc {

struct ObservedContainer {
    std::string id{};
    std::string name{};
    std::string service{};      // Label com.docker.compose.service.
    int number = 0;             // Label com.docker.compose.container-number; 0 when missing.
    bool oneoff = false;        // Label com.docker.compose.oneoff is "True".
    std::string state{};        // "created", "running", "paused", "restarting", "exited", "dead".
    std::string config_hash{};  // Label com.docker.compose.config-hash.
    std::string image_id{};     // The id of the image it runs, when the engine said.
    std::int64_t created = 0;
    Labels labels{};

    bool running() const { return state == "running" || state == "restarting"; }
};

// A network or volume the project declares, as the engine has it.
struct ObservedResource {
    std::string id{};  // Networks only.
    std::string name{};
    std::string project{};  // Its com.docker.compose.project label; may be another's, or empty.

    bool owned_by(const std::string& project_name) const { return project == project_name; }
};

struct ObservedState {
    std::string project{};
    // The service containers (not one-off) of the project's services, enabled or disabled by
    // profiles, by service, each list sorted by number.
    std::map<std::string, std::vector<ObservedContainer>> containers{};
    // One-off containers (`run`) of the project's services.
    std::vector<ObservedContainer> oneoffs{};
    // Containers labelled with the project whose service the project does not have, and one-off
    // containers of such services.
    std::vector<ObservedContainer> orphans{};
    // The declared, non-external networks and volumes that exist, by key.
    std::map<std::string, ObservedResource> networks{};
    std::map<std::string, ObservedResource> volumes{};
    // The ids of the local images, by reference ("postgres:16" -> "sha256:..."), as `up` found
    // them before planning (core/up_checks.h); observe() leaves this empty. A container whose
    // image differs from its service's is recreated.
    std::map<std::string, std::string> images{};

    // The containers of a service (empty when it has none).
    const std::vector<ObservedContainer>& of(const std::string& service) const;
};

// Whether observing checks that the external networks and volumes exist (`up` needs them; `down`
// and `stop` do not care).
enum class Externals { MustExist, Ignore };

// Reads the project's containers, networks and volumes. Throws EngineError when the engine fails,
// and with Externals::MustExist dc::Error (NotFound) for an external network or volume that does
// not exist, with Compose's messages: "network x declared as external, but could not be found",
// "external volume \"x\" not found".
ObservedState observe(const Project& project, Engine& engine,
                      Externals externals = Externals::MustExist);

// The warnings Compose gives about what it found: orphan containers (unless `remove_orphans`),
// and declared networks or volumes that exist under the right name but belong to another project
// or to none (they are used as they are).
enum class OrphanWarning { Give, Skip };
std::vector<std::string> observation_warnings(const Project& project, const ObservedState& state,
                                              OrphanWarning orphans);

}  // namespace dc
