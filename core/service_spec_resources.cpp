// Resources: CPU and memory limits and reservations (service-level and deploy.resources), device
// mappings and requests, ulimits, as Compose's getDeployResources maps them.
#include <algorithm>

#include "core/normalize_text.h"
#include "core/service_spec_internal.h"

namespace dc {

namespace {

// Go's int64(float32 * 1e9): Compose multiplies in float32, so do the same for equal results.
std::int64_t nano_cpus(double cpus) {
    return static_cast<std::int64_t>(static_cast<float>(cpus) * 1e9f);
}

std::vector<Ulimit> ulimits_of(const Node& service) {
    std::vector<Ulimit> out;
    const Node* ulimits = service.find("ulimits");
    if (ulimits == nullptr) return out;
    for (const Entry& entry : ulimits->entries) {
        const Node& value = *entry.value;
        Ulimit limit{entry.key, 0, 0};
        if (value.is_mapping()) {
            limit.soft = int_of(value, "soft").value_or(0);
            limit.hard = int_of(value, "hard").value_or(0);
        } else {
            limit.soft = limit.hard = parse_go_int(value.text).value_or(0);
        }
        out.push_back(limit);
    }
    // Sorted by name, so that the spec does not depend on the order in the file.
    std::sort(out.begin(), out.end(),
              [](const Ulimit& a, const Ulimit& b) { return a.name < b.name; });
    return out;
}

// A device reservation; `extra_capability`, when not empty, is added to its capabilities.
DeviceRequest device_request(const Node& device, const std::string& extra_capability) {
    DeviceRequest out;
    out.driver = text_of(device, "driver");
    const Node* count = device.find("count");
    bool all = count && count->kind == NodeKind::String && count->text == "all";
    out.count = all ? -1 : static_cast<int>(int_of(device, "count").value_or(0));
    out.device_ids = strings_of(device, "device_ids");
    std::vector<std::string> capabilities = strings_of(device, "capabilities");
    if (!extra_capability.empty()) capabilities.push_back(extra_capability);
    out.capabilities.push_back(std::move(capabilities));
    out.options = string_map_of(device, "options");
    return out;
}

void map_devices(const Node& service, Resources& resources) {
    if (const Node* devices = service.find("devices")) {
        for (const Node& device : devices->items) {
            resources.devices.push_back(DeviceMapping{text_of(device, "source"),
                                                      text_of(device, "target"),
                                                      text_of(device, "permissions")});
        }
    }
    resources.device_cgroup_rules = strings_of(service, "device_cgroup_rules");
}

// deploy.resources: limits override the service-level values; reservations give the memory
// reservation and device requests (CPU reservations only mean something to Swarm).
void map_deploy_resources(const Node& service, Resources& resources) {
    const Node* deploy = service.find("deploy");
    const Node* deploy_resources = deploy ? deploy->find("resources") : nullptr;
    if (deploy_resources == nullptr) return;
    if (const Node* limits = deploy_resources->find("limits")) {
        if (auto memory = int_of(*limits, "memory"); memory && *memory != 0) {
            resources.memory = memory;
        }
        if (auto cpus = float_of(*limits, "cpus"); cpus && *cpus != 0) {
            resources.nano_cpus = nano_cpus(*cpus);
        }
        if (auto pids = int_of(*limits, "pids"); pids && *pids > 0) resources.pids_limit = pids;
    }
    const Node* reservations = deploy_resources->find("reservations");
    if (reservations == nullptr) return;
    if (auto memory = int_of(*reservations, "memory"); memory && *memory != 0) {
        resources.memory_reservation = memory;
    }
    if (const Node* devices = reservations->find("devices")) {
        for (const Node& device : devices->items) {
            resources.device_requests.push_back(device_request(device, {}));
        }
    }
}

// `gpus` (Compose 2.30 and later; the loader's compose-go 2.2 model does not keep it yet):
// "all", or device requests whose capabilities always include "gpu".
void map_gpus(const Node& service, Resources& resources) {
    const Node* gpus = service.find("gpus");
    if (gpus == nullptr || gpus->is_null()) return;
    if (gpus->is_scalar()) {
        DeviceRequest all;
        all.count = -1;
        all.capabilities.push_back({"gpu"});
        resources.device_requests.push_back(std::move(all));
        return;
    }
    for (const Node& device : gpus->items) {
        resources.device_requests.push_back(device_request(device, "gpu"));
    }
}

}  // namespace

Resources map_resources(const Node& service) {
    Resources out;
    out.memory = int_of(service, "mem_limit");
    out.memory_swap = int_of(service, "memswap_limit");
    out.memory_reservation = int_of(service, "mem_reservation");
    if (auto swappiness = int_of(service, "mem_swappiness"); swappiness && *swappiness != 0) {
        out.memory_swappiness = swappiness;
    }
    if (auto cpus = float_of(service, "cpus")) out.nano_cpus = nano_cpus(*cpus);
    out.cpu_shares = int_of(service, "cpu_shares");
    out.cpu_period = int_of(service, "cpu_period");
    out.cpu_quota = int_of(service, "cpu_quota");
    out.cpuset_cpus = text_of(service, "cpuset");
    if (auto pids = int_of(service, "pids_limit"); pids && *pids != 0) out.pids_limit = pids;
    if (service.find("oom_kill_disable"))
        out.oom_kill_disable = bool_of(service, "oom_kill_disable");
    if (const Node* blkio = service.find("blkio_config")) {
        if (auto weight = int_of(*blkio, "weight")) out.blkio_weight = static_cast<int>(*weight);
    }
    map_deploy_resources(service, out);
    map_gpus(service, out);
    map_devices(service, out);
    out.ulimits = ulimits_of(service);
    return out;
}

}  // namespace dc
