// Where cli/ joins core to drivers/: the engine client for this environment.
#pragma once

#include <memory>

#include "core/engine.h"

namespace dc::cli {

// The engine named by DOCKER_HOST / DOCKER_CONTEXT / the docker CLI's current
// context, or the local socket. Throws EngineError when it cannot be resolved.
std::unique_ptr<Engine> connect_engine();

}  // namespace dc::cli
