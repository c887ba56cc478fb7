// HostConfig: what the engine sets up around a container (ports, mounts, limits, security).
#include "drivers/api_version.h"
#include "drivers/client_internal.h"

namespace dc::docker {

namespace {

using nlohmann::json;
using docker::put;  // The shared overloads, beside the one for optionals below.


template <typename T>
void put(json& out, const char* key, const std::optional<T>& value) {
    if (value) out[key] = *value;
}

json encode_mount(const Mount& mount, ApiVersion api, std::vector<std::string>& warnings) {
    json out = {{"Type", mount.type}, {"Target", mount.target}};
    put(out, "Source", mount.source);
    if (mount.read_only) out["ReadOnly"] = true;
    put(out, "Consistency", mount.consistency);
    if (mount.type == "bind" && (!mount.bind_propagation.empty() || mount.bind_create_host_path)) {
        json options = json::object();
        put(options, "Propagation", mount.bind_propagation);
        if (mount.bind_create_host_path && api >= kApiBindCreateMountpoint) {
            options["CreateMountpoint"] = true;
        } else if (mount.bind_create_host_path) {
            warnings.push_back("creating the missing host path of " + mount.target + " needs API " +
                               kApiBindCreateMountpoint.str() +
                               "; use a bind in HostConfig.binds with an engine speaking " +
                               api.str());
        }
        out["BindOptions"] = options;
    }
    if (mount.type == "volume" && (mount.volume_no_copy || !mount.volume_subpath.empty())) {
        json options = json::object();
        if (mount.volume_no_copy) options["NoCopy"] = true;
        if (!mount.volume_subpath.empty() && api >= kApiVolumeSubpath) {
            options["Subpath"] = mount.volume_subpath;
        } else if (!mount.volume_subpath.empty()) {
            warnings.push_back("volume subpath for " + mount.target + " needs API " +
                               kApiVolumeSubpath.str() + " and the engine speaks " + api.str() +
                               "; it is ignored");
        }
        out["VolumeOptions"] = options;
    }
    if (mount.type == "tmpfs" && (mount.tmpfs_size_bytes || mount.tmpfs_mode)) {
        json options = json::object();
        put(options, "SizeBytes", mount.tmpfs_size_bytes);
        put(options, "Mode", mount.tmpfs_mode);
        out["TmpfsOptions"] = options;
    }
    return out;
}

void encode_resources(const Resources& r, json& out) {
    put(out, "Memory", r.memory);
    put(out, "MemoryReservation", r.memory_reservation);
    put(out, "MemorySwap", r.memory_swap);
    put(out, "MemorySwappiness", r.memory_swappiness);
    put(out, "NanoCpus", r.nano_cpus);
    put(out, "CpuShares", r.cpu_shares);
    put(out, "CpuPeriod", r.cpu_period);
    put(out, "CpuQuota", r.cpu_quota);
    put(out, "CpusetCpus", r.cpuset_cpus);
    put(out, "CpusetMems", r.cpuset_mems);
    put(out, "PidsLimit", r.pids_limit);
    put(out, "BlkioWeight", r.blkio_weight);
    put(out, "OomKillDisable", r.oom_kill_disable);
    put(out, "DeviceCgroupRules", r.device_cgroup_rules);
    if (!r.devices.empty()) {
        json devices = json::array();
        for (const DeviceMapping& d : r.devices) {
            devices.push_back({{"PathOnHost", d.path_on_host},
                               {"PathInContainer", d.path_in_container},
                               {"CgroupPermissions", d.cgroup_permissions}});
        }
        out["Devices"] = devices;
    }
    if (!r.device_requests.empty()) {
        json requests = json::array();
        for (const DeviceRequest& d : r.device_requests) {
            json entry = {{"Driver", d.driver}, {"Count", d.count}};
            put(entry, "DeviceIDs", d.device_ids);
            if (!d.capabilities.empty()) entry["Capabilities"] = d.capabilities;
            put(entry, "Options", d.options);
            requests.push_back(entry);
        }
        out["DeviceRequests"] = requests;
    }
    if (!r.ulimits.empty()) {
        json ulimits = json::array();
        for (const Ulimit& u : r.ulimits) {
            ulimits.push_back({{"Name", u.name}, {"Soft", u.soft}, {"Hard", u.hard}});
        }
        out["Ulimits"] = ulimits;
    }
}

json encode_port_bindings(const std::map<std::string, std::vector<PortBinding>>& bindings) {
    json out = json::object();
    for (const auto& [port, list] : bindings) {
        json entries = json::array();
        for (const PortBinding& b : list) {
            entries.push_back({{"HostIp", b.host_ip}, {"HostPort", b.host_port}});
        }
        out[port] = entries;
    }
    return out;
}

}  // namespace

nlohmann::json encode_host_config(const HostConfig& host, ApiVersion api,
                                  std::vector<std::string>& warnings) {
    json out = json::object();
    put(out, "Binds", host.binds);
    if (!host.mounts.empty()) {
        json mounts = json::array();
        for (const Mount& m : host.mounts) mounts.push_back(encode_mount(m, api, warnings));
        out["Mounts"] = mounts;
    }
    put(out, "Tmpfs", host.tmpfs);
    if (!host.port_bindings.empty()) out["PortBindings"] = encode_port_bindings(host.port_bindings);
    if (host.publish_all_ports) out["PublishAllPorts"] = true;
    if (!host.restart_policy.name.empty()) {
        out["RestartPolicy"] = {{"Name", host.restart_policy.name},
                                {"MaximumRetryCount", host.restart_policy.maximum_retry_count}};
    }
    if (host.auto_remove) out["AutoRemove"] = true;
    put(out, "NetworkMode", host.network_mode);
    put(out, "CapAdd", host.cap_add);
    put(out, "CapDrop", host.cap_drop);
    if (host.privileged) out["Privileged"] = true;
    put(out, "Init", host.init);
    if (host.read_only_rootfs) out["ReadonlyRootfs"] = true;
    put(out, "Sysctls", host.sysctls);
    put(out, "ShmSize", host.shm_size);
    put(out, "Dns", host.dns);
    put(out, "DnsSearch", host.dns_search);
    put(out, "DnsOptions", host.dns_options);
    put(out, "ExtraHosts", host.extra_hosts);
    if (!host.log_config.type.empty()) {
        out["LogConfig"] = {{"Type", host.log_config.type},
                            {"Config", json(host.log_config.options)}};
    }
    put(out, "SecurityOpt", host.security_opt);
    put(out, "GroupAdd", host.group_add);
    put(out, "VolumesFrom", host.volumes_from);
    put(out, "Links", host.links);
    put(out, "IpcMode", host.ipc_mode);
    put(out, "PidMode", host.pid_mode);
    put(out, "UTSMode", host.uts_mode);
    put(out, "UsernsMode", host.userns_mode);
    put(out, "CgroupParent", host.cgroup_parent);
    put(out, "CgroupnsMode", host.cgroupns_mode);
    put(out, "Runtime", host.runtime);
    put(out, "Isolation", host.isolation);
    put(out, "OomScoreAdj", host.oom_score_adj);
    put(out, "StorageOpt", host.storage_opt);
    encode_resources(host.resources, out);
    return out;
}

}  // namespace dc::docker
