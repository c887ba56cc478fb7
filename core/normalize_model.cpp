// Compose's model, transcribed attribute by attribute from compose-go v2.2.0's
// types (the version Docker Compose v2.29.7 is built with). Field order is
// the Go struct order, which is the order both encoders print.
#include "core/normalize_model.h"

#include <utility>

namespace dc {

namespace {

using K = ValueKind;

// Scalars and simple collections.
const ValueType t_string{K::String};
const ValueType t_int{K::Int};
const ValueType t_device_count{K::DeviceCount};
const ValueType t_uint{K::Uint};
const ValueType t_float32{K::Float32};
const ValueType t_bool{K::Bool};
const ValueType t_bool_ptr{K::Bool, true};
const ValueType t_int_ptr{K::Int, true};
const ValueType t_uint_ptr{K::Uint, true};
const ValueType t_duration{K::Duration};
const ValueType t_duration_ptr{K::Duration, true};
const ValueType t_bytes{K::UnitBytes};
const ValueType t_strings{K::StringList};
const ValueType t_command{K::Command};
const ValueType t_string_map{K::StringMap};
const ValueType t_nullable_map{K::NullableMap};
const ValueType t_hosts{K::HostList};
const ValueType t_ssh{K::SshKeys};
const ValueType t_ulimit{K::Ulimit, true};
const ValueType t_ulimits{K::Map, false, &t_ulimit};

extern const StructModel m_build, m_develop, m_trigger, m_blkio, m_weight_device, m_throttle_device,
    m_device_mapping, m_logging, m_deploy, m_update, m_resources, m_resource, m_device_request,
    m_generic_resource, m_discrete_resource, m_restart_policy, m_placement, m_preference,
    m_service_network, m_port, m_volume, m_volume_bind, m_volume_volume, m_volume_tmpfs,
    m_file_reference, m_network, m_ipam, m_ipam_pool, m_volume_config, m_credential_spec,
    m_file_object, m_dependency, m_extends, m_healthcheck, m_service, m_project;

const ValueType t_build{K::Struct, true, nullptr, &m_build};
const ValueType t_develop{K::Struct, true, nullptr, &m_develop};
const ValueType t_trigger{K::Struct, false, nullptr, &m_trigger};
const ValueType t_triggers{K::List, false, &t_trigger};
const ValueType t_blkio{K::Struct, true, nullptr, &m_blkio};
const ValueType t_weight_device{K::Struct, false, nullptr, &m_weight_device};
const ValueType t_weight_devices{K::List, false, &t_weight_device};
const ValueType t_throttle_device{K::Struct, false, nullptr, &m_throttle_device};
const ValueType t_throttle_devices{K::List, false, &t_throttle_device};
const ValueType t_device_mapping{K::Struct, false, nullptr, &m_device_mapping};
const ValueType t_device_mappings{K::List, false, &t_device_mapping};
const ValueType t_logging{K::Struct, true, nullptr, &m_logging};
const ValueType t_deploy{K::Struct, true, nullptr, &m_deploy};
const ValueType t_update{K::Struct, true, nullptr, &m_update};
const ValueType t_resources{K::Struct, false, nullptr, &m_resources};
const ValueType t_resource{K::Struct, true, nullptr, &m_resource};
const ValueType t_device_request{K::Struct, false, nullptr, &m_device_request};
const ValueType t_device_requests{K::List, false, &t_device_request};
const ValueType t_generic_resource{K::Struct, false, nullptr, &m_generic_resource};
const ValueType t_generic_resources{K::List, false, &t_generic_resource};
const ValueType t_discrete_resource{K::Struct, true, nullptr, &m_discrete_resource};
const ValueType t_restart_policy{K::Struct, true, nullptr, &m_restart_policy};
const ValueType t_placement{K::Struct, false, nullptr, &m_placement};
const ValueType t_preference{K::Struct, false, nullptr, &m_preference};
const ValueType t_preferences{K::List, false, &t_preference};
const ValueType t_service_network{K::Struct, true, nullptr, &m_service_network};
const ValueType t_service_networks{K::Map, false, &t_service_network};
const ValueType t_port{K::Struct, false, nullptr, &m_port};
const ValueType t_ports{K::List, false, &t_port};
const ValueType t_volume{K::Struct, false, nullptr, &m_volume};
const ValueType t_volumes{K::List, false, &t_volume};
const ValueType t_volume_bind{K::Struct, true, nullptr, &m_volume_bind};
const ValueType t_volume_volume{K::Struct, true, nullptr, &m_volume_volume};
const ValueType t_volume_tmpfs{K::Struct, true, nullptr, &m_volume_tmpfs};
const ValueType t_file_reference{K::Struct, false, nullptr, &m_file_reference};
const ValueType t_file_references{K::List, false, &t_file_reference};
const ValueType t_ipam{K::Struct, false, nullptr, &m_ipam};
const ValueType t_ipam_pool{K::Struct, true, nullptr, &m_ipam_pool};
const ValueType t_ipam_pools{K::List, false, &t_ipam_pool};
const ValueType t_credential_spec{K::Struct, true, nullptr, &m_credential_spec};
const ValueType t_dependency{K::Struct, false, nullptr, &m_dependency};
const ValueType t_dependencies{K::Map, false, &t_dependency};
const ValueType t_extends{K::Struct, true, nullptr, &m_extends};
const ValueType t_healthcheck{K::Struct, true, nullptr, &m_healthcheck};
const ValueType t_service{K::Struct, false, nullptr, &m_service};
const ValueType t_services{K::Map, false, &t_service};
const ValueType t_network{K::Struct, false, nullptr, &m_network};
const ValueType t_networks{K::Map, false, &t_network};
const ValueType t_volume_config{K::Struct, false, nullptr, &m_volume_config};
const ValueType t_volume_configs{K::Map, false, &t_volume_config};
const ValueType t_file_object{K::Struct, false, nullptr, &m_file_object};
const ValueType t_file_objects{K::Map, false, &t_file_object};

const StructModel m_build{"build",
                          {
                              {"context", &t_string},
                              {"dockerfile", &t_string},
                              {"dockerfile_inline", &t_string},
                              {"entitlements", &t_strings},
                              {"args", &t_nullable_map},
                              {"ssh", &t_ssh},
                              {"labels", &t_string_map},
                              {"cache_from", &t_strings},
                              {"cache_to", &t_strings},
                              {"no_cache", &t_bool},
                              {"additional_contexts", &t_string_map},
                              {"pull", &t_bool},
                              {"extra_hosts", &t_hosts},
                              {"isolation", &t_string},
                              {"network", &t_string},
                              {"target", &t_string},
                              {"secrets", &t_file_references},
                              {"shm_size", &t_bytes},
                              {"tags", &t_strings},
                              {"ulimits", &t_ulimits},
                              {"platforms", &t_strings},
                              {"privileged", &t_bool},
                          }};

const StructModel m_develop{"develop", {{"watch", &t_triggers}}};

const StructModel m_trigger{"watch",
                            {
                                {"path", &t_string, kKeepEmpty},
                                {"action", &t_string, kKeepEmpty},
                                {"target", &t_string},
                                {"ignore", &t_strings},
                            }};

const StructModel m_blkio{"blkio_config",
                          {
                              {"weight", &t_uint},
                              {"weight_device", &t_weight_devices},
                              {"device_read_bps", &t_throttle_devices},
                              {"device_read_iops", &t_throttle_devices},
                              {"device_write_bps", &t_throttle_devices},
                              {"device_write_iops", &t_throttle_devices},
                          }};

const StructModel m_weight_device{"weight_device",
                                  {
                                      {"path", &t_string, kKeepEmpty, "Path"},
                                      {"weight", &t_uint, kKeepEmpty, "Weight"},
                                  }};

const StructModel m_throttle_device{"throttle_device",
                                    {
                                        {"path", &t_string, kKeepEmpty, "Path"},
                                        {"rate", &t_bytes, kKeepEmpty, "Rate"},
                                    }};

const StructModel m_device_mapping{"device",
                                   {
                                       {"source", &t_string},
                                       {"target", &t_string},
                                       {"permissions", &t_string},
                                   }};

const StructModel m_logging{"logging",
                            {
                                {"driver", &t_string},
                                {"options", &t_string_map},
                            }};

const StructModel m_deploy{"deploy",
                           {
                               {"mode", &t_string},
                               {"replicas", &t_int_ptr},
                               {"labels", &t_string_map},
                               {"update_config", &t_update},
                               {"rollback_config", &t_update},
                               {"resources", &t_resources},
                               {"restart_policy", &t_restart_policy},
                               {"placement", &t_placement},
                               {"endpoint_mode", &t_string},
                           }};

const StructModel m_update{"update_config",
                           {
                               {"parallelism", &t_uint_ptr},
                               {"delay", &t_duration},
                               {"failure_action", &t_string},
                               {"monitor", &t_duration},
                               {"max_failure_ratio", &t_float32},
                               {"order", &t_string},
                           }};

const StructModel m_resources{"resources",
                              {
                                  {"limits", &t_resource},
                                  {"reservations", &t_resource},
                              }};

const StructModel m_resource{"resource",
                             {
                                 {"cpus", &t_float32},
                                 {"memory", &t_bytes},
                                 {"pids", &t_int},
                                 {"devices", &t_device_requests},
                                 {"generic_resources", &t_generic_resources},
                             }};

const StructModel m_device_request{"device_request",
                                   {
                                       {"capabilities", &t_strings},
                                       {"driver", &t_string},
                                       {"count", &t_device_count},
                                       {"device_ids", &t_strings},
                                   }};

const StructModel m_generic_resource{"generic_resource",
                                     {
                                         {"discrete_resource_spec", &t_discrete_resource},
                                     }};

const StructModel m_discrete_resource{"discrete_resource_spec",
                                      {
                                          {"kind", &t_string, kKeepEmpty},
                                          {"value", &t_int, kKeepEmpty},
                                      }};

const StructModel m_restart_policy{"restart_policy",
                                   {
                                       {"condition", &t_string},
                                       {"delay", &t_duration_ptr},
                                       {"max_attempts", &t_uint_ptr},
                                       {"window", &t_duration_ptr},
                                   }};

const StructModel m_placement{"placement",
                              {
                                  {"constraints", &t_strings},
                                  {"preferences", &t_preferences},
                                  {"max_replicas_per_node", &t_uint},
                              }};

const StructModel m_preference{"preference", {{"spread", &t_string}}};

const StructModel m_service_network{"network",
                                    {
                                        {"priority", &t_int},
                                        {"aliases", &t_strings},
                                        {"ipv4_address", &t_string},
                                        {"ipv6_address", &t_string},
                                        {"link_local_ips", &t_strings},
                                        {"mac_address", &t_string},
                                        {"driver_opts", &t_string_map},
                                    }};

const StructModel m_port{"port",
                         {
                             {"name", &t_string},
                             {"mode", &t_string},
                             {"host_ip", &t_string},
                             {"target", &t_uint},
                             {"published", &t_string},
                             {"protocol", &t_string},
                             {"app_protocol", &t_string},
                         }};

const StructModel m_volume{"volume",
                           {
                               {"type", &t_string},
                               {"source", &t_string},
                               {"target", &t_string},
                               {"read_only", &t_bool},
                               {"consistency", &t_string},
                               {"bind", &t_volume_bind},
                               {"volume", &t_volume_volume},
                               {"tmpfs", &t_volume_tmpfs},
                           }};

const StructModel m_volume_bind{"bind",
                                {
                                    {"selinux", &t_string},
                                    {"propagation", &t_string},
                                    {"create_host_path", &t_bool},
                                }};

const StructModel m_volume_volume{"volume",
                                  {
                                      {"nocopy", &t_bool},
                                      {"subpath", &t_string},
                                  }};

const StructModel m_volume_tmpfs{"tmpfs",
                                 {
                                     {"size", &t_bytes},
                                     {"mode", &t_uint},
                                 }};

const StructModel m_file_reference{"file_reference",
                                   {
                                       {"source", &t_string},
                                       {"target", &t_string},
                                       {"uid", &t_string},
                                       {"gid", &t_string},
                                       {"mode", &t_uint_ptr},
                                   }};

const StructModel m_network{"network",
                            {
                                {"name", &t_string},
                                {"driver", &t_string},
                                {"driver_opts", &t_string_map},
                                {"ipam", &t_ipam},
                                {"external", &t_bool},
                                {"internal", &t_bool},
                                {"attachable", &t_bool},
                                {"labels", &t_string_map},
                                {"enable_ipv6", &t_bool_ptr},
                            }};

const StructModel m_ipam{"ipam",
                         {
                             {"driver", &t_string},
                             {"config", &t_ipam_pools},
                         }};

const StructModel m_ipam_pool{"ipam_pool",
                              {
                                  {"subnet", &t_string},
                                  {"gateway", &t_string},
                                  {"ip_range", &t_string},
                                  {"aux_addresses", &t_string_map},
                              }};

const StructModel m_volume_config{"volume",
                                  {
                                      {"name", &t_string},
                                      {"driver", &t_string},
                                      {"driver_opts", &t_string_map},
                                      {"external", &t_bool},
                                      {"labels", &t_string_map},
                                  }};

const StructModel m_credential_spec{"credential_spec",
                                    {
                                        {"config", &t_string},
                                        {"file", &t_string},
                                        {"registry", &t_string},
                                    }};

const StructModel m_file_object{"file_object",
                                {
                                    {"name", &t_string},
                                    {"file", &t_string},
                                    {"environment", &t_string},
                                    {"content", &t_string},
                                    {"external", &t_bool},
                                    {"labels", &t_string_map},
                                    {"driver", &t_string},
                                    {"driver_opts", &t_string_map},
                                    {"template_driver", &t_string},
                                }};

const StructModel m_dependency{"depends_on",
                               {
                                   {"condition", &t_string},
                                   {"restart", &t_bool},
                                   {"required", &t_bool, kKeepEmpty},
                               }};

const StructModel m_extends{"extends",
                            {
                                {"file", &t_string},
                                {"service", &t_string},
                            }};

const StructModel m_healthcheck{"healthcheck",
                                {
                                    {"test", &t_strings},
                                    {"timeout", &t_duration_ptr},
                                    {"interval", &t_duration_ptr},
                                    {"retries", &t_uint_ptr},
                                    {"start_period", &t_duration_ptr},
                                    {"start_interval", &t_duration_ptr},
                                    {"disable", &t_bool},
                                }};

const StructModel m_service{"service",
                            {
                                {"profiles", &t_strings},
                                {"annotations", &t_string_map},
                                {"attach", &t_bool_ptr},
                                {"build", &t_build},
                                {"develop", &t_develop},
                                {"blkio_config", &t_blkio},
                                {"cap_add", &t_strings},
                                {"cap_drop", &t_strings},
                                {"cgroup_parent", &t_string},
                                {"cgroup", &t_string},
                                {"cpu_count", &t_int},
                                {"cpu_percent", &t_float32},
                                {"cpu_period", &t_int},
                                {"cpu_quota", &t_int},
                                {"cpu_rt_period", &t_int},
                                {"cpu_rt_runtime", &t_int},
                                {"cpus", &t_float32},
                                {"cpuset", &t_string},
                                {"cpu_shares", &t_int},
                                {"command", &t_command, kJsonKeepEmpty},
                                {"configs", &t_file_references},
                                {"container_name", &t_string},
                                {"credential_spec", &t_credential_spec},
                                {"depends_on", &t_dependencies},
                                {"deploy", &t_deploy},
                                {"device_cgroup_rules", &t_strings},
                                {"devices", &t_device_mappings},
                                {"dns", &t_strings},
                                {"dns_opt", &t_strings},
                                {"dns_search", &t_strings},
                                {"dockerfile", &t_string},
                                {"domainname", &t_string},
                                {"entrypoint", &t_command, kJsonKeepEmpty},
                                {"environment", &t_nullable_map},
                                {"expose", &t_strings},
                                {"extends", &t_extends},
                                {"external_links", &t_strings},
                                {"extra_hosts", &t_hosts},
                                {"group_add", &t_strings},
                                {"hostname", &t_string},
                                {"healthcheck", &t_healthcheck},
                                {"image", &t_string},
                                {"init", &t_bool_ptr},
                                {"ipc", &t_string},
                                {"isolation", &t_string},
                                {"labels", &t_string_map},
                                {"links", &t_strings},
                                {"logging", &t_logging},
                                {"log_driver", &t_string},
                                {"log_opt", &t_string_map},
                                {"mem_limit", &t_bytes},
                                {"mem_reservation", &t_bytes},
                                {"memswap_limit", &t_bytes},
                                {"mem_swappiness", &t_bytes},
                                {"mac_address", &t_string},
                                {"net", &t_string},
                                {"network_mode", &t_string},
                                {"networks", &t_service_networks},
                                {"oom_kill_disable", &t_bool},
                                {"oom_score_adj", &t_int},
                                {"pid", &t_string},
                                {"pids_limit", &t_int},
                                {"platform", &t_string},
                                {"ports", &t_ports},
                                {"privileged", &t_bool},
                                {"pull_policy", &t_string},
                                {"read_only", &t_bool},
                                {"restart", &t_string},
                                {"runtime", &t_string},
                                {"scale", &t_int_ptr},
                                {"secrets", &t_file_references},
                                {"security_opt", &t_strings},
                                {"shm_size", &t_bytes},
                                {"stdin_open", &t_bool},
                                {"stop_grace_period", &t_duration_ptr},
                                {"stop_signal", &t_string},
                                {"storage_opt", &t_string_map},
                                {"sysctls", &t_string_map},
                                {"tmpfs", &t_strings},
                                {"tty", &t_bool},
                                {"ulimits", &t_ulimits},
                                {"user", &t_string},
                                {"userns_mode", &t_string},
                                {"uts", &t_string},
                                {"volume_driver", &t_string},
                                {"volumes", &t_volumes},
                                {"volumes_from", &t_strings},
                                {"working_dir", &t_string},
                            }};

const StructModel m_project{"project",
                            {
                                {"name", &t_string},
                                {"services", &t_services, kYamlKeepEmpty},
                                {"networks", &t_networks},
                                {"volumes", &t_volume_configs},
                                {"secrets", &t_file_objects},
                                {"configs", &t_file_objects},
                            }};

}  // namespace

StructModel::StructModel(std::string_view model_name, std::vector<FieldModel> model_fields)
    : name(model_name), fields(std::move(model_fields)) {
    for (std::size_t i = 0; i < fields.size(); ++i) index_.emplace(fields[i].key, i);
}

const FieldModel* StructModel::find(std::string_view key) const {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &fields[it->second];
}

std::size_t StructModel::index_of(std::string_view key) const {
    auto it = index_.find(key);
    return it == index_.end() ? fields.size() : it->second;
}

const StructModel& project_model() {
    return m_project;
}
const StructModel& service_model() {
    return m_service;
}

}  // namespace dc
