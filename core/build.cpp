// Which services build and what the engine is asked for each; the builds themselves run in
// core/build_run.cpp.
#include "core/build.h"

#include <cstdlib>
#include <set>

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

}  // namespace

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
    const Node& build = *service_node(project, service).find("build");
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
    return options;
}

}  // namespace dc
