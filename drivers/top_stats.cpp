// A container's processes (GET /containers/{id}/top) and resource usage (GET
// /containers/{id}/stats), the latter as JSON lines when streamed.
#include "drivers/client_internal.h"
#include "drivers/docker_client.h"
#include "drivers/streams.h"

namespace dc::docker {

namespace {

using nlohmann::json;

// A member of any type, or null when `object` is no mapping or lacks it.
const json& member(const json& object, const char* key) {
    static const json kNull;
    if (!object.is_object()) return kNull;
    auto it = object.find(key);
    return it == object.end() ? kNull : *it;
}

std::uint64_t unsigned_field(const json& object, const char* key) {
    std::int64_t value = int_field(object, key);
    return value < 0 ? 0 : static_cast<std::uint64_t>(value);
}

TopResult decode_top(const json& object) {
    TopResult top;
    top.titles = strings_field(object, "Titles");
    const json& processes = member(object, "Processes");
    if (!processes.is_null() && !processes.is_array()) throw std::runtime_error("bad Processes");
    if (processes.is_array()) {
        for (const json& row : processes) {
            top.processes.push_back(row.get<std::vector<std::string>>());
        }
    }
    return top;
}

// The docker CLI's memory use leaves the inactive file cache out: cgroup v1 reports it as
// total_inactive_file, v2 as inactive_file.
std::uint64_t memory_cache(const json& memory, std::uint64_t usage) {
    const json& stats = object_field(memory, "stats");
    for (const char* key : {"total_inactive_file", "inactive_file"}) {
        if (!stats.is_object() || !stats.contains(key)) continue;
        std::uint64_t value = unsigned_field(stats, key);
        if (value < usage) return value;
    }
    return 0;
}

StatsSample decode_stats(const json& object) {
    StatsSample sample;
    sample.read = text_field(object, "read");
    const json& cpu = object_field(object, "cpu_stats");
    const json& precpu = object_field(object, "precpu_stats");
    sample.cpu_total = unsigned_field(object_field(cpu, "cpu_usage"), "total_usage");
    sample.precpu_total = unsigned_field(object_field(precpu, "cpu_usage"), "total_usage");
    sample.system_cpu = unsigned_field(cpu, "system_cpu_usage");
    sample.presystem_cpu = unsigned_field(precpu, "system_cpu_usage");
    sample.online_cpus = static_cast<std::uint32_t>(unsigned_field(cpu, "online_cpus"));
    if (sample.online_cpus == 0) {
        const json& per_cpu = member(object_field(cpu, "cpu_usage"), "percpu_usage");
        if (per_cpu.is_array()) sample.online_cpus = static_cast<std::uint32_t>(per_cpu.size());
    }
    const json& memory = object_field(object, "memory_stats");
    sample.memory_usage = unsigned_field(memory, "usage");
    sample.memory_limit = unsigned_field(memory, "limit");
    sample.memory_cache = memory_cache(memory, sample.memory_usage);
    const json& networks = object_field(object, "networks");
    if (networks.is_object()) {
        for (const auto& [name, counters] : networks.items()) {
            sample.net_rx += unsigned_field(counters, "rx_bytes");
            sample.net_tx += unsigned_field(counters, "tx_bytes");
        }
    }
    const json& io = member(member(object, "blkio_stats"), "io_service_bytes_recursive");
    if (io.is_array()) {
        for (const json& entry : io) {
            std::string op = text_field(entry, "op");
            if (op == "Read" || op == "read") sample.block_read += unsigned_field(entry, "value");
            if (op == "Write" || op == "write")
                sample.block_write += unsigned_field(entry, "value");
        }
    }
    sample.pids = unsigned_field(object_field(object, "pids_stats"), "current");
    return sample;
}

}  // namespace

EngineResult<TopResult> DockerClient::top_container(const std::string& id,
                                                    const std::string& ps_args) {
    Call call{Method::Get, "/containers/" + escape(id) + "/top"};
    if (!ps_args.empty()) call.query.add("ps_args", ps_args);
    auto answer = json_answer(perform(call), call);
    if (!answer) return failed(answer);
    return decode<TopResult>(*answer, call, decode_top);
}

EngineResult<Outcome> DockerClient::container_stats(const std::string& id, StatsMode mode,
                                                    const StatsSink& sink, std::stop_token stop) {
    Call call{Method::Get, "/containers/" + escape(id) + "/stats"};
    call.query.add("stream", mode == StatsMode::Stream ? "1" : "0");
    call.duration = Duration::Long;
    LineSplitter lines;
    std::optional<EngineFailure> decoder_failure;
    auto on_line = [&](std::string_view line) {
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) return Flow::Continue;
        auto parsed = json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!parsed.is_object()) {
            decoder_failure = EngineFailure{
                FailureKind::Protocol, 0,
                "unexpected answer to " + call.what() + ": " + std::string(line.substr(0, 200))};
            return Flow::Stop;
        }
        auto sample = decode<StatsSample>(parsed, call, decode_stats);
        if (sample) return sink(*sample);
        decoder_failure = sample.error();
        return Flow::Stop;
    };
    auto response = perform(
        call, [&](std::string_view chunk) { return lines.feed(chunk, on_line); }, stop);
    if (decoder_failure) return Unexpected<EngineFailure>{*decoder_failure};
    if (!response) return failed(response);
    if (response->status < 200 || response->status > 299) {
        return Unexpected<EngineFailure>{
            status_failure(response->status, response->body, call.what())};
    }
    if (!response->stopped) lines.finish(on_line);
    if (decoder_failure) return Unexpected<EngineFailure>{*decoder_failure};
    return Outcome::Done;
}

}  // namespace dc::docker
