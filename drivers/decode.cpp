// The engine's JSON to core's values: field readers, and networks, volumes, images, versions,
// execs, events and path stats. Containers are in decode_container.cpp.
#include "drivers/api_version.h"
#include "drivers/client_internal.h"

namespace dc::docker {

using nlohmann::json;

namespace {

const json kNull;

const json* find(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

[[noreturn]] void wrong_type(const char* key, const char* expected) {
    throw std::runtime_error(std::string(key) + " is not " + expected);
}

}  // namespace

std::string text_field(const json& object, const char* key) {
    const json* value = find(object, key);
    if (value == nullptr) return {};
    if (!value->is_string()) wrong_type(key, "a string");
    return value->get<std::string>();
}

std::int64_t int_field(const json& object, const char* key) {
    const json* value = find(object, key);
    if (value == nullptr) return 0;
    if (!value->is_number()) wrong_type(key, "a number");
    return value->get<std::int64_t>();
}

bool bool_field(const json& object, const char* key) {
    const json* value = find(object, key);
    if (value == nullptr) return false;
    if (!value->is_boolean()) wrong_type(key, "a boolean");
    return value->get<bool>();
}

std::vector<std::string> strings_field(const json& object, const char* key) {
    const json* value = find(object, key);
    if (value == nullptr) return {};
    if (value->is_string()) return {value->get<std::string>()};  // Cmd may be a bare string.
    if (!value->is_array()) wrong_type(key, "a list");
    std::vector<std::string> out;
    for (const json& item : *value) {
        if (!item.is_string()) wrong_type(key, "a list of strings");
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::map<std::string, std::string> map_field(const json& object, const char* key) {
    const json* value = find(object, key);
    if (value == nullptr) return {};
    if (!value->is_object()) wrong_type(key, "a mapping");
    std::map<std::string, std::string> out;
    for (const auto& [name, item] : value->items()) {
        if (item.is_string())
            out[name] = item.get<std::string>();
        else if (!item.is_null())
            out[name] = item.dump();
    }
    return out;
}

const json& object_field(const json& object, const char* key) {
    const json* value = find(object, key);
    if (value == nullptr) return kNull;
    if (!value->is_object()) wrong_type(key, "a mapping");
    return *value;
}

NetworkInfo decode_network(const json& j) {
    NetworkInfo out;
    out.id = text_field(j, "Id");
    out.name = text_field(j, "Name");
    out.driver = text_field(j, "Driver");
    out.scope = text_field(j, "Scope");
    out.internal = bool_field(j, "Internal");
    out.attachable = bool_field(j, "Attachable");
    out.enable_ipv6 = bool_field(j, "EnableIPv6");
    out.labels = map_field(j, "Labels");
    out.options = map_field(j, "Options");
    const json& ipam = object_field(j, "IPAM");
    if (const json* pools = find(ipam, "Config"); pools != nullptr && pools->is_array()) {
        for (const json& pool : *pools) {
            out.ipam_pools.push_back({text_field(pool, "Subnet"), text_field(pool, "IPRange"),
                                      text_field(pool, "Gateway"),
                                      map_field(pool, "AuxiliaryAddresses")});
        }
    }
    for (const auto& [id, _] : object_field(j, "Containers").items()) out.containers.push_back(id);
    return out;
}

VolumeInfo decode_volume(const json& j) {
    return {text_field(j, "Name"),  text_field(j, "Driver"),    text_field(j, "Mountpoint"),
            text_field(j, "Scope"), text_field(j, "CreatedAt"), map_field(j, "Labels"),
            map_field(j, "Options")};
}

ImageInfo decode_image(const json& j) {
    ImageInfo out;
    out.id = text_field(j, "Id");
    out.repo_tags = strings_field(j, "RepoTags");
    out.repo_digests = strings_field(j, "RepoDigests");
    out.created = text_field(j, "Created");
    out.size = int_field(j, "Size");
    out.os = text_field(j, "Os");
    out.architecture = text_field(j, "Architecture");
    const json& config = object_field(j, "Config");
    out.labels = map_field(config, "Labels");
    out.env = strings_field(config, "Env");
    out.cmd = strings_field(config, "Cmd");
    out.entrypoint = strings_field(config, "Entrypoint");
    out.working_dir = text_field(config, "WorkingDir");
    out.user = text_field(config, "User");
    for (const auto& [port, _] : object_field(config, "ExposedPorts").items()) {
        out.exposed_ports.push_back(port);
    }
    out.last_tag_time = text_field(object_field(j, "Metadata"), "LastTagTime");
    return out;
}

ImageSummary decode_image_summary(const json& j) {
    return {text_field(j, "Id"), strings_field(j, "RepoTags"), int_field(j, "Created"),
            int_field(j, "Size"), map_field(j, "Labels")};
}

VersionInfo decode_version(const json& j) {
    VersionInfo out;
    out.version = text_field(j, "Version");
    out.api_version = parse_api_version(text_field(j, "ApiVersion")).value_or(ApiVersion{});
    out.min_api_version = parse_api_version(text_field(j, "MinAPIVersion")).value_or(ApiVersion{});
    out.os = text_field(j, "Os");
    out.arch = text_field(j, "Arch");
    out.kernel_version = text_field(j, "KernelVersion");
    return out;
}

ExecInfo decode_exec(const json& j) {
    ExecInfo out;
    out.running = bool_field(j, "Running");
    // ExitCode is null while the process runs.
    if (find(j, "ExitCode") != nullptr && !out.running) {
        out.exit_code = static_cast<int>(int_field(j, "ExitCode"));
    }
    out.pid = static_cast<int>(int_field(j, "Pid"));
    out.container_id = text_field(j, "ContainerID");
    return out;
}

Event decode_event(const json& j) {
    Event out;
    out.type = text_field(j, "Type");
    out.action = text_field(j, "Action");
    // Docker says "health_status: healthy"; Podman says "health_status" and HealthStatus.
    // Other actions keep their detail ("exec_start: sh -c ...").
    constexpr std::string_view kHealth = "health_status: ";
    if (out.action.starts_with(kHealth)) {
        out.health_status = out.action.substr(kHealth.size());
        out.action.resize(kHealth.size() - 2);
    }
    if (out.health_status.empty()) out.health_status = text_field(j, "HealthStatus");
    const json& actor = object_field(j, "Actor");
    out.actor_id = text_field(actor, "ID");
    out.attributes = map_field(actor, "Attributes");
    out.scope = text_field(j, "scope");
    out.time_nano = int_field(j, "timeNano");
    return out;
}

PathStat decode_path_stat(const json& j) {
    return {text_field(j, "name"), int_field(j, "size"),
            static_cast<std::uint32_t>(int_field(j, "mode")), text_field(j, "mtime"),
            text_field(j, "linkTarget")};
}

}  // namespace dc::docker
