// Cluster mode through the master's REST submission server (the protocol of Spark's
// RestSubmissionClient): the jar copied to the shared volume, a CreateSubmissionRequest, then
// the driver's state followed until it is final. Plain spark-submit returns once submitted, and
// its exit code says nothing of the job; dc's does.
#include <thread>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/spark_submit_internal.h"

namespace dc {

namespace {

using Json = nlohmann::json;

constexpr std::chrono::seconds kRequestTimeout{10};
// The Spark version the request says it comes from; the server reads it but does not compare.
constexpr const char* kClientSparkVersion = "3.5.4";
// Java 17 keeps these packages closed to Spark, which needs them. spark-submit adds the options
// to the JVMs it starts itself, but a worker starts a REST-submitted driver without them (the
// driver fails with "cannot access class sun.nio.ch.DirectBuffer"), so the request carries them.
constexpr const char* kJavaModuleOptions =
    "-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED "
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED "
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED "
    "--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED "
    "--add-opens=java.base/java.util=ALL-UNNAMED "
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED "
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED "
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED "
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED "
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED "
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED "
    "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED "
    "-Djdk.reflect.useDirectMethodHandle=false";

std::string text_of(const Json& json, const char* key) {
    auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Json parse_object(const std::string& body) {
    Json json = Json::parse(body, nullptr, /*allow_exceptions=*/false);
    return json.is_object() ? json : Json::object();
}

HttpReply send_or_throw(HttpClient& http, const std::string& method, const std::string& url,
                        const std::string& body) {
    auto reply = http.send(method, url, body, kRequestTimeout);
    if (!reply) {
        throw Error(ErrorKind::Failure, "spark submit: the master's REST endpoint " + url +
                                            " failed: " + reply.error().message +
                                            " (is spark.master.rest.enabled=true set?)");
    }
    return *reply;
}

// The shared mount the jar goes to: a directory every worker sees at the same path.
const MountInfo& shared_mount(const SparkTarget& target) {
    for (const MountInfo& mount : target.shared_mounts) {
        if (mount.rw) return mount;
    }
    throw Error(ErrorKind::Failure,
                "spark submit: cluster mode needs a volume the master " + target.master_name +
                    " shares with every worker, to put the jar on; it has none");
}

// Removes the uploaded files from the shared volume through an exec in the master; leaving them
// is harmless, so failures are ignored.
void remove_uploads(Engine& engine, const SparkTarget& target, const std::string& directory) {
    ExecSpec spec{.cmd = {"rm", "-rf", directory},
                  .user = "0",
                  .attach_stdout = false,
                  .attach_stderr = false};
    auto exec = engine.create_exec(target.master_id, spec);
    if (exec) engine.start_exec(*exec, spec, ExecInput{}, {}, {});
}

void report(const SparkSubmitOptions& options, const std::string& line) {
    if (options.report) options.report(line);
}

}  // namespace

std::string create_submission_request(const SparkTarget& target, const SparkSubmitOptions& options,
                                      const SubmitFiles& files) {
    std::string jars = "file:" + files.application;
    if (!files.jars.empty()) {
        for (std::size_t start = 0; start <= files.jars.size();) {
            std::size_t comma = std::min(files.jars.find(',', start), files.jars.size());
            std::string item = files.jars.substr(start, comma - start);
            jars += "," + (item.starts_with("/") ? "file:" + item : item);
            start = comma + 1;
        }
    }
    Json properties = {{"spark.app.name", options.main_class},
                       {"spark.master", target.master_url()},
                       {"spark.submit.deployMode", "cluster"},
                       {"spark.driver.supervise", "false"},
                       {"spark.jars", jars}};
    for (const std::string& item : options.conf) {
        std::size_t eq = item.find('=');
        properties[item.substr(0, eq)] = item.substr(eq + 1);
    }
    // The module options first, so that the user's own options can still override them.
    const char* kExtraJava = "spark.driver.extraJavaOptions";
    std::string java = kJavaModuleOptions;
    if (properties.contains(kExtraJava)) java += " " + properties[kExtraJava].get<std::string>();
    properties[kExtraJava] = java;
    Json request = {{"action", "CreateSubmissionRequest"},
                    {"appResource", "file:" + files.application},
                    {"mainClass", options.main_class},
                    {"appArgs", options.args},
                    {"clientSparkVersion", kClientSparkVersion},
                    {"environmentVariables", Json::object()},
                    {"sparkProperties", properties}};
    return request.dump();
}

std::string submission_id(const HttpReply& reply) {
    Json json = parse_object(reply.body);
    std::string id = text_of(json, "submissionId");
    auto success = json.find("success");
    if (reply.status == 200 && success != json.end() && *success == true && !id.empty()) return id;
    std::string message = text_of(json, "message");
    if (message.empty()) message = "HTTP " + std::to_string(reply.status);
    throw Error(ErrorKind::Failure, "spark submit: the master refused the submission: " + message);
}

DriverStatus parse_driver_status(const std::string& body) {
    Json json = parse_object(body);
    DriverStatus out;
    auto success = json.find("success");
    out.success = success != json.end() && *success == true;
    out.state = text_of(json, "driverState");
    out.worker_id = text_of(json, "workerId");
    out.worker_host_port = text_of(json, "workerHostPort");
    out.message = text_of(json, "message");
    return out;
}

bool is_final_driver_state(const std::string& state) {
    return state == "FINISHED" || state == "FAILED" || state == "KILLED" || state == "ERROR" ||
           state == "UNKNOWN";
}

int follow_submission(HttpClient& http, const std::string& rest_url, const std::string& id,
                      const SparkSubmitOptions& options) {
    bool kill_sent = false;
    std::string last;
    while (true) {
        if (options.stop.stop_requested()) {
            throw Error(ErrorKind::Cancelled,
                        "spark submit: interrupted; driver " + id + " may still run");
        }
        if (options.forward.stop_requested() && !kill_sent) {
            kill_sent = true;
            HttpReply killed = send_or_throw(http, "POST", rest_url + "/kill/" + id, "");
            report(options,
                   id + " kill requested: " + text_of(parse_object(killed.body), "message"));
        }
        HttpReply reply = send_or_throw(http, "GET", rest_url + "/status/" + id, "");
        DriverStatus status = parse_driver_status(reply.body);
        if (!status.success) {
            throw Error(ErrorKind::Failure,
                        "spark submit: no status for driver " + id + ": " +
                            (status.message.empty() ? "HTTP " + std::to_string(reply.status)
                                                    : status.message));
        }
        if (status.state != last) {
            std::string line = id + " " + status.state;
            if (status.state == "RUNNING" && !status.worker_id.empty()) {
                line += " on " + status.worker_id;
            }
            if (!status.message.empty() && status.state != "RUNNING") line += ": " + status.message;
            report(options, line);
            last = status.state;
        }
        if (is_final_driver_state(status.state)) {
            if (kill_sent && status.state == "KILLED") {
                throw Error(ErrorKind::Cancelled,
                            "spark submit: interrupted; driver " + id + " killed");
            }
            return status.state == "FINISHED" ? 0 : 1;
        }
        std::this_thread::sleep_for(options.poll_interval);
    }
}

int submit_to_cluster(Engine& engine, HttpClient& http, const SparkTarget& target,
                      const SparkSubmitOptions& options) {
    const MountInfo& shared = shared_mount(target);
    const std::string directory = shared.destination + "/.dc-submit/" + submit_slug();
    SubmitFiles files = plan_files(options, directory);
    auto copied = engine.put_archive(target.master_id, shared.destination,
                                     upload_tar(files.uploads, shared.destination));
    if (!copied) throw EngineError(copied.error());
    struct Cleanup {
        Engine& engine;
        const SparkTarget& target;
        std::string directory;
        ~Cleanup() { remove_uploads(engine, target, directory); }
    } cleanup{engine, target, directory};

    const std::string rest_url = "http://" + target.master_ip + ":" +
                                 std::to_string(target.address.rest_port) + "/v1/submissions";
    HttpReply created = send_or_throw(http, "POST", rest_url + "/create",
                                      create_submission_request(target, options, files));
    std::string id = submission_id(created);
    report(options, "Submitted " + id + " to " + target.master_url());
    return follow_submission(http, rest_url, id, options);
}

}  // namespace dc
