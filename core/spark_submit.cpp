// `dc spark submit`: the options checked, the cluster found, then client mode here (the driver
// in a one-off container) or cluster mode in spark_submit_rest.cpp.
#include "core/spark_submit.h"

#include <filesystem>
#include <optional>

#include "core/error.h"
#include "core/exec.h"
#include "core/labels.h"
#include "core/spark_submit_internal.h"
#include "core/version.h"

namespace fs = std::filesystem;

namespace dc {

namespace {

// Where the driver container gets the host's files: in its own filesystem, gone with it.
constexpr const char* kUploadBase = "/tmp";
constexpr const char* kUploadRoot = "/tmp/dc-submit";

bool is_jar(const std::string& path) {
    return fs::path(path).extension() == ".jar";
}
bool is_python(const std::string& path) {
    return fs::path(path).extension() == ".py";
}

// The driver: the cluster's image on its network, with the shared volume where the master and
// workers have it (a job reads its data at the same path everywhere), named and labelled as a
// one-off of the master's service, as `dc run` would, so that `down` removes a leftover.
ContainerSpec driver_spec(const SparkTarget& target, const std::vector<std::string>& command,
                          const std::string& name, const std::string& host,
                          const std::string& slug) {
    ContainerSpec spec;
    spec.name = name;
    spec.image = target.image;
    spec.cmd = command;
    spec.hostname = host;
    spec.labels = {{kLabelProject, target.project}, {kLabelService, target.master_service},
                   {kLabelOneoff, kOneoffTrue},     {kLabelSlug, slug},
                   {kLabelContainerNumber, "1"},    {kLabelVersion, kVersion}};
    spec.attach_stdout = true;
    spec.attach_stderr = true;
    spec.host.network_mode = target.network;
    // The executors reach the driver by this name through the network's DNS.
    spec.networks.push_back({.network = target.network, .aliases = {host}});
    for (const MountInfo& mount : target.shared_mounts) {
        spec.host.mounts.push_back({.type = mount.type,
                                    .source = mount.type == "volume" ? mount.name : mount.source,
                                    .target = mount.destination,
                                    .read_only = !mount.rw});
    }
    return spec;
}

// Throws a failure of the attached driver, saying what became of it when interrupted.
[[noreturn]] void fail(const EngineFailure& failure) {
    if (failure.kind != FailureKind::Cancelled) throw EngineError(failure);
    throw Error(ErrorKind::Cancelled,
                "spark submit: interrupted; the driver container was removed");
}

// Copies the files in, attaches, starts once attached, and waits; returns the exit code.
int drive(Engine& engine, const SparkSubmitOptions& options, const SubmitFiles& files,
          const std::string& id) {
    auto copied = engine.put_archive(id, kUploadBase, upload_tar(files.uploads, kUploadBase));
    if (!copied) throw EngineError(copied.error());
    std::optional<EngineFailure> start_failure;
    AttachOptions attach{.on_attached = [&] {
        auto started = engine.start_container(id);
        if (started) return Flow::Continue;
        start_failure = started.error();
        return Flow::Stop;
    }};
    // SIGINT makes the JVM run its shutdown hooks: the application is stopped on the cluster
    // and the driver exits, with the code it then chooses.
    std::stop_callback forward(options.forward,
                               [&engine, id] { engine.kill_container(id, "SIGINT"); });
    auto attached = engine.attach_container(id, attach, ExecInput{},
                                            output_or_discard(options.output), options.stop);
    if (start_failure) fail(*start_failure);
    if (!attached) fail(attached.error());
    auto waited = engine.wait_container(id, WaitCondition::NotRunning, options.stop);
    if (!waited) fail(waited.error());
    return waited->exit_code;
}

int submit_in_client_mode(Engine& engine, const SparkTarget& target,
                          const SparkSubmitOptions& options) {
    const std::string slug = submit_slug();
    const std::string name = target.project + "-spark-submit-" + slug;
    // A hostname has at most 63 characters; the network alias is what executors resolve.
    const std::string host = name.size() <= 63 ? name : "spark-driver-" + slug;
    SubmitFiles files = plan_files(options, kUploadRoot);
    ContainerSpec spec =
        driver_spec(target, client_command(target, options, files, host), name, host, slug);
    CreatedContainer created = value_or_throw(engine.create_container(spec));
    // The driver container goes on every way out, its exit code read first.
    struct Remove {
        Engine& engine;
        std::string id;
        ~Remove() { engine.remove_container(id, {.force = true, .volumes = true}); }
    } remove{engine, created.id};
    return drive(engine, options, files, created.id);
}

}  // namespace

void check_submit_options(const SparkSubmitOptions& options) {
    const std::string& app = options.application;
    if (!is_jar(app) && !is_python(app)) {
        throw Error(
            ErrorKind::Usage,
            "spark submit: the application must be a .py or .jar file, not \"" + app + "\"");
    }
    std::error_code error;
    if (!fs::is_regular_file(app, error)) {
        throw Error(ErrorKind::NotFound, "spark submit: no such file: " + app);
    }
    for (const std::string& item : options.conf) {
        std::size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw Error(ErrorKind::Usage,
                        "spark submit: --conf expects key=value, not \"" + item + "\"");
        }
    }
    if (options.deploy_mode != DeployMode::Cluster) return;
    if (!is_jar(app)) {
        throw Error(ErrorKind::Usage,
                    "spark submit: --deploy-mode cluster runs JVM jobs (.jar) only; run " + app +
                        " in client mode");
    }
    if (options.main_class.empty()) {
        throw Error(ErrorKind::Usage, "spark submit: --deploy-mode cluster needs --class");
    }
    if (!options.py_files.empty()) {
        throw Error(ErrorKind::Usage, "spark submit: --py-files needs client mode");
    }
}

std::vector<std::string> client_command(const SparkTarget& target,
                                        const SparkSubmitOptions& options, const SubmitFiles& files,
                                        const std::string& driver_host) {
    std::vector<std::string> out{target.spark_home + "/bin/spark-submit",
                                 "--master",
                                 target.master_url(),
                                 "--deploy-mode",
                                 "client",
                                 "--conf",
                                 "spark.driver.host=" + driver_host};
    if (!options.main_class.empty()) out.insert(out.end(), {"--class", options.main_class});
    if (!files.jars.empty()) out.insert(out.end(), {"--jars", files.jars});
    if (!files.py_files.empty()) out.insert(out.end(), {"--py-files", files.py_files});
    // The user's --conf come after dc's, so that they win.
    for (const std::string& item : options.conf) out.insert(out.end(), {"--conf", item});
    out.push_back(files.application);
    out.insert(out.end(), options.args.begin(), options.args.end());
    return out;
}

int run_spark_submit(Engine& engine, HttpClient& http, const SparkSubmitOptions& options) {
    check_submit_options(options);
    SparkTarget target = find_spark_target(engine, options.project);
    if (options.deploy_mode == DeployMode::Cluster) {
        return submit_to_cluster(engine, http, target, options);
    }
    return submit_in_client_mode(engine, target, options);
}

}  // namespace dc
