// Reading the master's /json/ status from inside its container, and waiting on it.
#include "core/spark_cluster.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/exec.h"
#include "core/labels.h"
#include "core/spark_profile.h"

namespace dc {

namespace {

using Json = nlohmann::json;

// An HTTP/1.0 request closes the connection after the answer, so `cat` ends.
std::vector<std::string> status_request() {
    return {"bash", "-c",
            "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(kSparkMasterUiPort) +
                " && printf 'GET /json/ HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && cat <&3"};
}

std::string text_of(const Json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::int64_t number_of(const Json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

std::vector<SparkAppStatus> apps_of(const Json& list) {
    std::vector<SparkAppStatus> apps{};
    if (!list.is_array()) return apps;
    for (const Json& a : list) {
        SparkAppStatus app{};
        app.id = text_of(a, "id");
        app.name = text_of(a, "name");
        app.user = text_of(a, "user");
        app.state = text_of(a, "state");
        app.cores = static_cast<int>(number_of(a, "cores"));
        app.memory_per_executor_mib = number_of(a, "memoryperexecutor");
        if (app.memory_per_executor_mib == 0)
            app.memory_per_executor_mib = number_of(a, "memoryperslave");
        app.duration_ms = number_of(a, "duration");
        apps.push_back(std::move(app));
    }
    return apps;
}

// "180s", or "200ms" under a second.
std::string duration_text(std::chrono::milliseconds d) {
    if (d < std::chrono::seconds(1)) return std::to_string(d.count()) + "ms";
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + "s";
}

// Sleeps for `delay` unless `stop` is triggered first.
void pause(std::chrono::milliseconds delay, std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any cv;
    std::unique_lock lock(mutex);
    cv.wait_for(lock, stop, delay, [] { return false; });
}

// The project's service containers that are not running, as "service (exit N)".
std::vector<std::string> stopped_nodes(Engine& engine, const std::string& project) {
    ContainerListOptions options{};
    options.all = true;
    options.filters["label"] = {std::string(kLabelProject) + "=" + project,
                                std::string(kLabelOneoff) + "=False"};
    std::vector<std::string> stopped{};
    for (const ContainerSummary& c : value_or_throw(engine.list_containers(options))) {
        auto service = c.labels.find(kLabelService);
        if (service == c.labels.end()) continue;
        bool spark_node = service->second == kSparkMasterService ||
                          service->second.rfind(kSparkWorkerPrefix, 0) == 0;
        if (spark_node && c.state != "running")
            stopped.push_back(service->second + " (" + c.status + ")");
    }
    return stopped;
}

}  // namespace

int SparkMasterStatus::alive_workers() const {
    return static_cast<int>(std::count_if(workers.begin(), workers.end(),
                                          [](const auto& w) { return w.state == "ALIVE"; }));
}

SparkMasterStatus parse_master_status(std::string_view json) {
    Json doc = Json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        throw Error(ErrorKind::Failure, "spark: the master's /json/ status is not a JSON object");
    }
    SparkMasterStatus status{};
    status.url = text_of(doc, "url");
    status.status = text_of(doc, "status");
    if (auto it = doc.find("workers"); it != doc.end() && it->is_array()) {
        for (const Json& w : *it) {
            SparkWorkerStatus worker{};
            worker.id = text_of(w, "id");
            worker.host = text_of(w, "host");
            worker.port = static_cast<int>(number_of(w, "port"));
            worker.state = text_of(w, "state");
            worker.web_ui = text_of(w, "webuiaddress");
            worker.cores = static_cast<int>(number_of(w, "cores"));
            worker.cores_used = static_cast<int>(number_of(w, "coresused"));
            worker.memory_mib = number_of(w, "memory");
            worker.memory_used_mib = number_of(w, "memoryused");
            status.workers.push_back(std::move(worker));
        }
    }
    if (auto it = doc.find("activeapps"); it != doc.end()) status.active_apps = apps_of(*it);
    if (auto it = doc.find("completedapps"); it != doc.end()) status.completed_apps = apps_of(*it);
    return status;
}

std::string spark_master_container(Engine& engine, const std::string& project) {
    return exec_target(project, engine, std::string(kSparkMasterService), std::nullopt).id;
}

std::optional<SparkMasterStatus> read_master_status(Engine& engine, const std::string& container) {
    ExecSpec spec{};
    spec.cmd = status_request();
    EngineResult<std::string> exec = engine.create_exec(container, spec);
    if (!exec) return std::nullopt;  // Not running (yet, or any more): the caller finds out.
    std::string answer{};
    FrameSink sink = [&answer](const OutputFrame& frame) {
        if (frame.stream == StreamKind::Stdout) answer.append(frame.bytes);
        return Flow::Continue;
    };
    if (!engine.start_exec(*exec, spec, {}, sink, {})) return std::nullopt;
    EngineResult<ExecInfo> info = engine.inspect_exec(*exec);
    if (!info || info->exit_code.value_or(1) != 0) return std::nullopt;
    std::size_t body = answer.find("\r\n\r\n");
    if (answer.rfind("HTTP/1.", 0) != 0 || body == std::string::npos) return std::nullopt;
    if (answer.compare(9, 3, "200") != 0) return std::nullopt;
    return parse_master_status(std::string_view(answer).substr(body + 4));
}

SparkMasterStatus wait_spark_ready(Engine& engine, const std::string& project, int workers,
                                   std::chrono::milliseconds timeout, std::stop_token stop) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::chrono::milliseconds delay{50};
    std::optional<SparkMasterStatus> last{};
    while (true) {
        if (stop.stop_requested()) throw Error(ErrorKind::Cancelled, "canceled");
        std::vector<std::string> stopped = stopped_nodes(engine, project);
        if (!stopped.empty()) {
            throw Error(ErrorKind::Failure,
                        "spark: " + stopped.front() + " is not running (see `dc spark logs`)");
        }
        std::string master = spark_master_container(engine, project);
        if (auto status = read_master_status(engine, master)) {
            if (status->status == "ALIVE" && status->alive_workers() >= workers) return *status;
            last = std::move(status);
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            std::string seen = last ? "the master is " + last->status + " with " +
                                          std::to_string(last->alive_workers()) + " of " +
                                          std::to_string(workers) + " workers ALIVE"
                                    : "the master does not answer on its /json/ status";
            throw Error(ErrorKind::Failure, "spark: cluster not ready after " +
                                                duration_text(timeout) + ": " + seen +
                                                " (see `dc spark logs`)");
        }
        pause(delay, stop);
        delay = std::min(delay * 2, std::chrono::milliseconds(250));
    }
}

void check_spark_image(Engine& engine, const std::string& image) {
    std::optional<ImageInfo> info = value_or_throw(engine.inspect_image(image));
    if (!info) return;
    // A created, never started container's filesystem can be read through the archive API:
    // no process runs, whatever the image's entrypoint.
    ContainerSpec spec{};
    spec.image = image;
    spec.cmd = std::vector<std::string>{"true"};
    spec.labels["dc.spark.image-check"] = "true";
    CreatedContainer created = value_or_throw(engine.create_container(spec));
    EngineResult<PathStat> stat = engine.get_archive(
        created.id, "/opt/spark/bin/spark-class", [](std::string_view) { return Flow::Continue; });
    RemoveContainerOptions remove{};
    remove.force = true;
    (void)engine.remove_container(created.id, remove);
    if (stat) return;
    if (stat.error().kind == FailureKind::NotFound) {
        throw Error(ErrorKind::Config, "spark: image " + image +
                                           " has no /opt/spark/bin/spark-class: it is not laid "
                                           "out like apache/spark");
    }
    throw EngineError(stat.error());
}

}  // namespace dc
