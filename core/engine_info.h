// What a container engine reports back (containers, networks, volumes, images, events), and the
// options of its streaming calls (logs, exec), in core's terms.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/engine_types.h"

namespace dc {

using TimePoint = std::chrono::system_clock::time_point;

struct PublishedPort {
    std::string host_ip{};
    int private_port = 0;
    int public_port = 0;  // 0: not published.
    std::string protocol = "tcp";
};

// One row of a container list.
struct ContainerSummary {
    std::string id{};
    std::vector<std::string> names{};  // Without the engine's leading "/".
    std::string image{};
    std::string image_id{};
    std::string command{};
    std::int64_t created = 0;  // Unix seconds.
    std::string state{};  // "created", "running", "exited", ...
    std::string status{};  // "Up 2 minutes (healthy)".
    Labels labels{};
    std::vector<PublishedPort> ports{};
    std::vector<std::string> networks{};
};

struct ContainerState {
    std::string status{};  // "created", "running", "paused", "restarting", "exited", "dead".
    bool running = false;
    bool paused = false;
    bool restarting = false;
    bool oom_killed = false;
    bool dead = false;
    int pid = 0;
    int exit_code = 0;
    std::string error{};
    std::string started_at{};  // RFC 3339, as the engine wrote it.
    std::string finished_at{};
    std::string health{};  // "", "starting", "healthy", "unhealthy".
    int failing_streak = 0;
};

struct NetworkAttachment {
    std::string network_id{};
    std::string endpoint_id{};
    std::string ip_address{};
    std::string gateway{};
    std::string mac_address{};
    std::vector<std::string> aliases{};
};

struct MountInfo {
    std::string type{};
    std::string name{};  // Volume name.
    std::string source{};
    std::string destination{};
    std::string driver{};
    bool rw = true;
};

struct ContainerInfo {
    std::string id{};
    std::string name{};  // Without the leading "/".
    std::string created{};
    std::string image_id{};
    std::string image{};  // As configured: "postgres:16".
    ContainerState state{};
    int restart_count = 0;
    Labels labels{};
    std::vector<std::string> env{};
    std::vector<std::string> cmd{};
    std::vector<std::string> entrypoint{};
    bool tty = false;
    bool open_stdin = false;
    std::string working_dir{};
    std::string user{};
    std::string network_mode{};
    std::string restart_policy{};
    bool auto_remove = false;
    std::map<std::string, std::vector<PortBinding>> ports{};  // Published, by "80/tcp".
    std::map<std::string, NetworkAttachment> networks{};  // By network name.
    std::vector<MountInfo> mounts{};
};

enum class WaitCondition { NotRunning, NextExit, Removed };

struct WaitResult {
    int exit_code = 0;
    std::string error{};  // The engine's, when waiting itself failed.
};

struct ContainerListOptions {
    bool all = false;  // Stopped containers too.
    Filters filters{};
};

struct RemoveContainerOptions {
    bool force = false;  // Kill a running container first.
    bool volumes = false;  // Remove its anonymous volumes.
};

// ---- Networks and volumes ------------------------------------------------------------------

struct IpamPool {
    std::string subnet{};
    std::string ip_range{};
    std::string gateway{};
    std::map<std::string, std::string> aux_addresses{};
};

struct NetworkSpec {
    std::string name{};
    std::string driver{};  // Empty: "bridge".
    std::map<std::string, std::string> options{};
    Labels labels{};
    bool internal = false;
    bool attachable = false;
    bool enable_ipv6 = false;
    std::string ipam_driver{};
    std::vector<IpamPool> ipam_pools{};
    std::map<std::string, std::string> ipam_options{};
};

struct NetworkInfo {
    std::string id{};
    std::string name{};
    std::string driver{};
    std::string scope{};
    bool internal = false;
    bool attachable = false;
    bool enable_ipv6 = false;
    Labels labels{};
    std::map<std::string, std::string> options{};
    std::vector<IpamPool> ipam_pools{};
    std::vector<std::string> containers{};  // Ids of attached containers.
};

struct VolumeSpec {
    std::string name{};  // Empty: the engine picks one.
    std::string driver{};  // Empty: "local".
    std::map<std::string, std::string> driver_options{};
    Labels labels{};
};

struct VolumeInfo {
    std::string name{};
    std::string driver{};
    std::string mountpoint{};
    std::string scope{};
    std::string created_at{};
    Labels labels{};
    std::map<std::string, std::string> options{};
};

// ---- Images --------------------------------------------------------------------------------

struct ImageInfo {
    std::string id{};
    std::vector<std::string> repo_tags{};
    std::vector<std::string> repo_digests{};
    std::string created{};
    std::int64_t size = 0;
    std::string os{};
    std::string architecture{};
    Labels labels{};
    std::vector<std::string> env{};
    std::vector<std::string> cmd{};
    std::vector<std::string> entrypoint{};
    std::string working_dir{};
    std::string user{};
    std::vector<std::string> exposed_ports{};
    std::string last_tag_time{};  // Metadata.LastTagTime, RFC 3339; the zero time when never.
};

struct ImageSummary {
    std::string id{};
    std::vector<std::string> repo_tags{};
    std::int64_t created = 0;
    std::int64_t size = 0;
    Labels labels{};
};

struct ImportOptions {
    std::string repository{};  // "dc-test/busybox"
    std::string tag{};  // Never empty: an empty tag means "latest" to the engine.
    std::vector<std::string> changes{};  // Dockerfile instructions: "CMD [\"sh\"]".
    std::string message{};
};

// One line of a pull's or an import's progress.
struct ProgressLine {
    std::string id{};  // Layer id, or empty.
    std::string status{};  // "Downloading", "Pull complete", ...
    std::int64_t current = 0;
    std::int64_t total = 0;
};
using ProgressSink = std::function<void(const ProgressLine&)>;

// ---- Logs, exec, events, archives ----------------------------------------------------------

struct LogOptions {
    bool follow = false;
    bool show_stdout = true;
    bool show_stderr = true;
    bool timestamps = false;
    std::optional<TimePoint> since{};
    std::optional<TimePoint> until{};
    std::optional<int> tail{};  // nullopt: every line.
};

struct ExecSpec {
    std::vector<std::string> cmd{};
    std::vector<std::string> env{};
    std::string user{};
    std::string working_dir{};
    bool privileged = false;
    bool tty = false;
    bool attach_stdin = false;
    bool attach_stdout = true;
    bool attach_stderr = true;
};

// What an attached exec reads as standard input: a file descriptor read until its end (a terminal,
// a pipe), or fixed bytes. Either way the client half-closes the connection afterwards, so the
// process sees end of input.
struct ExecInput {
    int fd = -1;
    std::string bytes{};
};

struct ExecInfo {
    bool running = false;
    std::optional<int> exit_code{};  // Set once the process ended.
    int pid = 0;
    std::string container_id{};
};

struct EventOptions {
    std::optional<TimePoint> since{};
    std::optional<TimePoint> until{};
    Filters filters{};
};

struct Event {
    std::string type{};  // "container", "network", "volume", "image", ...
    std::string action{};  // "start", "die", "health_status", ... (the status part split off).
    std::string health_status{};  // "healthy" for Docker's "health_status: healthy", and Podman's.
    std::string actor_id{};
    std::map<std::string, std::string> attributes{};  // Labels, name, image, exitCode, ...
    std::string scope{};
    std::int64_t time_nano = 0;
};
using EventSink = std::function<Flow(const Event&)>;

// What the engine says of a path in a container (the archive endpoints' stat header).
struct PathStat {
    std::string name{};
    std::int64_t size = 0;
    std::uint32_t mode = 0;  // Go's os.FileMode bits.
    std::string mtime{};
    std::string link_target{};
};

// ---- Processes and resource usage -----------------------------------------------------------

// A container's processes as ps(1) lists them inside it: the column titles and one row a process.
struct TopResult {
    std::vector<std::string> titles{};
    std::vector<std::vector<std::string>> processes{};
};

// One sample of a container's resource usage, with what the engine read a moment before
// (precpu), so that a CPU percentage can be computed from a single sample.
struct StatsSample {
    std::string read{};  // When the engine read it (RFC 3339); "0001-01-01..." for a stopped one.
    std::uint64_t cpu_total = 0;
    std::uint64_t precpu_total = 0;
    std::uint64_t system_cpu = 0;
    std::uint64_t presystem_cpu = 0;
    std::uint32_t online_cpus = 0;  // The engine's count, or the per-CPU entries when it has none.
    std::uint64_t memory_usage = 0;
    std::uint64_t memory_limit = 0;
    std::uint64_t memory_cache = 0;  // Inactive file pages, which the docker CLI leaves out of use.
    std::uint64_t net_rx = 0;  // Bytes, all interfaces.
    std::uint64_t net_tx = 0;
    std::uint64_t block_read = 0;  // Bytes, all devices.
    std::uint64_t block_write = 0;
    std::uint64_t pids = 0;
};
using StatsSink = std::function<Flow(const StatsSample&)>;

// Whether stats answers one sample or one a second until stopped.
enum class StatsMode { Once, Stream };

}  // namespace dc
