// The Spark profile's compose file. It is written as YAML text, the way a person would write
// it, so that `dc spark config` shows an ordinary file that Docker Compose v2 runs too, and dc
// loads it through the same loader as any other.
#include <sstream>

#include "core/spark_profile.h"

namespace dc {

namespace {

// A YAML double-quoted scalar. `$` is doubled so that Compose's interpolation leaves it alone.
std::string quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '$') out += '$';
        out += c;
    }
    return out + "\"";
}

std::string flow_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quote(items[i]);
    return out + "]";
}

// "8080:8080", or "8080" (a port the engine picks) when the host port is 0.
std::string port_mapping(int host, int container) {
    std::string inside = std::to_string(container);
    return host == 0 ? inside : std::to_string(host) + ":" + inside;
}

// The master answers ALIVE on its /json/ status once it accepts workers. bash's /dev/tcp asks it:
// the official image has no curl, and not every Spark image has python3.
std::string master_health_test() {
    std::string probe = "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(kSparkMasterUiPort) +
                        " && printf 'GET /json/ HTTP/1.0\\r\\n\\r\\n' >&3 && "
                        "grep -Eq '\"status\" *: *\"ALIVE\"' <&3";
    return flow_list({"CMD", "bash", "-c", probe});
}

class Writer {
  public:
    Writer(const SparkOptions& options) : options_(options) {}

    std::string str() const { return out_.str(); }

    void line(int indent, std::string_view text) {
        out_ << std::string(static_cast<std::size_t>(indent) * 2, ' ') << text << '\n';
    }

    void common(std::string_view hostname) {
        line(2, "image: " + quote(options_.image));
        line(2, "hostname: " + quote(hostname));
    }

    void environment(const std::vector<std::pair<std::string, std::string>>& vars) {
        line(2, "environment:");
        for (const auto& [name, value] : vars) line(3, name + ": " + quote(value));
    }

    void ports(const std::vector<std::string>& mappings) {
        line(2, "ports:");
        for (const std::string& mapping : mappings) line(3, "- " + quote(mapping));
    }

    void shared_volume() {
        line(2, "volumes:");
        line(3, "- " + quote(std::string(kSparkSharedVolume) + ":" + std::string(kSparkSharedDir)));
    }

    // Links in the web UIs name the host by SPARK_PUBLIC_DNS: localhost reaches a published port
    // from the machine running the engine, when it is the same number inside and out.
    std::vector<std::pair<std::string, std::string>> node_env(bool fixed_port) {
        std::vector<std::pair<std::string, std::string>> env{{"SPARK_NO_DAEMONIZE", "true"}};
        if (fixed_port) env.emplace_back("SPARK_PUBLIC_DNS", "localhost");
        return env;
    }

    void master() {
        line(1, std::string(kSparkMasterService) + ":");
        common(kSparkMasterService);
        line(2, "command: " + flow_list({"/opt/spark/bin/spark-class",
                                         "org.apache.spark.deploy.master.Master", "--host",
                                         std::string(kSparkMasterService), "--port",
                                         std::to_string(kSparkMasterPort), "--webui-port",
                                         std::to_string(kSparkMasterUiPort)}));
        auto env = node_env(options_.ports.master_ui == kSparkMasterUiPort);
        env.emplace_back("SPARK_MASTER_HOST", kSparkMasterService);
        // The REST submission server is what `spark submit --deploy-mode cluster` talks to.
        env.emplace_back("SPARK_MASTER_OPTS",
                         "-Dspark.master.rest.enabled=true "
                         "-Dspark.master.rest.port=" +
                             std::to_string(kSparkRestPort));
        environment(env);
        ports({port_mapping(options_.ports.master_ui, kSparkMasterUiPort),
               port_mapping(options_.ports.master, kSparkMasterPort),
               port_mapping(options_.ports.rest, kSparkRestPort)});
        shared_volume();
        // Checked every second, so that workers start within a second of the master being
        // ready; the start period keeps a slow JVM start from counting as failures.
        line(2, "healthcheck:");
        line(3, "test: " + master_health_test());
        line(3, "interval: 1s");
        line(3, "timeout: 5s");
        line(3, "retries: 5");
        line(3, "start_period: 2m");
    }

    void worker(int index) {
        std::string name = std::string(kSparkWorkerPrefix) + std::to_string(index);
        int ui_port = (options_.ports.worker_ui == 0 ? 8081 : options_.ports.worker_ui) + index - 1;
        std::string cores = std::to_string(options_.worker_cores);
        line(1, name + ":");
        common(name);
        line(2,
             "command: " +
                 flow_list({"/opt/spark/bin/spark-class", "org.apache.spark.deploy.worker.Worker",
                            spark_master_url(), "--host", name, "--cores", cores, "--memory",
                            options_.worker_memory, "--webui-port", std::to_string(ui_port)}));
        auto env = node_env(options_.ports.worker_ui != 0);
        env.emplace_back("SPARK_WORKER_CORES", cores);
        env.emplace_back("SPARK_WORKER_MEMORY", options_.worker_memory);
        environment(env);
        ports({port_mapping(options_.ports.worker_ui == 0 ? 0 : ui_port, ui_port)});
        shared_volume();
        // Started once the master is ready, so that no worker waits in Spark's registration
        // back-off.
        line(2, "depends_on:");
        line(3, std::string(kSparkMasterService) + ":");
        line(4, "condition: service_healthy");
    }

    void history() {
        line(1, std::string(kSparkHistoryService) + ":");
        common(kSparkHistoryService);
        // The history server refuses to start without its log directory.
        line(2, "command: " + flow_list({"bash", "-c",
                                         "mkdir -p " + std::string(kSparkEventsDir) +
                                             " && exec /opt/spark/bin/spark-class "
                                             "org.apache.spark.deploy.history.HistoryServer"}));
        auto env = node_env(options_.ports.history == kSparkHistoryPort);
        env.emplace_back("SPARK_HISTORY_OPTS",
                         "-Dspark.history.fs.logDirectory=file:" + std::string(kSparkEventsDir));
        environment(env);
        ports({port_mapping(options_.ports.history, kSparkHistoryPort)});
        shared_volume();
    }

    void postgres() {
        std::string user(kSparkPostgresUser);
        line(1, std::string(kSparkPostgresService) + ":");
        line(2, "image: \"postgres:16\"");
        environment({{"POSTGRES_USER", user}, {"POSTGRES_PASSWORD", user}, {"POSTGRES_DB", user}});
        line(2, "volumes:");
        line(3, "- \"spark-postgres:/var/lib/postgresql/data\"");
        line(2, "healthcheck:");
        line(3, "test: " +
                    flow_list({"CMD-SHELL", "pg_isready -h 127.0.0.1 -U " + user + " -d " + user}));
        line(3, "interval: 1s");
        line(3, "timeout: 5s");
        line(3, "retries: 5");
        line(3, "start_period: 1m");
    }

  private:
    const SparkOptions& options_;
    std::ostringstream out_{};
};

}  // namespace

std::string spark_compose_yaml(const SparkOptions& options, const SparkLayout& layout) {
    Writer w(options);
    w.line(0, "# A Spark standalone cluster, generated by `dc spark`: a master and " +
                  std::to_string(options.workers) + " worker(s) of " + options.image + ".");
    w.line(0, "# Every node mounts the volume " + std::string(kSparkSharedVolume) + " at " +
                  std::string(kSparkSharedDir) + ".");
    w.line(0, "services:");
    w.master();
    for (int i = 1; i <= options.workers; ++i) w.worker(i);
    if (options.history_server) w.history();
    bool own_postgres = options.with_postgres && layout.existing_postgres.empty();
    if (own_postgres) w.postgres();
    w.line(0, "volumes:");
    w.line(1, std::string(kSparkSharedVolume) + ": {}");
    if (own_postgres) w.line(1, "spark-postgres: {}");
    return w.str();
}

}  // namespace dc
