// The Docker Engine client: dc::Engine over the Engine API, with libcurl. The implementation is
// spread by resource: containers.cpp, networks.cpp, volumes.cpp, images.cpp, logs_events.cpp,
// exec.cpp, attach.cpp, archive.cpp; docker_client.cpp holds version negotiation and the request
// helpers.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "core/engine.h"
#include "drivers/docker_host.h"
#include "drivers/http.h"

namespace dc::docker {

struct ClientOptions {
    TransportOptions transport;
    // A limit for ordinary requests (not streams, waits or stops); 0 waits as long as the engine
    // takes, as the docker CLI does.
    std::chrono::milliseconds request_timeout{0};
};

struct Call;
struct JsonMessage;

class DockerClient final : public Engine {
  public:
    explicit DockerClient(Endpoint endpoint, ClientOptions options = {});

    const Endpoint& endpoint() const { return transport_.endpoint(); }

    EngineResult<PingInfo> ping() override;
    EngineResult<VersionInfo> version() override;
    EngineResult<ApiVersion> api_version() override;

    EngineResult<std::vector<ContainerSummary>> list_containers(
        const ContainerListOptions& options) override;
    EngineResult<std::optional<ContainerInfo>> inspect_container(const std::string& id) override;
    EngineResult<CreatedContainer> create_container(const ContainerSpec& spec) override;
    EngineResult<Outcome> start_container(const std::string& id) override;
    EngineResult<Outcome> stop_container(const std::string& id,
                                         std::optional<std::chrono::seconds> timeout) override;
    EngineResult<Outcome> restart_container(const std::string& id,
                                            std::optional<std::chrono::seconds> timeout) override;
    EngineResult<Outcome> kill_container(const std::string& id, const std::string& signal) override;
    EngineResult<Outcome> pause_container(const std::string& id) override;
    EngineResult<Outcome> unpause_container(const std::string& id) override;
    EngineResult<Outcome> remove_container(const std::string& id,
                                           const RemoveContainerOptions& options) override;
    EngineResult<Outcome> rename_container(const std::string& id,
                                           const std::string& new_name) override;
    EngineResult<WaitResult> wait_container(const std::string& id, WaitCondition condition,
                                            std::stop_token stop) override;

    EngineResult<std::vector<NetworkInfo>> list_networks(const Filters& filters) override;
    EngineResult<std::optional<NetworkInfo>> inspect_network(const std::string& id) override;
    EngineResult<std::string> create_network(const NetworkSpec& spec) override;
    EngineResult<Outcome> connect_network(const std::string& container,
                                          const EndpointSpec& endpoint) override;
    EngineResult<Outcome> disconnect_network(const std::string& network,
                                             const std::string& container, Force force) override;
    EngineResult<Outcome> remove_network(const std::string& id) override;

    EngineResult<std::vector<VolumeInfo>> list_volumes(const Filters& filters) override;
    EngineResult<std::optional<VolumeInfo>> inspect_volume(const std::string& name) override;
    EngineResult<VolumeInfo> create_volume(const VolumeSpec& spec) override;
    EngineResult<Outcome> remove_volume(const std::string& name, Force force) override;

    EngineResult<std::optional<ImageInfo>> inspect_image(const std::string& reference) override;
    EngineResult<std::vector<ImageSummary>> list_images(const Filters& filters) override;
    EngineResult<Outcome> remove_image(const std::string& reference, Force force) override;
    EngineResult<Outcome> tag_image(const std::string& source, const std::string& repository,
                                    const std::string& tag) override;
    EngineResult<std::string> import_image(const ByteSource& tarball, const ImportOptions& options,
                                           const ProgressSink& progress) override;
    EngineResult<Outcome> pull_image(const std::string& image, const std::string& tag,
                                     const std::string& auth, const ProgressSink& progress,
                                     std::stop_token stop) override;
    EngineResult<std::string> build_image(const ByteSource& context, const BuildOptions& options,
                                          const BuildSink& sink, std::stop_token stop) override;
    EngineResult<Outcome> push_image(const std::string& image, const std::string& tag,
                                     const std::string& auth, const ProgressSink& progress,
                                     std::stop_token stop) override;

    EngineResult<Outcome> logs(const std::string& id, const LogOptions& options,
                               const FrameSink& sink, std::stop_token stop) override;

    EngineResult<std::string> create_exec(const std::string& container,
                                          const ExecSpec& spec) override;
    EngineResult<Outcome> start_exec(const std::string& exec_id, const ExecSpec& spec,
                                     const ExecInput& input, const FrameSink& sink,
                                     std::stop_token stop) override;
    EngineResult<ExecInfo> inspect_exec(const std::string& exec_id) override;
    EngineResult<Outcome> resize_exec(const std::string& exec_id, int height, int width) override;
    EngineResult<Outcome> attach_container(const std::string& id, const AttachOptions& options,
                                           const ExecInput& input, const FrameSink& sink,
                                           std::stop_token stop) override;
    EngineResult<Outcome> resize_container(const std::string& id, int height, int width) override;

    EngineResult<Outcome> events(const EventOptions& options, const EventSink& sink,
                                 std::stop_token stop) override;

    EngineResult<Outcome> put_archive(const std::string& container, const std::string& path,
                                      const ByteSource& tarball) override;
    EngineResult<PathStat> get_archive(const std::string& container, const std::string& path,
                                       const ByteSink& sink) override;

    EngineResult<TopResult> top_container(const std::string& id,
                                          const std::string& ps_args) override;
    EngineResult<Outcome> container_stats(const std::string& id, StatsMode mode,
                                          const StatsSink& sink, std::stop_token stop) override;

  private:
    // Sends a call under the negotiated version prefix ("/v1.41/containers/json").
    EngineResult<HttpResponse> perform(const Call& call, const ChunkSink& sink = {},
                                       std::stop_token stop = {});
    // The versioned target of a call, for requests sent outside perform (the exec hijack).
    EngineResult<std::string> target(const Call& call);
    // The JSON-lines answer of a pull, an import, a push or a build: each JSON line to
    // `on_message` as it arrives; an in-band error, or an error status, as a failure. Returns
    // the last image id the stream named.
    EngineResult<std::string> json_lines(const Call& call,
                                         const std::function<void(const JsonMessage&)>& on_message,
                                         std::stop_token stop);
    // json_lines with each message's progress to `progress` (pulls, imports and pushes).
    EngineResult<std::string> json_stream(const Call& call, const ProgressSink& progress,
                                          std::stop_token stop);
    EngineResult<CreatedContainer> connect_remaining(CreatedContainer created,
                                                     const ContainerSpec& spec);

    HttpTransport transport_;
    ClientOptions options_;
    std::mutex version_mutex_;
    std::optional<ApiVersion> version_;  // Negotiated once, guarded by version_mutex_.
};

}  // namespace dc::docker
