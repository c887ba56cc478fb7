// Where cli/ joins core to drivers/: the engine client for this environment.
#pragma once

#include <memory>

#include "core/engine.h"

namespace dc::cli {

// The engine named by DOCKER_HOST / DOCKER_CONTEXT / the docker CLI's current
// context, or the local socket. Throws EngineError when it cannot be resolved.
std::unique_ptr<Engine> connect_engine();

// Whether `engine` (from connect_engine) runs on this host, behind a unix socket: only then do
// its published ports share this host's network, so that `up` can test them with bind().
bool is_local_engine(const Engine& engine);

}  // namespace dc::cli
