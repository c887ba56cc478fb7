// `dc spark submit`: runs a Spark application on a running standalone cluster and ends with the
// job's own outcome, so that a failing job fails the CI step.
//
// Client mode (the default, JVM and Python jobs): the driver runs in a one-off container from the
// cluster's image on the cluster's network, with a hostname the executors can connect back to;
// the application file (and local --jars / --py-files) is copied into it before it starts, so
// files anywhere on the host work, with any engine. Its output is streamed as it comes and its
// exit code is the result.
//
// Cluster mode (JVM jobs): the jar goes to the volume the master and the workers share, the
// submission to the master's REST endpoint (port 6066), and dc follows the driver's state to
// FINISHED (exit 0) or FAILED, KILLED, ERROR (exit 1). Plain spark-submit exits 0 for all four.
#pragma once

#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/spark_submit_http.h"

namespace dc {

enum class DeployMode { Client, Cluster };

struct SparkSubmitOptions {
    std::string project{};                // The cluster's compose project.
    std::string application{};            // A path on this host: APP.py or APP.jar.
    std::string main_class{};             // --class
    std::vector<std::string> jars{};      // --jars, each item maybe a comma-separated list.
    std::vector<std::string> py_files{};  // --py-files, likewise.
    std::vector<std::string> conf{};      // --conf "key=value", in order (the last one wins).
    DeployMode deploy_mode = DeployMode::Client;
    std::vector<std::string> args{};  // The application's own arguments.
    FrameSink output{};               // The driver's output (client mode).
    // dc's own lines: the driver's state transitions in cluster mode, one line per call.
    std::function<void(const std::string&)> report{};
    // First interrupt: client mode sends SIGINT to the driver, cluster mode kills the submission;
    // either way dc goes on waiting for the outcome.
    std::stop_token forward{};
    std::stop_token stop{};  // Second interrupt: stop waiting (the driver container is removed).
    std::chrono::milliseconds poll_interval{300};  // Between cluster mode's status requests.
};

// Checks the options before anything runs: the application exists and is a .py or a .jar, the
// --conf items are key=value, cluster mode has a jar and --class and no --py-files. Throws
// dc::Error (Usage, or NotFound for a missing file) naming the option.
void check_submit_options(const SparkSubmitOptions& options);

// Runs the application; returns the job's exit code. Throws dc::Error (NotFound) when the
// project has no running Spark master, EngineError when the engine fails, Error (Failure) when
// the master's REST endpoint cannot be reached or refuses, and Error (Cancelled) when interrupted.
int run_spark_submit(Engine& engine, HttpClient& http, const SparkSubmitOptions& options);

}  // namespace dc
