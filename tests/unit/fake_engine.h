// An in-memory Engine for the lifecycle tests: containers with the engine's state machine
// (created, running, paused, exited), health that a test scripts step by step, networks, volumes
// and images, the engine's conflicts (a name in use, a published port taken, a network with
// endpoints), and an event stream. Every call is recorded in order, so that tests assert the
// order of engine calls; nothing here sleeps, and everything is safe to call from many threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/engine.h"

namespace dc::test {

// What a container does once started. Each step applies at a start (the first) or at an
// inspection while it runs (the next one after each inspection), and every change emits the
// engine's event, as the health checker and the engine would; a step that changes nothing is
// passed over. A step is a health status ("starting", "healthy", "unhealthy") or "exit:<code>".
struct ContainerScript {
    std::vector<std::string> steps{};
};

struct FakeContainer {
    std::string id{};
    std::string name{};
    ContainerSpec spec{};
    std::string status = "created";
    int exit_code = 0;
    std::string health{};
    std::size_t step = 0;  // The next scripted step.
    std::int64_t created = 0;
    std::vector<MountInfo> mounts{};
};

class FakeEngine final : public Engine {
  public:
    // ---- Set-up and scripting ----
    // A container as if an earlier run made it; returns its id.
    std::string add_container(const ContainerSpec& spec, const std::string& status = "running");
    void add_network(const std::string& name, const Labels& labels = {});
    void add_volume(const std::string& name, const Labels& labels = {});
    // An image the engine has; last_tag_time is its Metadata.LastTagTime (RFC 3339), if any.
    void add_image(const std::string& reference, const std::string& last_tag_time = "");
    // Scripts the container called `name` (now or once created or renamed so).
    void script(const std::string& name, ContainerScript script);
    // The next call of `call` on `target` (a name) fails with `failure`.
    void fail_next(const std::string& call, const std::string& target, EngineFailure failure);
    // The first `count` calls of `call` each wait until all `count` have arrived, so that they
    // are under way at once; after 10 s they go on and rendezvous_missed() turns true.
    void rendezvous(const std::string& call, int count);
    // While code runs: change a container as the engine would, with its event.
    void set_health(const std::string& name, const std::string& health);
    void exit_container(const std::string& name, int code);

    // Every exec from now on writes `output` to stdout (when attached) and exits with `code`.
    void script_exec(int code, std::string output = {});
    // What attaching to the container called `name` delivers, on stdout, once it is attached;
    // also what its logs hold.
    void script_output(const std::string& name, std::string output);

    // Blocks until `call` ("inspect_container p-db-1") has been made, or 10 s have passed;
    // returns whether it was made. For a test thread that acts while the code under test runs.
    bool await_call(const std::string& call);

    // ---- What happened ----
    // Every call in order, as "<call> <target>": "create_container p-web-1".
    std::vector<std::string> calls() const;
    // The calls of one kind, in order: calls_of("start_container") == {"p-db-1", "p-web-1"}.
    std::vector<std::string> calls_of(const std::string& call) const;
    // The position of a call in calls(), or -1.
    int position(const std::string& call) const;
    int max_in_flight(const std::string& call) const;
    bool rendezvous_missed() const;
    std::optional<FakeContainer> container(const std::string& name) const;
    std::vector<std::string> container_names() const;  // Sorted.
    std::vector<std::string> network_names() const;    // Sorted.
    std::vector<std::string> volume_names() const;     // Sorted.
    std::vector<std::string> image_names() const;      // Sorted.
    std::vector<ExecSpec> exec_specs() const;          // In the order they were created.
    // What attach_container read from its input, by container name.
    std::map<std::string, std::string> attach_inputs() const;
    // Every put_archive, in order: the container's name, the path, and the tar's entries by name
    // (a file's content; empty for a directory).
    struct FakeArchive {
        std::string container{};
        std::string path{};
        std::map<std::string, std::string> entries{};
    };
    std::vector<FakeArchive> archives() const;
    // Every build's options, in the order the builds started, with the context tar's size.
    struct FakeBuild {
        BuildOptions options{};
        std::size_t context_bytes = 0;
    };
    std::vector<FakeBuild> builds() const;

    // ---- Engine ----
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
    // Records a call on entry, counts it as under way until it returns, and holds it at a
    // rendezvous when one is set for it.
    class CallScope {
      public:
        enum class Target { Container, Literal };  // Whether the target is a container to name.
        CallScope(FakeEngine& engine, std::string call, const std::string& target, Target kind);
        ~CallScope();
        CallScope(const CallScope&) = delete;
        CallScope& operator=(const CallScope&) = delete;

      private:
        FakeEngine& engine_;
        std::string call_;
    };
    using Target = CallScope::Target;
    struct Rendezvous {
        int count = 0;
        int arrived = 0;
    };
    struct Failure {
        std::string call{};
        std::string target{};
        EngineFailure failure{};
    };

    // Whether an object's labels (and name) pass the engine's list filters: every "label" item,
    // "k" or "k=v", and any "name" item; and whether an event passes "type" and "label" filters.
    static bool passes(const Filters& filters, const Labels& labels, const std::string& name);
    static bool passes(const Filters& filters, const Event& event);

    // Everything below is guarded by mutex_, which serialises the calls of the executor's
    // worker threads on the fake's maps (the real engine does the same behind its API).
    FakeContainer* find(const std::string& id_or_name);
    const FakeContainer* find(const std::string& id_or_name) const;
    std::optional<EngineFailure> take_failure(const std::string& call, const std::string& target);
    void record(const std::string& call, const std::string& target);
    void emit(const FakeContainer& container, const std::string& action,
              const std::string& health = "");
    enum class Step { First, Next };  // At a start, or at a later inspection.
    void apply_step(FakeContainer& container, Step which);
    void enter_running(FakeContainer& container);
    std::optional<EngineFailure> port_conflict(const FakeContainer& container) const;
    ContainerInfo info_of(const FakeContainer& container) const;
    std::string next_id();

    mutable std::mutex mutex_;
    std::condition_variable_any changed_;  // Events appended, containers changed, arrivals.
    std::vector<std::string> calls_{};
    std::map<std::string, int> in_flight_{};
    std::map<std::string, int> max_in_flight_{};
    std::map<std::string, Rendezvous> rendezvous_{};
    bool rendezvous_missed_ = false;
    std::vector<Failure> failures_{};
    std::map<std::string, FakeContainer> containers_{};  // By id.
    std::map<std::string, ContainerScript> scripts_{};   // By container name.
    std::map<std::string, NetworkInfo> networks_{};      // By name.
    std::map<std::string, VolumeInfo> volumes_{};        // By name.
    std::vector<std::string> images_{};
    std::map<std::string, std::string> image_tag_times_{};  // Reference -> LastTagTime.
    std::vector<FakeArchive> archives_{};
    std::vector<Event> events_{};
    struct FakeExec {
        std::string container{};
        ExecSpec spec{};
    };
    std::vector<FakeExec> execs_{};  // An exec's id is its position, as text.
    int exec_code_ = 0;
    std::string exec_output_{};
    std::map<std::string, std::string> outputs_{};        // Attach output, by container name.
    std::map<std::string, std::string> attach_inputs_{};  // By container name.
    int serial_ = 0;
    std::vector<FakeBuild> builds_{};
    std::map<std::string, std::string> image_ids_{};  // Built images' ids, by tag.
};

}  // namespace dc::test
