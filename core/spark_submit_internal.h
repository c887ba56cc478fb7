// The pieces of `dc spark submit` (core/spark_submit.h), shared by its files and unit-tested on
// their own: finding the running cluster (spark_submit_target.cpp), the host files to copy and
// the tar that carries them (spark_submit_files.cpp), the driver's command line (spark_submit.cpp)
// and the REST submission protocol (spark_submit_rest.cpp).
#pragma once

#include <string>
#include <vector>

#include "core/engine.h"
#include "core/spark_submit.h"

namespace dc {

// ---- The cluster ----------------------------------------------------------------------------

// Where the master listens, as its own command line and environment say (--host/-h, --port/-p,
// SPARK_MASTER_HOST, SPARK_MASTER_PORT, spark.master.rest.port).
struct MasterAddress {
    std::string host{};
    int port = 7077;
    int rest_port = 6066;
};

// `command` is the container's entrypoint and command (items may hold several words, as with
// `sh -c`); `env` its "KEY=value" items; `fallback_host` is used when neither names a host.
MasterAddress master_address(const std::vector<std::string>& command,
                             const std::vector<std::string>& env, const std::string& fallback_host);

struct SparkTarget {
    std::string project{};
    std::string master_id{};
    std::string master_name{};     // The container's name.
    std::string master_service{};  // Its compose service.
    MasterAddress address{};
    std::string master_ip{};  // On `network`: where the REST endpoint is reached from this host.
    std::string image{};
    std::string spark_home = "/opt/spark";
    std::string network{};
    // The master's mounts that every worker has too, at the same path from the same source: the
    // shared jobs/data volume.
    std::vector<MountInfo> shared_mounts{};
    std::vector<std::string> workers{};  // Container names.

    std::string master_url() const {
        return "spark://" + address.host + ":" + std::to_string(address.port);
    }
};

// The project's running master (the container whose command runs
// org.apache.spark.deploy.master.Master) and workers. Throws dc::Error (NotFound) "no running
// Spark master in project \"p\" (start one with dc spark up)".
SparkTarget find_spark_target(Engine& engine, const std::string& project);

// ---- Files ----------------------------------------------------------------------------------

struct UploadFile {
    std::string host_path{};       // Absolute.
    std::string container_path{};  // Absolute, under the upload root.
};

// What the driver is given: the paths it sees, and the host files to copy there first.
struct SubmitFiles {
    std::string application{};
    std::string jars{};      // Comma-separated, as spark-submit takes them; empty when none.
    std::string py_files{};  // Likewise.
    std::vector<UploadFile> uploads{};
};

// Places the application and the local --jars / --py-files items under `root` (each in its own
// numbered directory, so that equal names do not clash and Python modules keep theirs); URLs
// ("hdfs://...", "local:/...") are passed through. Throws dc::Error (NotFound) for a local item
// that does not exist.
SubmitFiles plan_files(const SparkSubmitOptions& options, const std::string& root);

// A tar of the uploads (and their directories), with names relative to `base`, the directory
// given to Engine::put_archive. Files are streamed from disk as the engine reads.
ByteSource upload_tar(const std::vector<UploadFile>& uploads, const std::string& base);

// 12 random hex digits, to name one submission's container and upload directory.
std::string submit_slug();

// ---- Client mode ----------------------------------------------------------------------------

// The driver container's command: spark-submit in client mode against the master, with
// spark.driver.host set to `driver_host` so that the executors can connect back.
std::vector<std::string> client_command(const SparkTarget& target,
                                        const SparkSubmitOptions& options, const SubmitFiles& files,
                                        const std::string& driver_host);

// ---- Cluster mode (REST) --------------------------------------------------------------------

// The CreateSubmissionRequest body, as Spark's RestSubmissionClient writes it.
std::string create_submission_request(const SparkTarget& target, const SparkSubmitOptions& options,
                                      const SubmitFiles& files);

// The submission id from a CreateSubmissionResponse. Throws dc::Error (Failure) with the master's
// message when it refused.
std::string submission_id(const HttpReply& reply);

struct DriverStatus {
    bool success = false;
    std::string state{};  // SUBMITTED, RUNNING, RELAUNCHING, FINISHED, FAILED, KILLED, ERROR, ...
    std::string worker_id{};
    std::string worker_host_port{};
    std::string message{};  // The master's, or a failure's cause.
};

DriverStatus parse_driver_status(const std::string& body);

// FINISHED, FAILED, KILLED, ERROR (and UNKNOWN, which a driver does not come back from).
bool is_final_driver_state(const std::string& state);

// Follows the submission's state until it is final, reporting each change; kills it at the
// first interrupt. Returns 0 for FINISHED, 1 otherwise; throws dc::Error (Cancelled) once killed
// at the user's request, or at the second interrupt.
int follow_submission(HttpClient& http, const std::string& rest_url, const std::string& id,
                      const SparkSubmitOptions& options);

// Cluster mode from start to end: upload, submit, follow.
int submit_to_cluster(Engine& engine, HttpClient& http, const SparkTarget& target,
                      const SparkSubmitOptions& options);

}  // namespace dc
