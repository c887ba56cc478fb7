// Reading a project's containers, networks and volumes from the engine. Everything is found by
// the project label first; a declared network or volume without it (made by hand, by an older
// Compose, or by another project) is then looked up by its name, as Compose does, and reused.
#include "core/observed_state.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/error.h"
#include "core/labels.h"
#include "core/service_model.h"

namespace dc {

namespace {

std::string label(const Labels& labels, const char* key) {
    auto it = labels.find(key);
    return it != labels.end() ? it->second : std::string();
}

int parse_number(const std::string& text) {
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() ? value : 0;
}

// The name a container goes by: the one without a slash (the others are links' aliases).
std::string canonical_name(const ContainerSummary& summary) {
    for (const std::string& name : summary.names) {
        if (name.find('/') == std::string::npos) return name;
    }
    return summary.names.empty() ? summary.id : summary.names.front();
}

ObservedContainer to_observed(const ContainerSummary& summary) {
    return ObservedContainer{.id = summary.id,
                             .name = canonical_name(summary),
                             .service = label(summary.labels, kLabelService),
                             .number = parse_number(label(summary.labels, kLabelContainerNumber)),
                             .oneoff = label(summary.labels, kLabelOneoff) == kOneoffTrue,
                             .state = summary.state,
                             .config_hash = label(summary.labels, kLabelConfigHash),
                             .image_id = summary.image_id,
                             .created = summary.created,
                             .labels = summary.labels};
}

Filters project_filter(const std::string& project) {
    return {{"label", {std::string(kLabelProject) + "=" + project}}};
}

void read_containers(const Project& project, Engine& engine, ObservedState& state) {
    std::set<std::string> known(project.disabled_services.begin(), project.disabled_services.end());
    for (const std::string& name : project.service_names()) known.insert(name);
    auto list = value_or_throw(
        engine.list_containers({.all = true, .filters = project_filter(project.name)}));
    for (const ContainerSummary& summary : list) {
        ObservedContainer container = to_observed(summary);
        bool finished = container.state == "exited" || container.state == "dead";
        if (!known.contains(container.service) || (container.oneoff && finished)) {
            state.orphans.push_back(std::move(container));
        } else if (container.oneoff) {
            state.oneoffs.push_back(std::move(container));
        } else {
            state.containers[container.service].push_back(std::move(container));
        }
    }
    for (auto& [service, containers] : state.containers) {
        std::sort(containers.begin(), containers.end(), [](const auto& a, const auto& b) {
            return a.number != b.number ? a.number < b.number : a.created < b.created;
        });
    }
}

template <typename Info>
ObservedResource to_resource(const Info& info, std::string id) {
    return {.id = std::move(id), .name = info.name, .project = label(info.labels, kLabelProject)};
}

void read_networks(const Project& project, Engine& engine, Externals externals,
                   ObservedState& state) {
    std::map<std::string, ObservedResource> labelled;
    for (const NetworkInfo& info :
         value_or_throw(engine.list_networks(project_filter(project.name)))) {
        labelled.emplace(label(info.labels, kLabelNetwork) + "\n" + info.name,
                         to_resource(info, info.id));
    }
    for (const ResourceDecl& decl : declared_networks(project)) {
        if (decl.external && externals == Externals::Ignore) continue;
        auto it = labelled.find(decl.key + "\n" + decl.name);
        if (it != labelled.end() && !decl.external) {
            state.networks[decl.key] = it->second;
            continue;
        }
        auto found = value_or_throw(engine.inspect_network(decl.name));
        // Inspecting matches id prefixes too: only a network of exactly that name counts.
        bool exists = found.has_value() && (found->name == decl.name || found->id == decl.name);
        if (!exists && decl.external) {
            throw Error(ErrorKind::NotFound,
                        "network " + decl.name + " declared as external, but could not be found");
        }
        // External networks are the user's: they are never created, changed or removed.
        if (exists && !decl.external) state.networks[decl.key] = to_resource(*found, found->id);
    }
}

void read_volumes(const Project& project, Engine& engine, Externals externals,
                  ObservedState& state) {
    std::map<std::string, ObservedResource> labelled;
    for (const VolumeInfo& info :
         value_or_throw(engine.list_volumes(project_filter(project.name)))) {
        labelled.emplace(label(info.labels, kLabelVolume) + "\n" + info.name,
                         to_resource(info, ""));
    }
    for (const ResourceDecl& decl : declared_volumes(project)) {
        if (decl.external && externals == Externals::Ignore) continue;
        auto it = labelled.find(decl.key + "\n" + decl.name);
        if (it != labelled.end() && !decl.external) {
            state.volumes[decl.key] = it->second;
            continue;
        }
        auto found = value_or_throw(engine.inspect_volume(decl.name));
        if (!found.has_value() && decl.external) {
            throw Error(ErrorKind::NotFound, "external volume \"" + decl.name + "\" not found");
        }
        if (found.has_value() && !decl.external) state.volumes[decl.key] = to_resource(*found, "");
    }
}

std::string joined_names(const std::vector<ObservedContainer>& containers) {
    std::string out;
    for (const ObservedContainer& container : containers) {
        out += (out.empty() ? "" : ", ") + container.name;
    }
    return out;
}

}  // namespace

const std::vector<ObservedContainer>& ObservedState::of(const std::string& service) const {
    static const std::vector<ObservedContainer> kNone;
    auto it = containers.find(service);
    return it != containers.end() ? it->second : kNone;
}

ObservedState observe(const Project& project, Engine& engine, Externals externals) {
    ObservedState state;
    state.project = project.name;
    read_containers(project, engine, state);
    read_networks(project, engine, externals, state);
    read_volumes(project, engine, externals, state);
    return state;
}

std::vector<std::string> observation_warnings(const Project& project, const ObservedState& state,
                                              OrphanWarning orphans) {
    std::vector<std::string> out;
    if (orphans == OrphanWarning::Give && !state.orphans.empty()) {
        out.push_back("Found orphan containers ([" + joined_names(state.orphans) +
                      "]) for this project. If you removed or renamed this service in your "
                      "compose file, you can run this command with the --remove-orphans flag to "
                      "clean it up.");
    }
    for (const auto& [key, network] : state.networks) {
        if (network.owned_by(project.name)) continue;
        out.push_back("a network with name " + network.name + " exists but was not created " +
                      (network.project.empty() ? std::string("by compose")
                                               : "for project \"" + project.name + "\"") +
                      ". Set `external: true` to use an existing network");
    }
    for (const auto& [key, volume] : state.volumes) {
        if (volume.owned_by(project.name)) continue;
        out.push_back("volume \"" + volume.name + "\" already exists but was " +
                      (volume.project.empty() ? std::string("not created by Docker Compose")
                                              : "created for project \"" + volume.project +
                                                    "\" (expected \"" + project.name + "\")") +
                      ". Use `external: true` to use an existing volume");
    }
    return out;
}

}  // namespace dc
