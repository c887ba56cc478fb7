// `up`'s checks before anything is created: the services' images (inspected, pulled when the
// policy allows) and the names of the containers the plan creates. The host ports are checked in
// core/up_checks_ports.cpp.
#include "core/up_checks.h"

#include <optional>
#include <set>
#include <utility>

#include "core/error.h"
#include "core/labels.h"
#include "core/service_model.h"
#include "core/up_checks_internal.h"

namespace dc {

namespace {

using up_checks::fail;
using up_checks::quoted;
using up_checks::text_at;

// The services `up` works on: the named ones and, without --no-deps, what they depend on.
std::vector<std::string> selected_services(const ServiceGraph& graph, const UpOptions& options) {
    if (options.services.empty()) return graph.services();
    if (options.no_deps) return options.services;
    return graph.dependency_closure(options.services);
}

// "postgres:16" -> {"postgres", "16"}; "x@sha256:..." -> {"x", "sha256:..."}; "nginx" ->
// {"nginx", "latest"}. A colon before the last slash belongs to a registry's port.
std::pair<std::string, std::string> split_reference(const std::string& reference) {
    if (std::size_t at = reference.find('@'); at != std::string::npos) {
        return {reference.substr(0, at), reference.substr(at + 1)};
    }
    std::size_t slash = reference.rfind('/');
    std::size_t colon = reference.rfind(':');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        return {reference.substr(0, colon), reference.substr(colon + 1)};
    }
    return {reference, "latest"};
}

std::optional<ImageInfo> inspect(Engine& engine, const std::string& reference) {
    return value_or_throw(engine.inspect_image(reference));
}

// One image, for the first service that uses it: its id, or empty when it is left to a build or
// to the engine (dry run).
std::string resolve_image(const Project& project, const std::string& service,
                          const std::string& reference, Engine& engine, const UpOptions& options) {
    const Node& node = service_node(project, service);
    std::string policy = text_at(node, "pull_policy");
    if (policy.empty()) policy = "missing";
    const bool builds = node.find("build") != nullptr;
    const std::string prefix = "service " + quoted(service) + ": ";
    if (policy == "always" && !options.dry_run) {
        auto [name, tag] = split_reference(reference);
        auto pulled = engine.pull_image(name, tag, "", {}, options.stop);
        if (!pulled) {
            fail(prefix + "pulling image " + quoted(reference) +
                 " failed: " + engine_message(pulled.error()));
        }
    }
    if (std::optional<ImageInfo> found = inspect(engine, reference)) return found->id;
    if (policy == "never" || (policy == "build" && !builds)) {
        fail(prefix + "image " + quoted(reference) + " is not present and pull_policy is " +
             quoted(policy));
    }
    // A service with a build section gets its image from the builder, not a registry.
    if (builds || options.dry_run || policy == "always") return {};
    auto [name, tag] = split_reference(reference);
    auto pulled = engine.pull_image(name, tag, "", {}, options.stop);
    if (!pulled) {
        fail(prefix + "image " + quoted(reference) +
             " not present, pulling it failed: " + engine_message(pulled.error()));
    }
    std::optional<ImageInfo> found = inspect(engine, reference);
    return found ? found->id : std::string();
}

std::string service_label(const ContainerSummary& container, const char* key) {
    auto it = container.labels.find(key);
    return it != container.labels.end() ? it->second : std::string();
}

// Whose a container of that name is, for the message: "container 0123456789ab, which does not
// belong to project "p"".
std::string owner_text(const ContainerSummary& owner, const std::string& project) {
    std::string text = "container " + owner.id.substr(0, 12);
    if (service_label(owner, kLabelProject) != project) {
        return text + ", which does not belong to project " + quoted(project);
    }
    return text + " of service " + quoted(service_label(owner, kLabelService));
}

void check_names(const Project& project, const Plan& plan,
                 const std::vector<ContainerSummary>& containers) {
    std::set<std::string> removed;
    for (const Action& action : plan.actions()) {
        if (action.kind == ActionKind::RemoveContainer) removed.insert(action.container.id);
    }
    std::map<std::string, const ContainerSummary*> by_name;
    for (const ContainerSummary& container : containers) {
        if (removed.contains(container.id)) continue;
        for (const std::string& name : container.names) by_name[name] = &container;
    }
    std::map<std::string, std::string> wanted;  // Name -> service.
    for (const Action& action : plan.actions()) {
        if (action.kind != ActionKind::CreateContainer) continue;
        const std::string& final_name = action.container.name;
        auto [it, added] = wanted.try_emplace(final_name, action.service);
        if (!added && it->second != action.service) {
            fail("services " + quoted(it->second) + " and " + quoted(action.service) +
                 " both use container name " + quoted(final_name));
        }
        for (const std::string& name : {final_name, action.subject}) {
            auto found = by_name.find(name);
            if (found == by_name.end()) continue;
            fail("service " + quoted(action.service) + ": container name " + quoted(name) +
                 " is already in use by " + owner_text(*found->second, project.name));
        }
    }
}

}  // namespace

std::map<std::string, std::string> resolve_images(const Project& project, const ServiceGraph& graph,
                                                  Engine& engine, const UpOptions& options) {
    std::map<std::string, std::string> ids;
    std::set<std::string> seen;
    for (const std::string& service : selected_services(graph, options)) {
        std::string reference = service_image(project, service);
        if (!seen.insert(reference).second) continue;
        std::string id = resolve_image(project, service, reference, engine, options);
        if (!id.empty()) ids[reference] = id;
    }
    return ids;
}

void check_up_plan(const Project& project, const Plan& plan, const ObservedState& observed,
                   Engine& engine, const UpOptions& options) {
    bool creates = false;
    bool starts = false;
    for (const Action& action : plan.actions()) {
        creates = creates || action.kind == ActionKind::CreateContainer;
        starts = starts || action.kind == ActionKind::StartContainer;
    }
    if (!creates && !starts) return;
    auto containers = value_or_throw(engine.list_containers({.all = true}));
    check_names(project, plan, containers);
    check_host_ports(project, plan, observed, containers, options.port_probe);
}

}  // namespace dc
