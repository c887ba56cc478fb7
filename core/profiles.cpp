#include "core/profiles.h"

#include <algorithm>
#include <set>

#include "core/error.h"

namespace dc {

namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool enabled_by(const Node& service, const std::vector<std::string>& active) {
    const Node* profiles = service.find("profiles");
    if (!profiles || !profiles->is_sequence() || profiles->items.empty()) return true;
    if (contains(active, "*")) return true;
    for (const Node& p : profiles->items) {
        if (contains(active, p.text)) return true;
    }
    return false;
}

// Drops optional dependencies on removed services; a required one is an error.
void check_dependencies(Node& services, const std::set<std::string, std::less<>>& removed) {
    for (Entry& service : services.entries) {
        Node* depends_on = service.value->find("depends_on");
        if (!depends_on || !depends_on->is_mapping()) continue;
        std::vector<std::string> dropped;
        for (const Entry& dep : depends_on->entries) {
            if (!removed.count(dep.key)) continue;
            const Node* required = dep.value->find("required");
            if (required && required->kind == NodeKind::Bool && !required->as_bool()) {
                dropped.push_back(dep.key);
                continue;
            }
            config_error(dep.key_mark, {},
                         "service \"" + service.key + "\" depends on undefined service \"" +
                             dep.key + "\": invalid compose project");
        }
        for (const std::string& name : dropped) depends_on->erase(name);
        if (depends_on->entries.empty() && !dropped.empty()) service.value->erase("depends_on");
    }
}

}  // namespace

std::vector<std::string> apply_profiles(Node& project, const std::vector<std::string>& active,
                                        const std::vector<std::string>& requested) {
    Node* services = project.find("services");
    std::vector<std::string> removed_names;
    if (!services) {
        if (!requested.empty()) {
            throw Error(ErrorKind::NotFound, "no such service: " + requested.front());
        }
        return removed_names;
    }
    for (const std::string& name : requested) {
        if (!services->find(name)) throw Error(ErrorKind::NotFound, "no such service: " + name);
    }
    std::set<std::string, std::less<>> removed;
    std::vector<Entry> kept;
    for (Entry& e : services->entries) {
        if (enabled_by(*e.value, active) || contains(requested, e.key)) {
            kept.push_back(std::move(e));
        } else {
            removed.insert(e.key);
            removed_names.push_back(e.key);
        }
    }
    services->entries = std::move(kept);
    check_dependencies(*services, removed);
    return removed_names;
}

void select_services(Node& project, const ServiceGraph& graph,
                     const std::vector<std::string>& requested) {
    Node* services = project.find("services");
    if (!services) return;
    std::vector<std::string> closure = graph.dependency_closure(requested);
    std::set<std::string, std::less<>> wanted(closure.begin(), closure.end());
    std::vector<Entry> kept;
    for (Entry& e : services->entries) {
        if (wanted.count(e.key)) kept.push_back(std::move(e));
    }
    services->entries = std::move(kept);
}

namespace {

using NameSet = std::set<std::string, std::less<>>;

void collect_sources(const Node* list, NameSet& out, std::string_view only_type = {}) {
    if (!list || !list->is_sequence()) return;
    for (const Node& item : list->items) {
        if (!item.is_mapping()) {
            out.insert(item.text);
            continue;
        }
        const Node* type = item.find("type");
        if (!only_type.empty() && (!type || type->text != only_type)) continue;
        if (const Node* source = item.find("source")) out.insert(source->text);
    }
}

void keep_only(Node& project, std::string_view section, const NameSet& used) {
    Node* resources = project.find(section);
    if (!resources || !resources->is_mapping()) return;
    std::vector<Entry> kept;
    for (Entry& e : resources->entries) {
        if (used.count(e.key)) kept.push_back(std::move(e));
    }
    resources->entries = std::move(kept);
    if (resources->entries.empty()) project.erase(section);
}

}  // namespace

void remove_unused_resources(Node& project) {
    NameSet networks, volumes, configs, secrets;
    if (const Node* services = project.find("services")) {
        for (const Entry& e : services->entries) {
            const Node& service = *e.value;
            if (const Node* nets = service.find("networks"); nets && nets->is_mapping()) {
                for (const Entry& n : nets->entries) networks.insert(n.key);
            }
            collect_sources(service.find("volumes"), volumes, "volume");
            collect_sources(service.find("configs"), configs);
            collect_sources(service.find("secrets"), secrets);
            if (const Node* build = service.find("build")) {
                collect_sources(build->find("secrets"), secrets);
            }
        }
    }
    keep_only(project, "networks", networks);
    keep_only(project, "volumes", volumes);
    keep_only(project, "configs", configs);
    keep_only(project, "secrets", secrets);
}

std::vector<std::string> all_profiles(const Node& project) {
    std::set<std::string> names;
    if (const Node* services = project.find("services")) {
        for (const Entry& e : services->entries) {
            const Node* profiles = e.value->find("profiles");
            if (!profiles) continue;
            for (const Node& p : profiles->items) names.insert(p.text);
        }
    }
    return {names.begin(), names.end()};
}

}  // namespace dc
