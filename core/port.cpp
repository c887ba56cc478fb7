// `dc port`: the host address publishing a container port, found as Compose finds it: the first
// of the container's port entries with that private port and protocol.
#include "core/error.h"
#include "core/exec.h"
#include "core/tools.h"

namespace dc {

std::string run_port(const Project& project, Engine& engine, const PortOptions& options) {
    check_services(project, {options.service});
    ContainerSummary target = exec_target(project.name, engine, options.service, options.index);
    std::string published;
    for (const PublishedPort& p : target.ports) {
        if (p.private_port == options.port && p.protocol == options.protocol) {
            return p.host_ip + ":" + std::to_string(p.public_port);
        }
        published +=
            (published.empty() ? "" : ", ") + std::to_string(p.public_port) + "/" + p.protocol;
    }
    throw Error(ErrorKind::Failure, "no port " + std::to_string(options.port) + "/" +
                                        options.protocol + " for container " +
                                        container_name(target) + ": " + published);
}

}  // namespace dc
