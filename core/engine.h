// The container engine as core needs it: one narrow interface that drivers/ implements over the
// Docker Engine API and tests replace with fakes. Calls return values at this edge (an Expected
// holding the result or an EngineFailure, with "not found" as a value); layers above that prefer
// exceptions turn a failure into an EngineError with value_or_throw().
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/engine_info.h"
#include "core/engine_types.h"
#include "core/error.h"

namespace dc {

// ---- A tiny std::expected (C++23) ------------------------------------------------------

template <typename E>
struct Unexpected {
    E error;
};

template <typename T, typename E>
class Expected;

// What an Expected<T, E> can be made from as a value: anything T can (an optional from its
// value, say), but not another Expected or an Unexpected.
template <typename U, typename T, typename E>
concept ValueOf =
    std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, Expected<T, E>> &&
    !std::is_same_v<std::remove_cvref_t<U>, Unexpected<E>>;

template <typename T, typename E>
class Expected {
  public:
    template <ValueOf<T, E> U = T>
    Expected(U&& value) : state_(std::in_place_index<0>, std::forward<U>(value)) {}
    Expected(Unexpected<E> failure) : state_(std::in_place_index<1>, std::move(failure.error)) {}

    bool has_value() const { return state_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { return check(), std::get<0>(state_); }
    const T& value() const& { return check(), std::get<0>(state_); }
    T&& value() && { return check(), std::get<0>(std::move(state_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const E& error() const& {
        if (has_value()) throw std::logic_error("Expected::error() on a value");
        return std::get<1>(state_);
    }

  private:
    void check() const {
        if (!has_value()) throw std::logic_error("Expected::value() on a failure");
    }

    std::variant<T, E> state_;
};

// ---- Failures ---------------------------------------------------------------------------

enum class FailureKind {
    NotFound,       // The object does not exist where it had to (a network to connect to, say).
    Conflict,       // The object is in the wrong state (not running, in use).
    NameInUse,      // A container or network of that name exists.
    PortAllocated,  // A published host port is taken.
    NoSuchImage,    // Creating from an image the engine does not have.
    Unavailable,    // No engine to talk to: not running, no permission, bad endpoint, timed out.
    ServerError,    // The engine refused or failed for another reason.
    Protocol,       // The engine's answer made no sense, or the connection broke mid-answer.
    Cancelled,      // The caller's stop token was triggered.
};

struct EngineFailure {
    FailureKind kind = FailureKind::ServerError;
    int http_status = 0;  // 0 when there was no HTTP answer.
    std::string message;  // One line: the engine's {"message"} or what went wrong on the way.
};

template <typename T>
using EngineResult = Expected<T, EngineFailure>;

inline Unexpected<EngineFailure> engine_failure(FailureKind kind, std::string message,
                                                int http_status = 0) {
    return {EngineFailure{kind, http_status, std::move(message)}};
}

// The failure of one result, to return as another's: `if (!info) return failed(info);`.
template <typename T>
Unexpected<EngineFailure> failed(const EngineResult<T>& result) {
    return {result.error()};
}

// "engine: no such image: postgres:16": the engine's message with its first letter lowered
// (unless it starts an acronym), never an HTTP dump.
inline std::string engine_message(const EngineFailure& failure) {
    std::string text = failure.message;
    if (text.size() > 1 && text[0] >= 'A' && text[0] <= 'Z' &&
        !(text[1] >= 'A' && text[1] <= 'Z')) {
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    }
    return "engine: " + text;
}

// A failure for the layers that throw. A cancelled call becomes ErrorKind::Cancelled, so that
// cli/main.cpp exits with 130 like an interrupt.
class EngineError : public Error {
  public:
    explicit EngineError(EngineFailure failure)
        : Error(failure.kind == FailureKind::Cancelled ? ErrorKind::Cancelled : ErrorKind::Engine,
                engine_message(failure)),
          failure_(std::move(failure)) {}
    const EngineFailure& failure() const { return failure_; }

  private:
    EngineFailure failure_;
};

template <typename T>
T value_or_throw(EngineResult<T> result) {
    if (!result) throw EngineError(result.error());
    return std::move(result).value();
}

// ---- Attaching to a container ---------------------------------------------------------------

// What attach_container connects to. Attaching comes before starting, so that no output is
// missed: `on_attached` is called once the engine has accepted the attachment and before any
// output is read; it typically starts the container, and Flow::Stop abandons the attachment.
struct AttachOptions {
    bool tty = false;  // The container's Tty setting: its output is then raw, not multiplexed.
    bool attach_stdin = false;
    bool attach_stdout = true;
    bool attach_stderr = true;
    std::function<Flow()> on_attached{};
};

// ---- Building images ------------------------------------------------------------------------

// What POST /build is told besides the context: the query parameters of the classic builder.
struct BuildOptions {
    std::string dockerfile{};  // Its path inside the context; empty: "Dockerfile".
    std::vector<std::string> tags{};  // "name:tag", each applied to the built image.
    std::string target{};  // The stage of a multi-stage Dockerfile to stop at.
    std::map<std::string, std::string> args{};  // --build-arg.
    Labels labels{};
    std::string network_mode{};  // For RUN: "host", "none", a network name.
    std::vector<std::string> extra_hosts{};  // "host:ip".
    std::optional<std::int64_t> shm_size{};  // Bytes.
    std::vector<std::string> cache_from{};
    std::string platform{};
    bool no_cache = false;
    bool pull = false;  // Always pull the base images, even when present.
    bool remove = true;  // Remove intermediate containers after a successful build.
    bool force_remove = false;  // ... and after a failed one.
    std::string registry_config{};  // The X-Registry-Config value (base64 JSON), or empty.
};

// One message of a build's output: text the builder printed (a step, a command's output, with
// its newlines) or a status line.
struct BuildMessage {
    std::string stream{};
    std::string status{};
};
using BuildSink = std::function<void(const BuildMessage&)>;

// ---- The interface ----------------------------------------------------------------------

// Every method may be called from several threads at once. Methods taking a stop_token return
// a Cancelled failure soon after it is triggered; long waits and streams should always get one.
class Engine {
  public:
    virtual ~Engine() = default;

    // Talking to the engine. api_version() is the version every call uses: the lower of the
    // client's newest and the server's, negotiated once through ping.
    virtual EngineResult<PingInfo> ping() = 0;
    virtual EngineResult<VersionInfo> version() = 0;
    virtual EngineResult<ApiVersion> api_version() = 0;

    // Containers. `id` is an id, an id prefix or a name.
    virtual EngineResult<std::vector<ContainerSummary>> list_containers(
        const ContainerListOptions& options) = 0;
    virtual EngineResult<std::optional<ContainerInfo>> inspect_container(const std::string& id) = 0;
    virtual EngineResult<CreatedContainer> create_container(const ContainerSpec& spec) = 0;
    virtual EngineResult<Outcome> start_container(const std::string& id) = 0;
    // nullopt timeout: the container's own stop timeout.
    virtual EngineResult<Outcome> stop_container(const std::string& id,
                                                 std::optional<std::chrono::seconds> timeout) = 0;
    virtual EngineResult<Outcome> restart_container(
        const std::string& id, std::optional<std::chrono::seconds> timeout) = 0;
    virtual EngineResult<Outcome> kill_container(const std::string& id,
                                                 const std::string& signal) = 0;
    virtual EngineResult<Outcome> pause_container(const std::string& id) = 0;
    virtual EngineResult<Outcome> unpause_container(const std::string& id) = 0;
    virtual EngineResult<Outcome> remove_container(const std::string& id,
                                                   const RemoveContainerOptions& options) = 0;
    virtual EngineResult<Outcome> rename_container(const std::string& id,
                                                   const std::string& new_name) = 0;
    // Blocks until the condition holds. A container that does not exist is a NotFound failure.
    virtual EngineResult<WaitResult> wait_container(const std::string& id, WaitCondition condition,
                                                    std::stop_token stop) = 0;

    // Networks. Creating refuses a duplicate name on every engine version.
    virtual EngineResult<std::vector<NetworkInfo>> list_networks(const Filters& filters) = 0;
    virtual EngineResult<std::optional<NetworkInfo>> inspect_network(const std::string& id) = 0;
    virtual EngineResult<std::string> create_network(const NetworkSpec& spec) = 0;  // The id.
    virtual EngineResult<Outcome> connect_network(const std::string& container,
                                                  const EndpointSpec& endpoint) = 0;
    virtual EngineResult<Outcome> disconnect_network(const std::string& network,
                                                     const std::string& container, Force force) = 0;
    virtual EngineResult<Outcome> remove_network(const std::string& id) = 0;

    // Volumes.
    virtual EngineResult<std::vector<VolumeInfo>> list_volumes(const Filters& filters) = 0;
    virtual EngineResult<std::optional<VolumeInfo>> inspect_volume(const std::string& name) = 0;
    virtual EngineResult<VolumeInfo> create_volume(const VolumeSpec& spec) = 0;
    virtual EngineResult<Outcome> remove_volume(const std::string& name, Force force) = 0;

    // Images. `reference` is "name:tag", "name@digest" or an id.
    virtual EngineResult<std::optional<ImageInfo>> inspect_image(const std::string& reference) = 0;
    virtual EngineResult<std::vector<ImageSummary>> list_images(const Filters& filters) = 0;
    virtual EngineResult<Outcome> remove_image(const std::string& reference, Force force) = 0;
    virtual EngineResult<Outcome> tag_image(const std::string& source,
                                            const std::string& repository,
                                            const std::string& tag) = 0;
    // Imports a root filesystem tarball as an image; returns the new image's id.
    virtual EngineResult<std::string> import_image(const ByteSource& tarball,
                                                   const ImportOptions& options,
                                                   const ProgressSink& progress) = 0;
    // `auth` is the X-Registry-Auth value (base64url JSON), or empty.
    virtual EngineResult<Outcome> pull_image(const std::string& image, const std::string& tag,
                                             const std::string& auth, const ProgressSink& progress,
                                             std::stop_token stop) = 0;
    // Builds an image from a tar of its context. Returns the built image's id. A failed step is a
    // ServerError failure with the builder's message ("The command '/bin/sh -c false' returned a
    // non-zero code: 1"); the output before it went to `sink`.
    virtual EngineResult<std::string> build_image(const ByteSource& context,
                                                  const BuildOptions& options,
                                                  const BuildSink& sink, std::stop_token stop) = 0;
    // Pushes "name:tag" to its registry; `auth` is the X-Registry-Auth value (empty: none). A
    // refusal the registry reports in-band (no credentials, denied) is a ServerError failure
    // with its message.
    virtual EngineResult<Outcome> push_image(const std::string& image, const std::string& tag,
                                             const std::string& auth, const ProgressSink& progress,
                                             std::stop_token stop) = 0;

    // A container's output, as frames, until the end (or forever with follow) or Flow::Stop.
    virtual EngineResult<Outcome> logs(const std::string& id, const LogOptions& options,
                                       const FrameSink& sink, std::stop_token stop) = 0;

    // Exec: create, then start attached (blocks until the process's output ends), then inspect
    // for the exit code. A spec that attaches nothing (no stdin, stdout or stderr) starts the
    // process detached: start_exec returns once it runs.
    virtual EngineResult<std::string> create_exec(const std::string& container,
                                                  const ExecSpec& spec) = 0;
    virtual EngineResult<Outcome> start_exec(const std::string& exec_id, const ExecSpec& spec,
                                             const ExecInput& input, const FrameSink& sink,
                                             std::stop_token stop) = 0;
    virtual EngineResult<ExecInfo> inspect_exec(const std::string& exec_id) = 0;
    virtual EngineResult<Outcome> resize_exec(const std::string& exec_id, int height,
                                              int width) = 0;

    // Attach: the container's stdin (when attached: `input` until its end, then a half-close)
    // and its output to `sink`, until the output ends (the container stopped), the sink stops,
    // on_attached stops or `stop` is triggered.
    virtual EngineResult<Outcome> attach_container(const std::string& id,
                                                   const AttachOptions& options,
                                                   const ExecInput& input, const FrameSink& sink,
                                                   std::stop_token stop) = 0;
    // The size of a container's TTY, in characters.
    virtual EngineResult<Outcome> resize_container(const std::string& id, int height,
                                                   int width) = 0;

    // The engine's events, delivered until Flow::Stop, the `until` time, or cancellation.
    virtual EngineResult<Outcome> events(const EventOptions& options, const EventSink& sink,
                                         std::stop_token stop) = 0;

    // Archives (tar) into and out of a container's filesystem.
    virtual EngineResult<Outcome> put_archive(const std::string& container, const std::string& path,
                                              const ByteSource& tarball) = 0;
    virtual EngineResult<PathStat> get_archive(const std::string& container,
                                               const std::string& path, const ByteSink& sink) = 0;

    // A running container's processes; `ps_args` are ps(1)'s options (empty: the engine's -ef).
    // A container that is not running is a Conflict failure.
    virtual EngineResult<TopResult> top_container(const std::string& id,
                                                  const std::string& ps_args) = 0;
    // A container's resource usage: one sample, or one a second until Flow::Stop, the container's
    // end or `stop`.
    virtual EngineResult<Outcome> container_stats(const std::string& id, StatsMode mode,
                                                  const StatsSink& sink, std::stop_token stop) = 0;
};

}  // namespace dc
