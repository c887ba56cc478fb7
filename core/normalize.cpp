// The canonical form, step by step in compose-go's order: short syntax
// expanded service by service, the default network added, resources named.
// Dropping unused resources is left to the caller (remove_unused_resources in
// core/profiles.h), since it must follow profile and service selection.
#include "core/normalize.h"

#include "core/error.h"
#include "core/normalize_internal.h"

namespace dc {

Node& ensure_mapping(Node& parent, std::string_view key) {
    Node* existing = parent.find(key);
    if (existing != nullptr && existing->is_mapping()) return *existing;
    return parent.set(key, Node::mapping(existing ? existing->mark : parent.mark));
}

namespace {

void normalize_services(Node& document, const NormalizeOptions& options) {
    Node& services = ensure_mapping(document, "services");
    for (Entry& entry : services.entries) {
        Node& service = *entry.value;
        if (service.is_null()) service = Node::mapping(service.mark);
        normalize_service(service, options, path_join("services", entry.key));
    }
}

// Keeps the attributes the model knows and the x-* extensions.
void drop_unknown_top_level_keys(Node& document) {
    const StructModel& model = project_model();
    std::erase_if(document.entries, [&](const Entry& entry) {
        return entry.key.rfind("x-", 0) != 0 && model.find(entry.key) == nullptr;
    });
}

}  // namespace

void normalize_project(Node& document, const NormalizeOptions& options) {
    if (document.is_null()) document = Node::mapping(document.mark);
    if (!document.is_mapping()) {
        config_error(document.mark, "", "Top-level object must be a mapping");
    }
    document.tag.clear();
    normalize_services(document, options);
    add_default_network(document);
    normalize_resources(document, options);
    document.set("name", Node::string(options.project_name, document.mark));
    drop_unknown_top_level_keys(document);
}

void name_raw_project(Node& document, const NormalizeOptions& options) {
    add_default_network(document);
    normalize_resources(document, options);
    document.set("name", Node::string(options.project_name, document.mark));
}

}  // namespace dc
