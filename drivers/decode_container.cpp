// Containers as the engine lists and inspects them.
#include "drivers/client_internal.h"

namespace dc::docker {

using nlohmann::json;

namespace {

std::string without_slash(std::string name) {
    if (name.starts_with('/')) name.erase(0, 1);
    return name;
}

ContainerState decode_state(const json& j) {
    ContainerState out;
    out.status = text_field(j, "Status");
    out.running = bool_field(j, "Running");
    out.paused = bool_field(j, "Paused");
    out.restarting = bool_field(j, "Restarting");
    out.oom_killed = bool_field(j, "OOMKilled");
    out.dead = bool_field(j, "Dead");
    out.pid = static_cast<int>(int_field(j, "Pid"));
    out.exit_code = static_cast<int>(int_field(j, "ExitCode"));
    out.error = text_field(j, "Error");
    out.started_at = text_field(j, "StartedAt");
    out.finished_at = text_field(j, "FinishedAt");
    const json& health = object_field(j, "Health");
    out.health = text_field(health, "Status");
    out.failing_streak = static_cast<int>(int_field(health, "FailingStreak"));
    return out;
}

std::map<std::string, std::vector<PortBinding>> decode_ports(const json& ports) {
    std::map<std::string, std::vector<PortBinding>> out;
    for (const auto& [port, bindings] : ports.items()) {
        auto& list = out[port];  // A null list: exposed, not published.
        if (!bindings.is_array()) continue;
        for (const json& b : bindings) {
            list.push_back({text_field(b, "HostIp"), text_field(b, "HostPort")});
        }
    }
    return out;
}

NetworkAttachment decode_attachment(const json& j) {
    NetworkAttachment out;
    out.network_id = text_field(j, "NetworkID");
    out.endpoint_id = text_field(j, "EndpointID");
    out.ip_address = text_field(j, "IPAddress");
    out.gateway = text_field(j, "Gateway");
    out.mac_address = text_field(j, "MacAddress");
    out.aliases = strings_field(j, "Aliases");
    return out;
}

}  // namespace

ContainerSummary decode_container_summary(const json& j) {
    ContainerSummary out;
    out.id = text_field(j, "Id");
    for (std::string& name : strings_field(j, "Names")) out.names.push_back(without_slash(name));
    out.image = text_field(j, "Image");
    out.image_id = text_field(j, "ImageID");
    out.command = text_field(j, "Command");
    out.created = int_field(j, "Created");
    out.state = text_field(j, "State");
    out.status = text_field(j, "Status");
    out.labels = map_field(j, "Labels");
    if (auto it = j.find("Ports"); it != j.end() && it->is_array()) {
        for (const json& p : *it) {
            out.ports.push_back({text_field(p, "IP"), static_cast<int>(int_field(p, "PrivatePort")),
                                 static_cast<int>(int_field(p, "PublicPort")),
                                 text_field(p, "Type")});
        }
    }
    const json& settings = object_field(j, "NetworkSettings");
    for (const auto& [name, _] : object_field(settings, "Networks").items()) {
        out.networks.push_back(name);
    }
    return out;
}

ContainerInfo decode_container_info(const json& j) {
    ContainerInfo out;
    out.id = text_field(j, "Id");
    out.name = without_slash(text_field(j, "Name"));
    out.created = text_field(j, "Created");
    out.image_id = text_field(j, "Image");
    out.state = decode_state(object_field(j, "State"));
    out.restart_count = static_cast<int>(int_field(j, "RestartCount"));
    const json& config = object_field(j, "Config");
    out.image = text_field(config, "Image");
    out.labels = map_field(config, "Labels");
    out.env = strings_field(config, "Env");
    out.cmd = strings_field(config, "Cmd");
    out.entrypoint = strings_field(config, "Entrypoint");
    out.tty = bool_field(config, "Tty");
    out.open_stdin = bool_field(config, "OpenStdin");
    out.working_dir = text_field(config, "WorkingDir");
    out.user = text_field(config, "User");
    const json& host = object_field(j, "HostConfig");
    out.network_mode = text_field(host, "NetworkMode");
    out.restart_policy = text_field(object_field(host, "RestartPolicy"), "Name");
    out.auto_remove = bool_field(host, "AutoRemove");
    const json& settings = object_field(j, "NetworkSettings");
    out.ports = decode_ports(object_field(settings, "Ports"));
    for (const auto& [name, attachment] : object_field(settings, "Networks").items()) {
        out.networks[name] = decode_attachment(attachment);
    }
    if (auto it = j.find("Mounts"); it != j.end() && it->is_array()) {
        for (const json& m : *it) {
            out.mounts.push_back({text_field(m, "Type"), text_field(m, "Name"),
                                  text_field(m, "Source"), text_field(m, "Destination"),
                                  text_field(m, "Driver"), m.value("RW", true)});
        }
    }
    return out;
}

}  // namespace dc::docker
