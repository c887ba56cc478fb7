// `up`'s checks before anything is created: the names of the containers the plan creates. The
// host ports are checked in core/up_checks_ports.cpp, the images in core/up_images.cpp.
#include "core/up_checks.h"

#include <set>

#include "core/error.h"
#include "core/labels.h"
#include "core/up_checks_internal.h"

namespace dc {

namespace {

using up_checks::fail;
using up_checks::quoted;

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
