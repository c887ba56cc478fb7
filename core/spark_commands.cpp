// `dc spark up`, `status` and `ui`.
#include "core/spark_commands.h"

#include <algorithm>
#include <charconv>
#include <map>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/labels.h"
#include "core/table.h"

namespace dc {

namespace {

using Json = nlohmann::json;

std::vector<ContainerSummary> project_containers(Engine& engine, const std::string& project) {
    ContainerListOptions options{};
    options.all = true;
    options.filters["label"] = {std::string(kLabelProject) + "=" + project,
                                std::string(kLabelOneoff) + "=False"};
    return value_or_throw(engine.list_containers(options));
}

std::string service_of(const ContainerSummary& c) {
    auto it = c.labels.find(kLabelService);
    return it == c.labels.end() ? std::string{} : it->second;
}

// N of "spark-worker-N", or 0.
int worker_number(const std::string& service) {
    if (service.rfind(kSparkWorkerPrefix, 0) != 0) return 0;
    std::string_view digits = std::string_view(service).substr(kSparkWorkerPrefix.size());
    int n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    return ec == std::errc() && end == digits.data() + digits.size() ? n : 0;
}

Json worker_json(const SparkWorkerStatus& w) {
    return {{"id", w.id},
            {"host", w.host},
            {"port", w.port},
            {"state", w.state},
            {"cores", w.cores},
            {"cores_used", w.cores_used},
            {"cores_free", w.cores - w.cores_used},
            {"memory_mib", w.memory_mib},
            {"memory_used_mib", w.memory_used_mib},
            {"memory_free_mib", w.memory_mib - w.memory_used_mib},
            {"web_ui", w.web_ui}};
}

Json apps_json(const std::vector<SparkAppStatus>& apps) {
    Json list = Json::array();
    for (const SparkAppStatus& a : apps) {
        list.push_back({{"id", a.id},
                        {"name", a.name},
                        {"user", a.user},
                        {"state", a.state},
                        {"cores", a.cores},
                        {"memory_per_executor_mib", a.memory_per_executor_mib},
                        {"duration_ms", a.duration_ms}});
    }
    return list;
}

void print_json(const SparkMasterStatus& s, std::ostream& out) {
    Json workers = Json::array();
    for (const SparkWorkerStatus& w : s.workers) workers.push_back(worker_json(w));
    Json doc = {
        {"master", {{"url", s.url}, {"status", s.status}, {"alive_workers", s.alive_workers()}}},
        {"workers", workers},
        {"running_apps", apps_json(s.active_apps)},
        {"completed_apps", apps_json(s.completed_apps)}};
    out << doc.dump() << '\n';
}

std::string mib(std::int64_t value) {
    return std::to_string(value) + " MiB";
}

void print_apps(const char* title, const std::vector<SparkAppStatus>& apps, std::ostream& out) {
    out << '\n' << title << '\n';
    if (apps.empty()) {
        out << "(none)\n";
        return;
    }
    Table table({"ID", "NAME", "STATE", "CORES", "MEMORY PER EXECUTOR", "DURATION"});
    for (const SparkAppStatus& a : apps) {
        table.add({a.id, a.name, a.state, std::to_string(a.cores), mib(a.memory_per_executor_mib),
                   std::to_string(a.duration_ms / 1000) + "s"});
    }
    table.print(out);
}

void print_table(const SparkMasterStatus& s, std::ostream& out) {
    out << "MASTER " << s.url << ' ' << s.status << ", " << s.alive_workers()
        << " worker(s) ALIVE\n\n";
    Table workers({"WORKER", "STATE", "CORES USED", "CORES FREE", "MEMORY USED", "MEMORY FREE"});
    for (const SparkWorkerStatus& w : s.workers) {
        workers.add({w.host + ":" + std::to_string(w.port), w.state, std::to_string(w.cores_used),
                     std::to_string(w.cores - w.cores_used), mib(w.memory_used_mib),
                     mib(w.memory_mib - w.memory_used_mib)});
    }
    workers.print(out);
    print_apps("RUNNING APPLICATIONS", s.active_apps, out);
    print_apps("COMPLETED APPLICATIONS", s.completed_apps, out);
}

}  // namespace

SparkMasterStatus run_spark_up(const SparkSetup& setup, const Project& project, Engine& engine,
                               ProgressListener& progress, const SparkUpOptions& options) {
    check_spark_image(engine, setup.options.image);
    UpOptions up{};
    up.detach = true;
    up.wait = true;  // The master (and PostgreSQL) healthy, the other services running.
    up.wait_timeout = std::chrono::duration_cast<std::chrono::seconds>(options.timeout);
    up.remove_orphans = !setup.joined;  // Workers beyond the new count, in a cluster of its own.
    up.port_probe = options.port_probe;
    up.stop = options.stop;
    run_up(project, engine, progress, up);
    return wait_spark_ready(engine, project.name, setup.options.workers, options.timeout,
                            options.stop);
}

int existing_spark_workers(Engine& engine, const std::string& project) {
    int highest = 0;
    for (const ContainerSummary& c : project_containers(engine, project)) {
        highest = std::max(highest, worker_number(service_of(c)));
    }
    return highest;
}

void print_spark_status(const SparkMasterStatus& status, SparkStatusFormat format,
                        std::ostream& out) {
    if (format == SparkStatusFormat::Json) {
        print_json(status, out);
    } else {
        print_table(status, out);
    }
}

std::vector<SparkUiAddress> spark_ui_addresses(Engine& engine, const std::string& project) {
    // The UI's port inside each kind of container; a worker publishes only its UI.
    std::map<std::string, SparkUiAddress> by_service{};
    for (const ContainerSummary& c : project_containers(engine, project)) {
        std::string service = service_of(c);
        int inside = service == kSparkMasterService    ? kSparkMasterUiPort
                     : service == kSparkHistoryService ? kSparkHistoryPort
                     : worker_number(service) > 0      ? -1
                                                       : 0;
        if (inside == 0) continue;
        for (const PublishedPort& p : c.ports) {
            if (p.public_port == 0 || (inside > 0 && p.private_port != inside)) continue;
            bool any = p.host_ip.empty() || p.host_ip == "0.0.0.0" || p.host_ip == "::";
            std::string host = any ? "localhost" : p.host_ip;
            if (host.find(':') != std::string::npos) host = "[" + host + "]";
            by_service[service] = {service, "http://" + host + ":" + std::to_string(p.public_port)};
        }
    }
    std::vector<SparkUiAddress> out{};
    auto take = [&](const std::string& service) {
        if (auto it = by_service.find(service); it != by_service.end()) {
            out.push_back(it->second);
            by_service.erase(it);
        }
    };
    take(std::string(kSparkMasterService));
    std::vector<std::pair<int, std::string>> workers{};
    for (const auto& [service, _] : by_service) {
        if (int n = worker_number(service)) workers.emplace_back(n, service);
    }
    std::sort(workers.begin(), workers.end());
    for (const auto& [_, service] : workers) take(service);
    take(std::string(kSparkHistoryService));
    return out;
}

}  // namespace dc
