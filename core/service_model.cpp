// Reading the canonical model. The loader has already validated and normalised it (`networks`
// and `volumes` in long form, `depends_on` as a mapping), so the readers here only look things
// up and fall back to Compose's defaults.
#include "core/service_model.h"

#include <algorithm>
#include <string_view>

#include "core/error.h"

namespace dc {

namespace {

constexpr std::string_view kServicePrefix = "service:";

bool is_true(const Node* node) {
    return node != nullptr && node->kind == NodeKind::Bool && node->as_bool();
}

std::vector<ResourceDecl> declared(const Project& project, std::string_view section) {
    std::vector<ResourceDecl> out;
    const Node* top = project.model.find(section);
    if (top == nullptr || !top->is_mapping()) return out;
    for (const Entry& entry : top->entries) {
        const Node& node = *entry.value;
        const Node* name = node.is_mapping() ? node.find("name") : nullptr;
        out.push_back({.key = entry.key,
                       .name = name != nullptr ? name->text : project.name + "_" + entry.key,
                       .external = node.is_mapping() && is_true(node.find("external")),
                       .node = &node});
    }
    return out;
}

void sort_unique(std::vector<std::string>& names) {
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
}

}  // namespace

const Node& service_node(const Project& project, const std::string& service) {
    const Node* services = project.model.find("services");
    const Node* node = services != nullptr ? services->find(service) : nullptr;
    if (node == nullptr) throw Error(ErrorKind::NotFound, "no such service: " + service);
    return *node;
}

int service_scale(const Node& service) {
    const Node* scale = service.find("scale");
    if (scale == nullptr) {
        const Node* deploy = service.find("deploy");
        scale = deploy != nullptr ? deploy->find("replicas") : nullptr;
    }
    if (scale == nullptr || scale->kind != NodeKind::Int) return 1;
    return static_cast<int>(scale->as_int());
}

std::string container_name(const Project& project, const std::string& service, int number) {
    const Node* name = service_node(project, service).find("container_name");
    if (name != nullptr && !name->text.empty()) return name->text;
    return project.name + "-" + service + "-" + std::to_string(number);
}

std::string service_image(const Project& project, const std::string& service) {
    const Node* image = service_node(project, service).find("image");
    if (image != nullptr && !image->text.empty()) return image->text;
    return project.name + "-" + service;
}

std::vector<std::string> service_networks(const Node& service) {
    std::vector<std::string> out;
    const Node* networks = service.find("networks");
    if (networks == nullptr || !networks->is_mapping()) return out;
    for (const Entry& entry : networks->entries) out.push_back(entry.key);
    sort_unique(out);
    return out;
}

std::vector<std::string> service_volumes(const Node& service) {
    std::vector<std::string> out;
    const Node* volumes = service.find("volumes");
    if (volumes == nullptr || !volumes->is_sequence()) return out;
    for (const Node& mount : volumes->items) {
        const Node* type = mount.find("type");
        const Node* source = mount.find("source");
        if (type != nullptr && type->text == "volume" && source != nullptr &&
            !source->text.empty()) {
            out.push_back(source->text);
        }
    }
    sort_unique(out);
    return out;
}

std::vector<std::string> namespace_parents(const Node& service) {
    std::vector<std::string> out;
    for (std::string_view field : {"network_mode", "ipc", "pid"}) {
        const Node* mode = service.find(field);
        if (mode != nullptr && mode->text.starts_with(kServicePrefix)) {
            out.push_back(mode->text.substr(kServicePrefix.size()));
        }
    }
    const Node* volumes_from = service.find("volumes_from");
    if (volumes_from != nullptr && volumes_from->is_sequence()) {
        for (const Node& item : volumes_from->items) {
            std::string_view text = item.text;
            if (text.starts_with("container:")) continue;
            out.emplace_back(text.substr(0, text.find(':')));
        }
    }
    sort_unique(out);
    return out;
}

std::vector<ResourceDecl> declared_networks(const Project& project) {
    return declared(project, "networks");
}

std::vector<ResourceDecl> declared_volumes(const Project& project) {
    return declared(project, "volumes");
}

const ResourceDecl* find_decl(const std::vector<ResourceDecl>& decls, const std::string& key) {
    auto it = std::find_if(decls.begin(), decls.end(),
                           [&](const ResourceDecl& decl) { return decl.key == key; });
    return it != decls.end() ? &*it : nullptr;
}

}  // namespace dc
