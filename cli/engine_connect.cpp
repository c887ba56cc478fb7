#include "cli/engine_connect.h"

#include "drivers/docker_client.h"
#include "drivers/docker_host.h"

namespace dc::cli {

std::unique_ptr<Engine> connect_engine() {
    docker::Endpoint endpoint =
        value_or_throw(docker::resolve_endpoint(docker::EndpointOverrides{}, os_environment()));
    return std::make_unique<docker::DockerClient>(std::move(endpoint));
}

bool is_local_engine(const Engine& engine) {
    const auto* client = dynamic_cast<const docker::DockerClient*>(&engine);
    return client != nullptr && client->endpoint().kind == docker::HostKind::Unix;
}

}  // namespace dc::cli
