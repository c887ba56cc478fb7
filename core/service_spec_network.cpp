// Networking: exposed and published ports, the network mode, the networks the container joins
// with their aliases and addresses, and the legacy links.
#include <algorithm>

#include "core/error.h"
#include "core/normalize_text.h"
#include "core/service_spec_internal.h"

namespace dc {

namespace {

constexpr ApiVersion kApiMultipleNetworks{1, 44};

void add_exposed(std::vector<std::string>& exposed, const std::string& port) {
    if (std::find(exposed.begin(), exposed.end(), port) == exposed.end()) exposed.push_back(port);
}

// An `expose` item ("80", "9000-9001/udp") as the engine's "port/proto" keys.
void expose(std::vector<std::string>& exposed, const std::string& item) {
    std::size_t slash = item.find('/');
    std::string protocol = slash == std::string::npos ? "tcp" : item.substr(slash + 1);
    std::string range = item.substr(0, slash);
    std::size_t dash = range.find('-');
    auto first = parse_decimal_int(range.substr(0, dash));
    auto last = dash == std::string::npos ? first : parse_decimal_int(range.substr(dash + 1));
    if (!first || !last || *last < *first || *last - *first > 65535) {
        add_exposed(exposed, range + "/" + protocol);
        return;
    }
    for (long long port = *first; port <= *last; ++port) {
        add_exposed(exposed, std::to_string(port) + "/" + protocol);
    }
}

void map_ports(const Node& service, ContainerSpec& spec) {
    for (const std::string& item : strings_of(service, "expose")) expose(spec.exposed_ports, item);
    const Node* ports = service.find("ports");
    if (ports == nullptr) return;
    for (const Node& port : ports->items) {
        std::string protocol = text_of(port, "protocol");
        std::string key = text_of(port, "target") + "/" + (protocol.empty() ? "tcp" : protocol);
        add_exposed(spec.exposed_ports, key);
        // An empty host port asks the engine for any free one.
        spec.host.port_bindings[key].push_back(
            PortBinding{text_of(port, "host_ip"), text_of(port, "published")});
    }
}

std::string format_link(const std::string& container, const std::string& alias) {
    return container + ":" + alias;
}

// Compose's getLinks (after Compose v1): each container of a linked service under the link's
// alias and two legacy names, a one-off's own service's containers, then external links.
std::vector<std::string> links_of(const SpecContext& context) {
    std::vector<std::string> links;
    auto containers = [&](const std::string& service) {
        const auto& names = context.options.lookup.container_names;
        return names ? names(service) : std::vector<std::string>();
    };
    std::string number = std::to_string(context.number);
    for (const std::string& link : strings_of(context.service, "links")) {
        std::size_t colon = link.find(':');
        std::string service = link.substr(0, colon);
        std::string alias = colon == std::string::npos ? service : link.substr(colon + 1);
        for (const std::string& container : containers(service)) {
            links.push_back(format_link(container, alias));
            links.push_back(format_link(container, service + "-" + number));
            links.push_back(
                format_link(container, context.project.name + "-" + service + "-" + number));
        }
    }
    if (context.options.run) {
        std::string prefix = context.project.name + "-";
        for (const std::string& container : containers(context.service_name)) {
            std::string short_name =
                container.rfind(prefix, 0) == 0 ? container.substr(prefix.size()) : container;
            links.push_back(format_link(container, context.service_name));
            links.push_back(format_link(container, short_name));
            links.push_back(format_link(container, container));
        }
    }
    for (const std::string& link : strings_of(context.service, "external_links")) {
        std::size_t colon = link.find(':');
        std::string alias = colon == std::string::npos ? link : link.substr(colon + 1);
        links.push_back(format_link(link.substr(0, colon), alias));
    }
    return links;
}

const Node* network_config(const Node& service, const std::string& key) {
    const Node* networks = service.find("networks");
    const Node* config = networks ? networks->find(key) : nullptr;
    return config && config->is_mapping() ? config : nullptr;
}

EndpointSpec endpoint(const SpecContext& context, const std::string& key,
                      const std::vector<std::string>& links, std::vector<std::string>& warnings) {
    EndpointSpec out;
    out.network = resource_name(context.project, "networks", key);
    out.aliases.push_back(context.container_name);
    const Node* config = network_config(context.service, key);
    bool use_aliases = !context.options.run || context.options.run->use_aliases;
    if (use_aliases) {
        out.aliases.push_back(context.service_name);
        if (config) {
            for (std::string& alias : strings_of(*config, "aliases")) {
                out.aliases.push_back(std::move(alias));
            }
        }
    }
    out.links = links;
    if (config) {
        out.ipv4_address = text_of(*config, "ipv4_address");
        out.ipv6_address = text_of(*config, "ipv6_address");
        out.mac_address = text_of(*config, "mac_address");
        for (const char* key_name : {"link_local_ips", "driver_opts"}) {
            if (config->find(key_name)) {
                warnings.push_back("service " + context.service_name + ": networks." + key + "." +
                                   key_name + " is not supported yet and was ignored");
            }
        }
    }
    return out;
}

// Compose's prepareContainerMACAddress: the service-wide mac_address belongs to the primary
// network; engines below API 1.44 take one MAC address for the whole container.
void place_mac_address(const SpecContext& context, std::vector<EndpointSpec>& endpoints,
                       ContainerSpec& spec) {
    std::string mac = text_of(context.service, "mac_address");
    EndpointSpec& primary = endpoints.front();
    if (!mac.empty() && !primary.mac_address.empty() && primary.mac_address != mac) {
        throw Error(ErrorKind::Config, "service " + context.service_name +
                                           ": the service-level mac_address should have the "
                                           "same value as network " +
                                           primary.network);
    }
    const auto& api = context.options.api_version;
    if (!api || *api >= kApiMultipleNetworks) {
        if (primary.mac_address.empty()) primary.mac_address = mac;
        return;
    }
    std::size_t with_mac =
        std::count_if(endpoints.begin(), endpoints.end(),
                      [](const EndpointSpec& e) { return !e.mac_address.empty(); });
    if (with_mac > 1) {
        throw Error(ErrorKind::Config,
                    "service " + context.service_name +
                        ": a MAC address is specified for multiple networks, but this feature "
                        "requires Docker Engine 1.44 or later (currently: " +
                        api->str() + ")");
    }
    spec.mac_address = primary.mac_address.empty() ? mac : primary.mac_address;
    primary.mac_address.clear();
}

}  // namespace

void map_networking(const SpecContext& context, ServiceContainerSpec& out) {
    ContainerSpec& spec = out.spec;
    map_ports(context.service, spec);
    std::vector<std::string> links = links_of(context);
    spec.host.links = links;
    std::string mode = text_of(context.service, "network_mode");
    const Node* project_networks = context.project.model.find("networks");
    if (mode.empty() && (project_networks == nullptr || project_networks->entries.empty())) {
        mode = "none";
    }
    if (!mode.empty()) {
        // "disabled" is Compose's NetworkDisabled, which the engine interface has no field for;
        // a container without a network interface is what "none" gives.
        spec.host.network_mode = mode == "disabled" ? "none" : mode;
        spec.mac_address = text_of(context.service, "mac_address");
        return;
    }
    std::vector<std::string> keys = networks_by_priority(context.service);
    if (keys.empty()) keys.push_back("default");
    std::vector<EndpointSpec> endpoints;
    for (const std::string& key : keys) {
        endpoints.push_back(endpoint(context, key, links, out.warnings));
    }
    place_mac_address(context, endpoints, spec);
    spec.host.network_mode = endpoints.front().network;
    const auto& api = context.options.api_version;
    std::size_t at_create = api && *api < kApiMultipleNetworks ? 1 : endpoints.size();
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
        (i < at_create ? spec.networks : out.extra_networks).push_back(std::move(endpoints[i]));
    }
}

}  // namespace dc
