// The built-in Spark profile: what a standalone Spark cluster is made of (a master, N workers,
// optionally PostgreSQL and the history server), where its settings come from (command-line
// flags, then the compose file's `x-spark` block, then defaults), and the ordinary compose file
// that describes it. Nothing here talks to the engine: core/spark_project.h loads the project,
// core/spark_cluster.h watches the running cluster.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/node.h"

namespace dc {

inline constexpr std::string_view kSparkDefaultImage = "apache/spark:3.5.4-python3";
// Every node (master, workers, history server, and `spark submit`'s driver) mounts the shared
// named volume here, so that a file put there by one is seen at the same path by all.
inline constexpr std::string_view kSparkSharedDir = "/opt/spark/work-dir/shared";
// The named volume (the key under `volumes`) mounted at kSparkSharedDir.
inline constexpr std::string_view kSparkSharedVolume = "spark-shared";
// Where event logs go when the history server is on: on the shared volume.
inline constexpr std::string_view kSparkEventsDir = "/opt/spark/work-dir/shared/spark-events";
inline constexpr std::string_view kSparkMasterService = "spark-master";
// Workers are services "spark-worker-1" .. "spark-worker-N", each with that hostname.
inline constexpr std::string_view kSparkWorkerPrefix = "spark-worker-";
inline constexpr std::string_view kSparkHistoryService = "spark-history";
inline constexpr std::string_view kSparkPostgresService = "postgres";
// Ports inside the containers; the published (host) ports are SparkPorts.
inline constexpr int kSparkMasterPort = 7077;
inline constexpr int kSparkMasterUiPort = 8080;
inline constexpr int kSparkRestPort = 6066;
inline constexpr int kSparkHistoryPort = 18080;
// The generated PostgreSQL's credentials (user, password and database are all "spark").
inline constexpr std::string_view kSparkPostgresUser = "spark";

// Host ports. 0 lets the engine pick a free one (`dc spark ui` then shows which). Worker i's UI
// listens on worker_ui + i - 1 inside and out, so that the master UI's links work from the host.
struct SparkPorts {
    int master_ui = 8080;
    int master = 7077;
    int rest = 6066;
    int worker_ui = 8081;
    int history = 18080;
};

struct SparkOptions {
    int workers = 2;
    int worker_cores = 1;
    std::string worker_memory = "1g";  // As Spark writes it: "1g", "1536m".
    std::string image{kSparkDefaultImage};
    bool with_postgres = false;
    bool history_server = false;
    SparkPorts ports{};
};

// What the command line set; unset fields fall back to `x-spark`, then to SparkOptions' defaults.
struct SparkFlags {
    std::optional<int> workers{};
    std::optional<int> worker_cores{};
    std::optional<std::string> worker_memory{};
    std::optional<std::string> image{};
    std::optional<bool> with_postgres{};
    std::optional<bool> history_server{};
    std::vector<std::string> ports{};  // "master-ui=9090", "all=0" (--port, repeatable).
};

// Merges flags over `x_spark` (the compose file's block, or nullptr) over the defaults, and
// validates the result. Throws dc::Error: Usage for a bad flag, Config (naming x-spark.<key>
// with its file position) for a bad x-spark value.
SparkOptions resolve_spark_options(const SparkFlags& flags, const Node* x_spark);

// Spark's memory strings ("512m", "2g", "1024k", "1t", case-insensitive, optional "b") in MiB;
// nullopt when it is not one.
std::optional<std::int64_t> spark_memory_mib(std::string_view text);

// How the generated services fit a project.
struct SparkLayout {
    // The user's project already has a PostgreSQL service of this name: it is reused, not
    // generated. Empty: generate one (when with_postgres).
    std::string existing_postgres{};
};

// The compose file of the cluster: YAML text that Docker Compose v2 accepts too.
std::string spark_compose_yaml(const SparkOptions& options, const SparkLayout& layout = {});

// The `--conf` settings a driver needs on this cluster (the event log when the history server is
// on), as "key=value".
std::vector<std::string> spark_driver_confs(const SparkOptions& options);

// The master's URL inside the cluster network: "spark://spark-master:7077".
std::string spark_master_url();

}  // namespace dc
