// The steps of container_spec, shared between the service_spec_*.cpp files, and the small
// readers they use on canonical service nodes.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/service_spec.h"

namespace dc {

// Everything a step reads: the project, the effective service and the options.
struct SpecContext {
    const Project& project;
    const std::string& service_name;
    const Node& service;  // As effective_service() returns it.
    int number;
    const SpecOptions& options;
    std::string container_name;
};

// ---- Readers: absent or null attributes read as empty, 0 or false. ----

std::string text_of(const Node& node, std::string_view key);
std::vector<std::string> strings_of(const Node& node, std::string_view key);
std::map<std::string, std::string> string_map_of(const Node& node, std::string_view key);
std::optional<long long> int_of(const Node& node, std::string_view key);
std::optional<double> float_of(const Node& node, std::string_view key);
bool bool_of(const Node& node, std::string_view key);
// A duration attribute ("1m30s") in nanoseconds.
std::optional<std::chrono::nanoseconds> duration_of(const Node& node, std::string_view key);
// A list of strings as a sequence node.
Node string_sequence(const std::vector<std::string>& values);

// The name the engine knows a top-level network or volume by (its `name`), or `key` itself.
std::string resource_name(const Project& project, std::string_view kind, const std::string& key);

// ---- Steps ----

// Ports, exposed ports, network mode, networks with their aliases, and links
// (service_spec_network.cpp).
void map_networking(const SpecContext& context, ServiceContainerSpec& out);

// Volumes, tmpfs, secrets and configs as mounts and binds (service_spec_mounts.cpp).
void map_mounts(const SpecContext& context, ServiceContainerSpec& out);

// Restart policy, logging, security options and the other host settings
// (service_spec_host.cpp).
void map_host(const SpecContext& context, ServiceContainerSpec& out);

// CPU, memory and PID limits, devices, device requests and ulimits
// (service_spec_resources.cpp).
Resources map_resources(const Node& service);

// The healthcheck, or nullopt to keep the image's (service_spec_host.cpp).
std::optional<Healthcheck> map_healthcheck(const Node& service);

// The labels Compose puts on a service container (service_spec_labels.cpp).
Labels container_labels(const SpecContext& context, const std::string& hash);

}  // namespace dc
