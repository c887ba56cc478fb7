// Specs to the engine's JSON bodies: containers (Config and NetworkingConfig), networks, volumes,
// execs. Unset fields are left out so that the engine and the image keep their defaults.
#include "drivers/api_version.h"
#include "drivers/client_internal.h"

namespace dc::docker {

namespace {

using nlohmann::json;


void put_flag(json& out, const char* key, bool value) {
    if (value) out[key] = true;
}

json set_of(const std::vector<std::string>& keys) {
    json out = json::object();
    for (const std::string& key : keys) out[key] = json::object();
    return out;
}

json encode_healthcheck(const Healthcheck& health, ApiVersion api,
                        std::vector<std::string>& warnings) {
    json out = json::object();
    put(out, "Test", health.test);
    // The engine takes every duration as integer nanoseconds.
    auto duration = [&](const char* key, const std::optional<std::chrono::nanoseconds>& value) {
        if (value) out[key] = value->count();
    };
    duration("Interval", health.interval);
    duration("Timeout", health.timeout);
    duration("StartPeriod", health.start_period);
    if (health.start_interval && api >= kApiHealthStartInterval) {
        duration("StartInterval", health.start_interval);
    } else if (health.start_interval) {
        warnings.push_back("healthcheck start_interval needs API " + kApiHealthStartInterval.str() +
                           " and the engine speaks " + api.str() + "; it is ignored");
    }
    if (health.retries) out["Retries"] = *health.retries;
    return out;
}

}  // namespace

nlohmann::json encode_endpoint(const EndpointSpec& endpoint, ApiVersion api) {
    json out = json::object();
    put(out, "Aliases", endpoint.aliases);
    put(out, "Links", endpoint.links);
    if (!endpoint.ipv4_address.empty() || !endpoint.ipv6_address.empty()) {
        json ipam = json::object();
        put(ipam, "IPv4Address", endpoint.ipv4_address);
        put(ipam, "IPv6Address", endpoint.ipv6_address);
        out["IPAMConfig"] = ipam;
    }
    if (api >= kApiMacAddressPerEndpoint) put(out, "MacAddress", endpoint.mac_address);
    return out;
}

nlohmann::json encode_container(const ContainerSpec& spec, ApiVersion api,
                                std::vector<std::string>& warnings) {
    json out = json::object();
    out["Image"] = spec.image;
    if (spec.cmd) out["Cmd"] = *spec.cmd;
    if (spec.entrypoint) out["Entrypoint"] = *spec.entrypoint;
    put(out, "Env", spec.env);
    put(out, "Labels", spec.labels);
    if (!spec.exposed_ports.empty()) out["ExposedPorts"] = set_of(spec.exposed_ports);
    if (!spec.anonymous_volumes.empty()) out["Volumes"] = set_of(spec.anonymous_volumes);
    put(out, "WorkingDir", spec.working_dir);
    put(out, "User", spec.user);
    put(out, "Hostname", spec.hostname);
    put(out, "Domainname", spec.domainname);
    put_flag(out, "Tty", spec.tty);
    put_flag(out, "OpenStdin", spec.open_stdin);
    put_flag(out, "StdinOnce", spec.stdin_once);
    put_flag(out, "AttachStdin", spec.attach_stdin);
    put_flag(out, "AttachStdout", spec.attach_stdout);
    put_flag(out, "AttachStderr", spec.attach_stderr);
    put(out, "StopSignal", spec.stop_signal);
    if (spec.stop_timeout) out["StopTimeout"] = *spec.stop_timeout;
    if (spec.healthcheck) out["Healthcheck"] = encode_healthcheck(*spec.healthcheck, api, warnings);
    std::string mac = spec.mac_address;
    out["HostConfig"] = encode_host_config(spec.host, api, warnings);
    // Below kApiMultipleNetworksAtCreate the engine rejects a second endpoint: the client
    // connects the others itself (DockerClient::connect_remaining).
    std::size_t count = api >= kApiMultipleNetworksAtCreate
                            ? spec.networks.size()
                            : std::min<std::size_t>(1, spec.networks.size());
    json endpoints = json::object();
    for (std::size_t i = 0; i < count; ++i) {
        const EndpointSpec& endpoint = spec.networks[i];
        endpoints[endpoint.network] = encode_endpoint(endpoint, api);
        // Older engines only know one MAC address, for the container as a whole.
        if (mac.empty() && api < kApiMacAddressPerEndpoint) mac = endpoint.mac_address;
    }
    put(out, "MacAddress", mac);
    if (!endpoints.empty()) out["NetworkingConfig"] = {{"EndpointsConfig", endpoints}};
    return out;
}

nlohmann::json encode_network(const NetworkSpec& spec, ApiVersion api) {
    json out = json::object();
    out["Name"] = spec.name;
    // Older engines create a second network of the same name unless told not to.
    if (api < kApiNetworkDuplicatesRefused) out["CheckDuplicate"] = true;
    put(out, "Driver", spec.driver);
    put(out, "Options", spec.options);
    put(out, "Labels", spec.labels);
    put_flag(out, "Internal", spec.internal);
    put_flag(out, "Attachable", spec.attachable);
    put_flag(out, "EnableIPv6", spec.enable_ipv6);
    if (!spec.ipam_driver.empty() || !spec.ipam_pools.empty() || !spec.ipam_options.empty()) {
        json ipam = json::object();
        put(ipam, "Driver", spec.ipam_driver);
        put(ipam, "Options", spec.ipam_options);
        json pools = json::array();
        for (const IpamPool& pool : spec.ipam_pools) {
            json entry = json::object();
            put(entry, "Subnet", pool.subnet);
            put(entry, "IPRange", pool.ip_range);
            put(entry, "Gateway", pool.gateway);
            put(entry, "AuxiliaryAddresses", pool.aux_addresses);
            pools.push_back(entry);
        }
        if (!pools.empty()) ipam["Config"] = pools;
        out["IPAM"] = ipam;
    }
    return out;
}

nlohmann::json encode_volume(const VolumeSpec& spec) {
    json out = json::object();
    put(out, "Name", spec.name);
    put(out, "Driver", spec.driver);
    put(out, "DriverOpts", spec.driver_options);
    put(out, "Labels", spec.labels);
    return out;
}

nlohmann::json encode_exec(const ExecSpec& spec) {
    json out = json::object();
    out["Cmd"] = spec.cmd;
    put(out, "Env", spec.env);
    put(out, "User", spec.user);
    put(out, "WorkingDir", spec.working_dir);
    put_flag(out, "Privileged", spec.privileged);
    out["Tty"] = spec.tty;
    out["AttachStdin"] = spec.attach_stdin;
    out["AttachStdout"] = spec.attach_stdout;
    out["AttachStderr"] = spec.attach_stderr;
    return out;
}

}  // namespace dc::docker
