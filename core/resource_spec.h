// The engine specs of a project's networks and volumes, with the labels Compose puts on them
// (com.docker.compose.network or .volume with the key, .project and .version), so that the next
// `up` or `down` finds them by label.
#pragma once

#include "core/engine_info.h"
#include "core/loader.h"
#include "core/service_model.h"

namespace dc {

NetworkSpec network_spec(const Project& project, const ResourceDecl& network);
VolumeSpec volume_spec(const Project& project, const ResourceDecl& volume);

}  // namespace dc
