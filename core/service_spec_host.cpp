// Host settings: restart policy, logging, security options, the namespaces and the rest of
// HostConfig, plus the healthcheck. Resources are mapped in service_spec_resources.cpp.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/normalize_text.h"
#include "core/service_spec_internal.h"

namespace dc {

namespace {

std::string restart_name(const std::string& condition) {
    if (condition == "none" || condition == "no") return "no";
    if (condition == "any" || condition == "always") return "always";
    return condition;  // "on-failure", "unless-stopped", or what the engine is to judge.
}

// `restart: on-failure:3`, overridden by deploy.restart_policy.
RestartPolicy restart_policy_of(const Node& service) {
    RestartPolicy out;
    std::string restart = text_of(service, "restart");
    if (!restart.empty()) {
        std::size_t colon = restart.find(':');
        out.name = restart_name(restart.substr(0, colon));
        if (colon != std::string::npos) {
            out.maximum_retry_count =
                static_cast<int>(parse_decimal_int(restart.substr(colon + 1)).value_or(0));
        }
    }
    const Node* deploy = service.find("deploy");
    const Node* policy = deploy ? deploy->find("restart_policy") : nullptr;
    if (policy && policy->is_mapping()) {
        out.name = restart_name(text_of(*policy, "condition"));
        out.maximum_retry_count = static_cast<int>(int_of(*policy, "max_attempts").value_or(0));
    }
    return out;
}

std::string read_seccomp_profile(const SpecContext& context, const std::string& file) {
    std::string path = absolute_path(file, context.project.working_dir);
    std::ifstream in(path, std::ios::binary);
    if (!in.is_open()) {
        throw Error(ErrorKind::Config,
                    "opening seccomp profile (" + file + ") failed: cannot read " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    nlohmann::json profile = nlohmann::json::parse(text.str(), nullptr, false);
    if (profile.is_discarded()) {
        throw Error(ErrorKind::Config, "compacting json for seccomp profile (" + file +
                                           ") failed: invalid JSON in " + path);
    }
    return profile.dump();
}

// Compose's parseSecurityOpts (from the docker CLI): "key=value" or "key:value", a seccomp
// profile file read and inlined.
std::vector<std::string> security_options(const SpecContext& context,
                                          std::vector<std::string>& warnings) {
    std::vector<std::string> out;
    for (const std::string& option : strings_of(context.service, "security_opt")) {
        if (option == "systempaths=unconfined") {
            warnings.push_back("service " + context.service_name +
                               ": security_opt systempaths=unconfined is not supported yet and "
                               "was ignored");
            continue;
        }
        std::size_t separator = option.find('=');
        if (separator == std::string::npos && option != "no-new-privileges") {
            separator = option.find(':');
            if (separator == std::string::npos) {
                throw Error(ErrorKind::Config, "service " + context.service_name +
                                                   ": invalid security-opt: \"" + option + "\"");
            }
        }
        std::string key = option.substr(0, separator);
        std::string value = separator == std::string::npos ? "" : option.substr(separator + 1);
        if (key == "seccomp" && value != "unconfined") {
            out.push_back("seccomp=" + read_seccomp_profile(context, value));
        } else {
            out.push_back(option);
        }
    }
    return out;
}

// Attributes the engine interface has no field for yet: said, not silently dropped.
void warn_unsupported(const SpecContext& context, std::vector<std::string>& warnings) {
    static const char* const keys[] = {"annotations", "cpu_count", "cpu_percent", "cpu_rt_period",
                                       "cpu_rt_runtime"};
    for (const char* key : keys) {
        if (context.service.find(key)) {
            warnings.push_back("service " + context.service_name + ": " + key +
                               " is not supported yet and was ignored");
        }
    }
    const Node* blkio = context.service.find("blkio_config");
    if (blkio && blkio->is_mapping() &&
        std::any_of(blkio->entries.begin(), blkio->entries.end(),
                    [](const Entry& entry) { return entry.key != "weight"; })) {
        warnings.push_back("service " + context.service_name +
                           ": blkio_config device limits are not supported yet and were ignored");
    }
}

}  // namespace

void map_host(const SpecContext& context, ServiceContainerSpec& out) {
    const Node& service = context.service;
    HostConfig& host = out.spec.host;
    host.cap_add = strings_of(service, "cap_add");
    host.cap_drop = strings_of(service, "cap_drop");
    host.privileged = bool_of(service, "privileged");
    if (service.find("init")) host.init = bool_of(service, "init");
    host.read_only_rootfs = bool_of(service, "read_only");
    host.restart_policy = restart_policy_of(service);
    host.shm_size = int_of(service, "shm_size");
    host.sysctls = string_map_of(service, "sysctls");
    host.storage_opt = string_map_of(service, "storage_opt");
    host.dns = strings_of(service, "dns");
    host.dns_search = strings_of(service, "dns_search");
    host.dns_options = strings_of(service, "dns_opt");
    // The model keeps "host=ip"; the engine wants "host:ip".
    for (std::string entry : strings_of(service, "extra_hosts")) {
        if (std::size_t eq = entry.find('='); eq != std::string::npos) entry[eq] = ':';
        host.extra_hosts.push_back(std::move(entry));
    }
    if (const Node* logging = service.find("logging")) {
        host.log_config.type = text_of(*logging, "driver");
        host.log_config.options = string_map_of(*logging, "options");
    }
    host.security_opt = security_options(context, out.warnings);
    host.group_add = strings_of(service, "group_add");
    host.ipc_mode = text_of(service, "ipc");
    host.pid_mode = text_of(service, "pid");
    host.uts_mode = text_of(service, "uts");
    host.userns_mode = text_of(service, "userns_mode");
    host.cgroup_parent = text_of(service, "cgroup_parent");
    host.cgroupns_mode = text_of(service, "cgroup");
    host.runtime = text_of(service, "runtime");
    host.isolation = text_of(service, "isolation");
    if (auto adjust = int_of(service, "oom_score_adj"))
        host.oom_score_adj = static_cast<int>(*adjust);
    host.resources = map_resources(service);
    warn_unsupported(context, out.warnings);
}

std::optional<Healthcheck> map_healthcheck(const Node& service) {
    const Node* check = service.find("healthcheck");
    if (check == nullptr || !check->is_mapping()) return std::nullopt;
    Healthcheck out;
    out.test =
        bool_of(*check, "disable") ? std::vector<std::string>{"NONE"} : strings_of(*check, "test");
    out.interval = duration_of(*check, "interval");
    out.timeout = duration_of(*check, "timeout");
    out.start_period = duration_of(*check, "start_period");
    out.start_interval = duration_of(*check, "start_interval");
    if (auto retries = int_of(*check, "retries")) out.retries = static_cast<int>(*retries);
    return out;
}

}  // namespace dc
