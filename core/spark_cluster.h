// A running Spark cluster as its master reports it on /json/: reading that status, waiting for
// the cluster to be ready, and checking that an image is a Spark image. The status is read from
// inside the master's container (bash's /dev/tcp on the master's UI port), not over a published
// port: that works with a remote engine, with ports the engine picked, and needs no HTTP client
// in core.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine.h"

namespace dc {

struct SparkWorkerStatus {
    std::string id{};
    std::string host{};
    int port = 0;
    std::string state{};  // "ALIVE", "DEAD", "DECOMMISSIONED", ...
    std::string web_ui{};
    int cores = 0;
    int cores_used = 0;
    std::int64_t memory_mib = 0;
    std::int64_t memory_used_mib = 0;
};

struct SparkAppStatus {
    std::string id{};
    std::string name{};
    std::string user{};
    std::string state{};  // "RUNNING", "WAITING", "FINISHED", "KILLED", ...
    int cores = 0;
    std::int64_t memory_per_executor_mib = 0;
    std::int64_t duration_ms = 0;
};

struct SparkMasterStatus {
    std::string url{};     // "spark://spark-master:7077"
    std::string status{};  // "ALIVE", "STANDBY", "RECOVERING", ...
    std::vector<SparkWorkerStatus> workers{};
    std::vector<SparkAppStatus> active_apps{};
    std::vector<SparkAppStatus> completed_apps{};

    int alive_workers() const;
};

// Parses the master's /json/ document. Throws dc::Error (Failure) when it is not one.
SparkMasterStatus parse_master_status(std::string_view json);

// The project's running master container (its id). Throws dc::Error (Failure) naming the
// service when it is not running.
std::string spark_master_container(Engine& engine, const std::string& project);

// The master's status, read from inside `container`; nullopt while it does not answer yet.
std::optional<SparkMasterStatus> read_master_status(Engine& engine, const std::string& container);

// Polls the master (with a short back-off) until it is ALIVE with `workers` workers ALIVE, and
// returns that status. Throws dc::Error (Failure) when the master or a worker container stops
// meanwhile, or at the deadline saying how far it got; Cancelled when `stop` is triggered.
SparkMasterStatus wait_spark_ready(Engine& engine, const std::string& project, int workers,
                                   std::chrono::milliseconds timeout, std::stop_token stop);

// Throws dc::Error (Config) when `image` exists locally but has no /opt/spark/bin/spark-class.
// An image the engine does not have yet passes: `up` pulls it.
void check_spark_image(Engine& engine, const std::string& image);

}  // namespace dc
