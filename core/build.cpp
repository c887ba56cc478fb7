// Which services build, what the engine is asked for each, and what its classic builder cannot
// do; the builds themselves run in core/build_run.cpp.
#include "core/build.h"

#include <cstdlib>
#include <set>

#include "core/environment.h"
#include "core/error.h"
#include "core/labels.h"
#include "core/service_model.h"
#include "core/service_spec_internal.h"

namespace dc {

namespace {

// Compose writes extra_hosts as "host=ip"; the builder reads "host:ip".
std::string engine_host(const std::string& entry) {
    std::size_t equals = entry.find('=');
    if (equals == std::string::npos) return entry;
    return entry.substr(0, equals) + ":" + entry.substr(equals + 1);
}

// The service's `args`; a null value (no such variable when the file was read) is left out.
std::map<std::string, std::string> build_args(const Node& build) {
    std::map<std::string, std::string> out;
    const Node* args = build.find("args");
    if (args == nullptr || !args->is_mapping()) return out;
    for (const Entry& entry : args->entries) {
        if (!entry.value->is_null()) out[entry.key] = entry.value->text;
    }
    return out;
}

void override_args(std::map<std::string, std::string>& args,
                   const std::vector<std::string>& flags) {
    for (const std::string& flag : flags) {
        std::size_t equals = flag.find('=');
        if (equals != std::string::npos) {
            args[flag.substr(0, equals)] = flag.substr(equals + 1);
        } else if (const char* value = std::getenv(flag.c_str())) {
            args[flag] = value;
        }
    }
}

// The fields only BuildKit implements, with what the classic builder lacks for each. Compose's
// classic builder refuses them too, rather than build an image without them.
struct BuildKitField {
    std::string_view key;
    std::string_view lacks;
};

constexpr BuildKitField kBuildKitFields[] = {
    {"ssh", "SSH forwarding"},
    {"secrets", "build secrets"},
    {"additional_contexts", "additional build contexts"},
    {"privileged", "privileged builds"},
};

constexpr std::string_view kClassic = "; dc builds with the engine's classic builder, which ";

// Whether a field asks for something: true, or a list or map with entries.
bool asks(const Node& value) {
    if (value.kind == NodeKind::Bool) return value.as_bool();
    if (value.is_sequence()) return !value.items.empty();
    if (value.is_mapping()) return !value.entries.empty();
    return !value.is_null();
}

[[noreturn]] void refuse(const Entry& field, const std::string& service,
                         const std::string& message) {
    throw Error(ErrorKind::Failure, format_config_error(field.key_mark, {},
                                                        "service \"" + service + "\": build." +
                                                            field.key + " " + message));
}

// The platform a service's containers run on: its `platform`, else DOCKER_DEFAULT_PLATFORM.
std::string service_platform(const Project& project, const Node& service) {
    std::string platform = text_of(service, "platform");
    if (!platform.empty()) return platform;
    return lookup(project.environment, "DOCKER_DEFAULT_PLATFORM").value_or("");
}

// Several platforms make a multi-platform image, which only BuildKit builds. As in Compose,
// DOCKER_DEFAULT_PLATFORM must be one of those listed; the service's own `platform` must be
// too, which the loader checks.
void check_platforms(const Project& project, const std::string& service, const Entry& field,
                     const BuildRequest& request) {
    const std::vector<Node>& platforms = field.value->items;
    if (request.platforms == BuildPlatforms::AsDeclared && platforms.size() > 1) {
        refuse(field, service,
               "lists " + std::to_string(platforms.size()) + " platforms, which needs BuildKit" +
                   std::string(kClassic) + "builds one platform at a time");
    }
    const Node& node = service_node(project, service);
    std::string platform = service_platform(project, node);
    if (platform.empty() || platforms.empty() || !text_of(node, "platform").empty()) return;
    for (const Node& item : platforms) {
        if (item.text == platform) return;
    }
    refuse(field, service, "does not include DOCKER_DEFAULT_PLATFORM \"" + platform + "\"");
}

void check_classic_build(const Project& project, const std::string& service,
                         const BuildRequest& request) {
    const Node* build = service_node(project, service).find("build");
    if (build == nullptr) return;
    for (const Entry& field : build->entries) {
        for (const BuildKitField& buildkit : kBuildKitFields) {
            if (field.key != buildkit.key || !asks(*field.value)) continue;
            refuse(
                field, service,
                "needs BuildKit" + std::string(kClassic) + "has no " + std::string(buildkit.lacks));
        }
        if (field.key == "platforms") check_platforms(project, service, field, request);
    }
}

// The platform the builder is asked for: the one the service's containers run on, else the
// only one build.platforms lists; empty leaves the choice to the engine (its own platform).
std::string build_platform(const Project& project, const Node& service, const Node& build) {
    std::string platform = service_platform(project, service);
    if (!platform.empty()) return platform;
    std::vector<std::string> platforms = strings_of(build, "platforms");
    return platforms.size() == 1 ? platforms.front() : std::string();
}

}  // namespace

void check_classic_builds(const Project& project, const std::vector<std::string>& services,
                          const BuildRequest& request) {
    for (const std::string& service : services) check_classic_build(project, service, request);
}

std::vector<std::string> services_to_build(const Project& project, const ServiceGraph& graph,
                                           const BuildRequest& request) {
    std::vector<std::string> named = request.services;
    for (const std::string& service : named) service_node(project, service);  // Known?
    if (request.with_dependencies && !named.empty()) named = graph.dependency_closure(named);
    std::set<std::string> wanted(named.begin(), named.end());
    std::vector<std::string> out;
    for (const std::string& service : graph.services()) {
        if (!wanted.empty() && !wanted.contains(service)) continue;
        if (service_node(project, service).find("build") != nullptr) out.push_back(service);
    }
    return out;
}

BuildOptions build_options(const Project& project, const std::string& service,
                           const BuildRequest& request) {
    const Node& node = service_node(project, service);
    const Node& build = *node.find("build");
    BuildOptions options;
    options.dockerfile = text_of(build, "dockerfile");
    options.tags.push_back(service_image(project, service));
    for (const std::string& tag : strings_of(build, "tags")) options.tags.push_back(tag);
    options.target = text_of(build, "target");
    options.args = build_args(build);
    override_args(options.args, request.build_args);
    options.labels = string_map_of(build, "labels");
    // Compose marks the images it builds with the builder that made them.
    options.labels[kLabelImageBuilder] = "classic";
    options.network_mode = text_of(build, "network");
    for (const std::string& host : strings_of(build, "extra_hosts")) {
        options.extra_hosts.push_back(engine_host(host));
    }
    if (auto shm = int_of(build, "shm_size")) options.shm_size = *shm;
    options.cache_from = strings_of(build, "cache_from");
    options.no_cache = request.no_cache || bool_of(build, "no_cache");
    options.pull = request.pull || bool_of(build, "pull");
    options.platform = build_platform(project, node, build);
    return options;
}

}  // namespace dc
