// The consistency rules Compose checks on a canonical project once profiles
// are applied (compose-go's checkConsistency), minus the dependency checks,
// which the service graph makes.
#pragma once

#include "core/node.h"

namespace dc {

// Throws dc::Error (Config) for the first problem found, in service order:
// a service without image or build, a reference to an undefined network,
// volume, config or secret, `network_mode` together with `networks`, a
// healthcheck test not starting with CMD / CMD-SHELL / NONE, attributes that
// contradict their deploy counterpart (cpus, mem_limit, mem_reservation,
// pids_limit, scale), container_name with more than one replica or used by
// two services, a watch rule without target, a secret without source.
// Like Compose, copies `scale` into deploy.replicas when both exist.
void check_consistency(Node& project);

}  // namespace dc
