// The fake engine's processes and resource usage (top, stats): fixed, recognisable answers for a
// running container, the engine's Conflict for one that is not.
#include "tests/unit/fake_engine.h"

namespace dc::test {

EngineResult<TopResult> FakeEngine::top_container(const std::string& id, const std::string&) {
    CallScope scope(*this, "top_container", id, Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (auto failure = take_failure("top_container", id)) return Unexpected{*failure};
    const FakeContainer* container = find(id);
    if (container == nullptr) {
        return engine_failure(FailureKind::NotFound, "No such container: " + id, 404);
    }
    if (container->status != "running") {
        return engine_failure(FailureKind::Conflict,
                              "Container " + container->id + " is not running", 409);
    }
    std::string command;
    for (const std::string& word : container->spec.cmd.value_or(std::vector<std::string>{})) {
        command += (command.empty() ? "" : " ") + word;
    }
    return TopResult{{"UID", "PID", "CMD"}, {{"root", "100", command}}};
}

// A running container uses a quarter of one CPU of two, 1 MiB of 4 MiB (plus 512 KiB of cache),
// and has moved 1,250 bytes in and 2 MB out; a stopped one reports zeros, as the engine does.
EngineResult<Outcome> FakeEngine::container_stats(const std::string& id, StatsMode,
                                                  const StatsSink& sink, std::stop_token) {
    CallScope scope(*this, "container_stats", id, Target::Container);
    StatsSample sample;
    {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        if (auto failure = take_failure("container_stats", id)) return Unexpected{*failure};
        const FakeContainer* container = find(id);
        if (container == nullptr) {
            return engine_failure(FailureKind::NotFound, "No such container: " + id, 404);
        }
        if (container->status == "running") {
            sample = {.read = "2024-05-01T10:00:00Z",
                      .cpu_total = 1'250'000'000,
                      .precpu_total = 1'000'000'000,
                      .system_cpu = 12'000'000'000,
                      .presystem_cpu = 10'000'000'000,
                      .online_cpus = 2,
                      .memory_usage = 1'572'864,
                      .memory_limit = 4'194'304,
                      .memory_cache = 524'288,
                      .net_rx = 1'250,
                      .net_tx = 2'000'000,
                      .block_read = 4'096,
                      .block_write = 0,
                      .pids = 2};
        } else {
            sample.read = "0001-01-01T00:00:00Z";
        }
    }
    sink(sample);
    return Outcome::Done;
}

}  // namespace dc::test
