// Networks and volumes from their canonical definitions. The model is already validated, so a
// field is read when present and left at the engine's default when not.
#include "core/resource_spec.h"

#include <map>
#include <string>
#include <string_view>

#include "core/labels.h"
#include "core/version.h"

namespace dc {

namespace {

std::string text_of(const Node& node, std::string_view key) {
    const Node* value = node.find(key);
    return value != nullptr ? value->text : std::string();
}

bool flag_of(const Node& node, std::string_view key) {
    const Node* value = node.find(key);
    return value != nullptr && value->kind == NodeKind::Bool && value->as_bool();
}

std::map<std::string, std::string> map_of(const Node& node, std::string_view key) {
    std::map<std::string, std::string> out;
    const Node* value = node.find(key);
    if (value == nullptr || !value->is_mapping()) return out;
    for (const Entry& entry : value->entries) out[entry.key] = entry.value->text;
    return out;
}

std::vector<IpamPool> ipam_pools(const Node& ipam) {
    std::vector<IpamPool> out;
    const Node* config = ipam.find("config");
    if (config == nullptr || !config->is_sequence()) return out;
    for (const Node& pool : config->items) {
        out.push_back({.subnet = text_of(pool, "subnet"),
                       .ip_range = text_of(pool, "ip_range"),
                       .gateway = text_of(pool, "gateway"),
                       .aux_addresses = map_of(pool, "aux_addresses")});
    }
    return out;
}

Labels compose_labels(const Node& node, const char* key_label, const std::string& key,
                      const std::string& project) {
    Labels labels = map_of(node, "labels");
    labels[key_label] = key;
    labels[kLabelProject] = project;
    labels[kLabelVersion] = kVersion;
    return labels;
}

}  // namespace

NetworkSpec network_spec(const Project& project, const ResourceDecl& network) {
    const Node& node = *network.node;
    NetworkSpec spec{.name = network.name,
                     .driver = text_of(node, "driver"),
                     .options = map_of(node, "driver_opts"),
                     .labels = compose_labels(node, kLabelNetwork, network.key, project.name),
                     .internal = flag_of(node, "internal"),
                     .attachable = flag_of(node, "attachable"),
                     .enable_ipv6 = flag_of(node, "enable_ipv6")};
    if (const Node* ipam = node.find("ipam"); ipam != nullptr && ipam->is_mapping()) {
        spec.ipam_driver = text_of(*ipam, "driver");
        spec.ipam_pools = ipam_pools(*ipam);
    }
    return spec;
}

VolumeSpec volume_spec(const Project& project, const ResourceDecl& volume) {
    const Node& node = *volume.node;
    return VolumeSpec{.name = volume.name,
                      .driver = text_of(node, "driver"),
                      .driver_options = map_of(node, "driver_opts"),
                      .labels = compose_labels(node, kLabelVolume, volume.key, project.name)};
}

}  // namespace dc
