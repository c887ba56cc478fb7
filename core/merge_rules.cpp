// Which merge rule applies where (compose-go's mergeSpecials), and the
// conversions Compose applies to a value's form before merging it.
#include <unordered_map>
#include <utility>

#include "core/error.h"
#include "core/merge_internal.h"

namespace dc::merge_detail {

std::string PathLink::str() const {
    std::vector<std::string_view> parts;
    for (const PathLink* link = this; link; link = link->parent) {
        if (!link->key.empty()) parts.push_back(link->key);
    }
    std::string out;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) out = path_join(out, *it);
    return out;
}

namespace {

Rule service_child(std::string_view key) {
    static const std::unordered_map<std::string_view, Rule> rules = {
        {"command", Rule::Replace},
        {"extends", Rule::Replace},
        {"entrypoint", Rule::Replace},
        {"healthcheck", Rule::Healthcheck},
        {"build", Rule::Build},
        {"deploy", Rule::Deploy},
        {"logging", Rule::Logging},
        {"depends_on", Rule::DependsOn},
        {"networks", Rule::ServiceNetworks},
        {"ulimits", Rule::Ulimits},
        {"annotations", Rule::ToSequence},
        {"dns", Rule::ToSequence},
        {"dns_opt", Rule::ToSequence},
        {"dns_search", Rule::ToSequence},
        {"env_file", Rule::ToSequence},
        {"environment", Rule::ToSequence},
        {"extra_hosts", Rule::ToSequence},
        {"labels", Rule::ToSequence},
        {"sysctls", Rule::ToSequence},
        {"tmpfs", Rule::ToSequence},
    };
    auto it = rules.find(key);
    return it == rules.end() ? Rule::Generic : it->second;
}

Rule build_child(std::string_view key) {
    if (key == "args" || key == "additional_contexts" || key == "extra_hosts" || key == "labels") {
        return Rule::ToSequence;
    }
    return key == "ssh" ? Rule::Ssh : Rule::Generic;
}

Rule resource_child(Rule parent, std::string_view key) {
    if (key == "external") return Rule::Replace;
    if (key == "labels" && parent != Rule::Resource) return Rule::ToSequence;
    if (key == "ipam" && parent == Rule::Network) return Rule::Ipam;
    return Rule::Generic;
}

}  // namespace

Rule child_rule(Rule parent, std::string_view key) {
    switch (parent) {
    case Rule::Document:
        if (key == "services") return Rule::Services;
        if (key == "networks") return Rule::NetworkDefs;
        if (key == "volumes") return Rule::VolumeDefs;
        if (key == "secrets" || key == "configs") return Rule::ResourceDefs;
        return Rule::Generic;
    case Rule::Services: return Rule::Service;
    case Rule::Service: return service_child(key);
    case Rule::Healthcheck: return key == "test" ? Rule::Replace : Rule::Generic;
    case Rule::Build: return build_child(key);
    case Rule::Deploy: return key == "labels" ? Rule::ToSequence : Rule::Generic;
    case Rule::Ulimits: return Rule::Replace;
    case Rule::NetworkDefs: return Rule::Network;
    case Rule::VolumeDefs: return Rule::Volume;
    case Rule::ResourceDefs: return Rule::Resource;
    case Rule::Network:
    case Rule::Volume:
    case Rule::Resource: return resource_child(parent, key);
    case Rule::Ipam: return key == "config" ? Rule::IpamConfig : Rule::Generic;
    default: return Rule::Generic;
    }
}

Node list_to_mapping(const Node& list, ListForm form) {
    Node out = Node::mapping(list.mark);
    for (const Node& item : list.items) {
        if (is_reset(item)) continue;
        std::string key = item.text;
        Node value = Node::null(item.mark);
        if (form == ListForm::DependsOn) {
            value = Node::mapping(item.mark);
            value.set("condition", Node::string("service_started", item.mark));
            value.set("required", Node::boolean(true, item.mark));
        } else if (form == ListForm::Ssh) {
            if (auto eq = key.find('='); eq != std::string::npos) {
                value = Node::string(key.substr(eq + 1), item.mark);
                key.resize(eq);
            }
        }
        out.set(key, std::move(value), item.mark);
    }
    return out;
}

bool same_scalar(const Node& a, const Node& b) {
    return a.kind == b.kind && a.text == b.text;
}

void canonicalize_external(Node& resource, const PathLink& path) {
    Entry* external = resource.is_mapping() ? resource.find_entry("external") : nullptr;
    if (!external || !external->value->is_mapping()) return;
    Mark mark = external->value->mark;
    Node legacy = *external->value;
    *external->value = Node::boolean(true, mark);
    if (const Node* legacy_name = legacy.find("name")) {
        const Node* name = resource.find("name");
        if (name && !same_scalar(*name, *legacy_name)) {
            config_error(mark, path_join(path.str(), "external"),
                         "name and external.name conflict; only use name");
        }
        if (!name) resource.set("name", *legacy_name, mark);
    }
}

}  // namespace dc::merge_detail
