// Top-level networks, volumes, secrets and configs, and the default network.
#include "core/error.h"
#include "core/normalize_internal.h"
#include "core/normalize_text.h"

namespace dc {

namespace {

constexpr std::string_view kResourceKinds[] = {"networks", "volumes", "secrets", "configs"};

bool is_true(const Node* node) {
    if (node == nullptr) return false;
    auto value = parse_go_bool(go_sprint(*node));
    return value && *value;
}

// `external: {name: x}` (deprecated) becomes `external: true` plus `name: x`.
void canonical_external(Node& resource, const std::string& path) {
    Node* external = resource.find("external");
    if (external == nullptr || !external->is_mapping()) return;
    std::optional<Node> external_name;
    if (const Node* name = external->find("name")) external_name = *name;
    *external = Node::boolean(true, external->mark);
    if (!external_name) return;
    const Node* name = resource.find("name");
    if (name != nullptr && name->text != external_name->text) {
        config_error(name->mark, path, "name and external.name conflict; only use name");
    }
    if (name == nullptr) resource.set("name", std::move(*external_name));
}

void normalize_resource(Node& resource, const std::string& key, std::string_view kind,
                        const NormalizeOptions& options, const std::string& path) {
    if (resource.is_null()) resource = Node::mapping(resource.mark);
    if (!resource.is_mapping()) config_error(resource.mark, path, "expected a mapping");
    canonical_external(resource, path);
    if (options.resolve_paths) resolve_resource_paths(resource, kind, options.project_dir);
    const Node* name = resource.find("name");
    if (name == nullptr || name->is_null()) {
        std::string value =
            is_true(resource.find("external")) ? key : options.project_name + "_" + key;
        resource.set("name", Node::string(std::move(value), resource.mark));
    }
    // Compose never prints a secret's content, nor a config's read from the environment.
    if (kind == "secrets" || (kind == "configs" && resource.find("environment"))) {
        resource.erase("content");
    }
    decode_value(resource, *project_model().find(kind)->type->element, path);
}

}  // namespace

void normalize_resources(Node& document, const NormalizeOptions& options) {
    for (std::string_view kind : kResourceKinds) {
        Node* resources = document.find(kind);
        if (resources == nullptr) continue;
        if (resources->is_null()) {
            document.erase(kind);
            continue;
        }
        if (!resources->is_mapping()) config_error(resources->mark, kind, "expected a mapping");
        for (Entry& entry : resources->entries) {
            normalize_resource(*entry.value, entry.key, kind, options, path_join(kind, entry.key));
        }
    }
}

void add_default_network(Node& document) {
    Node* services = document.find("services");
    if (services == nullptr) return;
    bool uses_default = false;
    for (Entry& entry : services->entries) {
        Node& service = *entry.value;
        if (service.find("network_mode")) continue;
        Node* networks = service.find("networks");
        bool empty = networks == nullptr || networks->is_null() ||
                     (networks->is_mapping() && networks->entries.empty()) ||
                     (networks->is_sequence() && networks->items.empty());
        if (empty) {
            Node mapping = Node::mapping(service.mark);
            mapping.set("default", Node::null(service.mark));
            service.set("networks", std::move(mapping));
            uses_default = true;
        } else if (networks->find("default")) {
            uses_default = true;
        }
    }
    if (!uses_default) return;
    Node& networks = ensure_mapping(document, "networks");
    if (!networks.find("default")) networks.set("default", Node::null());
}

}  // namespace dc
