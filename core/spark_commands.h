// What `dc spark up`, `status` and `ui` do, over the Spark project (core/spark_project.h) and the
// cluster's status (core/spark_cluster.h). `down` and `logs` are the ordinary commands on the
// Spark project.
#pragma once

#include <chrono>
#include <ostream>
#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/progress.h"
#include "core/spark_cluster.h"
#include "core/spark_project.h"
#include "core/up.h"

namespace dc {

struct SparkUpOptions {
    std::chrono::milliseconds timeout = std::chrono::minutes(3);  // For the cluster to be ready.
    PortProbe port_probe = PortProbe::Skip;
    std::stop_token stop{};
};

// Checks the image, runs `up -d --wait` on the project (workers start once the master is
// healthy), then waits until the master's /json/ shows every worker ALIVE. Returns that status.
SparkMasterStatus run_spark_up(const SparkSetup& setup, const Project& project, Engine& engine,
                               ProgressListener& progress, const SparkUpOptions& options);

// The highest N of the project's "spark-worker-N" containers (any state), 0 when there are none:
// so that `down`, `logs`, `status` and `ui` see as many workers as `up` made.
int existing_spark_workers(Engine& engine, const std::string& project);

enum class SparkStatusFormat { Table, Json };

// Prints the master, its workers (cores and memory used and free) and its applications.
void print_spark_status(const SparkMasterStatus& status, SparkStatusFormat format,
                        std::ostream& out);

struct SparkUiAddress {
    std::string service{};
    std::string url{};  // "http://localhost:8080"
};

// The web UIs (master, workers, history server) at their published host ports, by service.
std::vector<SparkUiAddress> spark_ui_addresses(Engine& engine, const std::string& project);

}  // namespace dc
