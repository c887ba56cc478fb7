// The values core hands a container engine: common vocabulary and what a container is created
// from, in core's terms. Nothing here knows about HTTP or the engine's JSON; what the engine
// reports back is in core/engine_info.h.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dc {

// An Engine API version such as 1.41. Ordered, so version gates read `api >= kApi...`.
struct ApiVersion {
    int major = 1;
    int minor = 41;

    auto operator<=>(const ApiVersion&) const = default;
    std::string str() const { return std::to_string(major) + "." + std::to_string(minor); }
};

using Labels = std::map<std::string, std::string>;
// List filters in the engine's form: {"label": {"com.docker.compose.project=web"}}.
using Filters = std::map<std::string, std::vector<std::string>>;

// What an action did when it did not fail: "already in that state" (HTTP 304) and "no such
// object" are answers a caller decides about, not failures.
enum class Outcome { Done, Unchanged, NotFound };

// Whether to act on an object that is in use (a running container, a used image).
enum class Force { No, Yes };

// A callback's answer to a stream: keep delivering, or stop reading (a normal end).
enum class Flow { Continue, Stop };

enum class StreamKind { Stdin, Stdout, Stderr };

// A piece of a container's output. Multiplexed streams arrive as whole frames; a TTY's raw
// stream arrives as Stdout pieces of any size.
struct OutputFrame {
    StreamKind stream = StreamKind::Stdout;
    std::string_view bytes{};
};
using FrameSink = std::function<Flow(const OutputFrame&)>;

// Streams a request body. `read` fills up to `size` bytes and returns how many, 0 at the end,
// or nullopt when the source failed (the request is then abandoned).
struct ByteSource {
    std::function<std::optional<std::size_t>(char* buffer, std::size_t size)> read{};
    std::optional<std::uint64_t> size{};  // Known length, when there is one.
};
using ByteSink = std::function<Flow(std::string_view bytes)>;

struct PingInfo {
    ApiVersion api_version{};  // The server's highest version.
    std::string os_type{};
};

struct VersionInfo {
    std::string version{};  // "20.10.24+dfsg1"
    ApiVersion api_version{};  // The server's highest version.
    ApiVersion min_api_version{};
    std::string os{};
    std::string arch{};
    std::string kernel_version{};
};

// ---- Containers ----------------------------------------------------------------------------

struct PortBinding {
    std::string host_ip{};  // Empty: every interface.
    std::string host_port{};  // Empty: any free port. May be a range "8000-8010".
};

struct Mount {
    std::string type = "volume";  // "bind", "volume", "tmpfs", "npipe".
    std::string source{};
    std::string target{};
    bool read_only = false;
    std::string consistency{};
    std::string bind_propagation{};  // "rprivate", ...
    bool bind_create_host_path = false;  // Compose's bind.create_host_path.
    bool volume_no_copy = false;
    std::string volume_subpath{};  // Needs API 1.45.
    std::optional<std::int64_t> tmpfs_size_bytes{};
    std::optional<int> tmpfs_mode{};
};

struct RestartPolicy {
    std::string name{};  // "", "no", "always", "unless-stopped", "on-failure".
    int maximum_retry_count = 0;
};

struct Ulimit {
    std::string name{};
    std::int64_t soft = 0;
    std::int64_t hard = 0;
};

struct LogConfig {
    std::string type{};  // Empty: the engine's default driver.
    std::map<std::string, std::string> options{};
};

struct DeviceMapping {
    std::string path_on_host{};
    std::string path_in_container{};
    std::string cgroup_permissions = "rwm";
};

struct DeviceRequest {
    std::string driver{};
    int count = 0;  // -1: every device.
    std::vector<std::string> device_ids{};
    std::vector<std::vector<std::string>> capabilities{};
    std::map<std::string, std::string> options{};
};

// Limits in the engine's units: bytes, nano-CPUs, CPU shares. Unset fields keep the defaults.
struct Resources {
    std::optional<std::int64_t> memory{};
    std::optional<std::int64_t> memory_reservation{};
    std::optional<std::int64_t> memory_swap{};
    std::optional<std::int64_t> memory_swappiness{};
    std::optional<std::int64_t> nano_cpus{};
    std::optional<std::int64_t> cpu_shares{};
    std::optional<std::int64_t> cpu_period{};
    std::optional<std::int64_t> cpu_quota{};
    std::string cpuset_cpus{};
    std::string cpuset_mems{};
    std::optional<std::int64_t> pids_limit{};
    std::optional<int> blkio_weight{};
    std::optional<bool> oom_kill_disable{};
    std::vector<DeviceMapping> devices{};
    std::vector<std::string> device_cgroup_rules{};
    std::vector<DeviceRequest> device_requests{};
    std::vector<Ulimit> ulimits{};
};

struct Healthcheck {
    std::vector<std::string> test{};  // {"CMD-SHELL", "pg_isready"}, {"NONE"}, ...
    std::optional<std::chrono::nanoseconds> interval{};
    std::optional<std::chrono::nanoseconds> timeout{};
    std::optional<std::chrono::nanoseconds> start_period{};
    std::optional<std::chrono::nanoseconds> start_interval{};  // Needs API 1.44.
    std::optional<int> retries{};
};

// How a container joins one network.
struct EndpointSpec {
    std::string network{};  // Name or id.
    std::vector<std::string> aliases{};
    std::string ipv4_address{};
    std::string ipv6_address{};
    std::vector<std::string> links{};
    std::string mac_address{};  // Per endpoint; needs API 1.44.
};

struct HostConfig {
    std::vector<std::string> binds{};  // "src:dst:ro"; prefer mounts.
    std::vector<Mount> mounts{};
    std::map<std::string, std::string> tmpfs{};  // Path to options ("size=64m").
    std::map<std::string, std::vector<PortBinding>> port_bindings{};  // "80/tcp" -> bindings.
    bool publish_all_ports = false;
    RestartPolicy restart_policy{};
    bool auto_remove = false;
    std::string network_mode{};  // "bridge", "host", "none", "container:<id>", a network name.
    std::vector<std::string> cap_add{};
    std::vector<std::string> cap_drop{};
    bool privileged = false;
    std::optional<bool> init{};
    bool read_only_rootfs = false;
    std::map<std::string, std::string> sysctls{};
    std::optional<std::int64_t> shm_size{};  // Bytes.
    std::vector<std::string> dns{};
    std::vector<std::string> dns_search{};
    std::vector<std::string> dns_options{};
    std::vector<std::string> extra_hosts{};  // "host:ip".
    LogConfig log_config{};
    std::vector<std::string> security_opt{};
    std::vector<std::string> group_add{};
    std::vector<std::string> volumes_from{};
    std::vector<std::string> links{};
    std::string ipc_mode{};
    std::string pid_mode{};
    std::string uts_mode{};
    std::string userns_mode{};
    std::string cgroup_parent{};
    std::string cgroupns_mode{};
    std::string runtime{};
    std::string isolation{};
    std::optional<int> oom_score_adj{};
    std::map<std::string, std::string> storage_opt{};
    Resources resources{};
};

struct ContainerSpec {
    std::string name{};  // Empty: the engine picks one.
    std::string image{};
    std::optional<std::vector<std::string>> cmd{};  // nullopt: the image's; {}: none.
    std::optional<std::vector<std::string>> entrypoint{};  // Likewise.
    std::vector<std::string> env{};  // "KEY=value".
    Labels labels{};
    std::vector<std::string> exposed_ports{};  // "80/tcp".
    std::vector<std::string> anonymous_volumes{};  // Container paths.
    std::string working_dir{};
    std::string user{};
    std::string hostname{};
    std::string domainname{};
    std::string mac_address{};  // Container-wide (API < 1.44); prefer EndpointSpec's.
    bool tty = false;
    bool open_stdin = false;
    bool stdin_once = false;
    bool attach_stdin = false;
    bool attach_stdout = false;
    bool attach_stderr = false;
    std::string stop_signal{};
    std::optional<int> stop_timeout{};  // Seconds.
    std::optional<Healthcheck> healthcheck{};
    std::string platform{};  // "linux/amd64"; empty: the engine's.
    HostConfig host{};
    // The networks to join at creation. Engines below API 1.44 take one; the client then connects
    // the others before returning, so the container never starts half-connected.
    std::vector<EndpointSpec> networks{};
};

struct CreatedContainer {
    std::string id{};
    std::vector<std::string> warnings{};  // The engine's, plus any feature the engine lacks.
};

}  // namespace dc
