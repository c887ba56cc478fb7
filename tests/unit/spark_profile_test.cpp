#include "core/spark_profile.h"

#include <sstream>

#include <doctest/doctest.h>

#include "core/error.h"
#include "core/labels.h"
#include "core/spark_commands.h"
#include "core/spark_project.h"
#include "core/yaml_reader.h"
#include "tests/unit/fake_engine.h"
#include "tests/unit/test_util.h"

using dc::test::TempDir;

namespace {

dc::Node x_spark(const std::string& yaml) {
    std::vector<dc::Node> docs = dc::read_yaml_documents(yaml, "compose.yaml");
    REQUIRE(docs.size() == 1);
    dc::Node* block = docs[0].find("x-spark");
    REQUIRE(block);
    return *block;
}

std::string resolve_error(const dc::SparkFlags& flags, const dc::Node* block,
                          dc::ErrorKind* kind = nullptr) {
    try {
        dc::resolve_spark_options(flags, block);
    } catch (const dc::Error& e) {
        if (kind) *kind = e.kind();
        return e.what();
    }
    return "no error";
}

dc::ProjectOptions options_in(const std::string& dir) {
    dc::ProjectOptions o;
    o.working_dir = dir;
    o.warn = [](const std::string&) {};
    return o;
}

const dc::Node& service(const dc::Project& p, const std::string& name) {
    const dc::Node* s = p.model.find("services")->find(name);
    REQUIRE(s);
    return *s;
}

std::vector<std::string> texts(const dc::Node& sequence) {
    std::vector<std::string> out;
    for (const dc::Node& item : sequence.items) out.push_back(item.text);
    return out;
}

const char* const kMasterJson = R"({
  "url" : "spark://spark-master:7077",
  "workers" : [ {
    "id" : "worker-1", "host" : "172.18.0.3", "port" : 40001,
    "webuiaddress" : "http://localhost:8081",
    "cores" : 2, "coresused" : 1, "coresfree" : 1, "memory" : 2048, "memoryused" : 1024,
    "memoryfree" : 1024, "state" : "ALIVE", "lastheartbeat" : 1
  }, {
    "id" : "worker-2", "host" : "172.18.0.4", "port" : 40002,
    "webuiaddress" : "http://localhost:8082",
    "cores" : 2, "coresused" : 0, "coresfree" : 2, "memory" : 2048, "memoryused" : 0,
    "memoryfree" : 2048, "state" : "DEAD", "lastheartbeat" : 1
  } ],
  "aliveworkers" : 1, "cores" : 2, "coresused" : 1, "memory" : 2048, "memoryused" : 1024,
  "activeapps" : [ { "id" : "app-1", "starttime" : 1, "name" : "wordcount", "cores" : 1,
    "user" : "spark", "memoryperexecutor" : 1024, "memoryperslave" : 1024, "submitdate" : "x",
    "state" : "RUNNING", "duration" : 4200 } ],
  "completedapps" : [ ],
  "status" : "ALIVE"
})";

}  // namespace

TEST_CASE("spark: defaults for a laptop") {
    dc::SparkOptions o = dc::resolve_spark_options({}, nullptr);
    CHECK(o.workers == 2);
    CHECK(o.worker_cores == 1);
    CHECK(o.worker_memory == "1g");
    CHECK(o.image == "apache/spark:3.5.4-python3");
    CHECK_FALSE(o.with_postgres);
    CHECK_FALSE(o.history_server);
    CHECK(o.ports.master_ui == 8080);
    CHECK(o.ports.worker_ui == 8081);
}

TEST_CASE("spark: flags win over x-spark, which wins over the defaults") {
    dc::Node block = x_spark(
        "x-spark:\n  workers: 3\n  worker_memory: 2g\n  image: my/spark:1\n  history_server: true\n"
        "  ports:\n    master-ui: 9090\n");
    dc::SparkFlags flags;
    flags.workers = 4;
    flags.ports = {"rest=0"};
    dc::SparkOptions o = dc::resolve_spark_options(flags, &block);
    CHECK(o.workers == 4);           // Flag.
    CHECK(o.worker_memory == "2g");  // x-spark.
    CHECK(o.image == "my/spark:1");
    CHECK(o.history_server);
    CHECK(o.worker_cores == 1);  // Default.
    CHECK(o.ports.master_ui == 9090);
    CHECK(o.ports.rest == 0);
    CHECK(o.ports.master == 7077);
}

TEST_CASE("spark: bad flags are usage errors naming the flag") {
    dc::ErrorKind kind{};
    dc::SparkFlags zero;
    zero.workers = 0;
    CHECK(resolve_error(zero, nullptr, &kind) == "--workers: must be between 1 and 64, not 0");
    CHECK(kind == dc::ErrorKind::Usage);
    dc::SparkFlags small;
    small.worker_memory = "512m";
    CHECK(resolve_error(small, nullptr) ==
          "--worker-memory: worker memory 512m is below 1g, the memory of one executor at "
          "Spark's default spark.executor.memory");
    dc::SparkFlags bad;
    bad.worker_memory = "lots";
    CHECK(resolve_error(bad, nullptr) ==
          "--worker-memory: invalid memory \"lots\": write it as Spark does, e.g. 2g or 1536m");
    dc::SparkFlags port;
    port.ports = {"ui=1"};
    CHECK(resolve_error(port, nullptr) ==
          "--port: unknown port \"ui\" (expected master-ui, master, rest, worker-ui, history or "
          "all)");
    dc::SparkFlags clash;
    clash.ports = {"master-ui=8081"};
    CHECK(resolve_error(clash, nullptr) ==
          "spark: host port 8081 (worker 1 UI) is also published by another Spark service");
}

TEST_CASE("spark: bad x-spark values are configuration errors at their place") {
    dc::ErrorKind kind{};
    dc::Node zero = x_spark("x-spark:\n  workers: 0\n");
    CHECK(resolve_error({}, &zero, &kind) ==
          "compose.yaml:2:12: x-spark.workers: must be between 1 and 64, not 0");
    CHECK(kind == dc::ErrorKind::Config);
    dc::Node memory = x_spark("x-spark:\n  worker_memory: 256m\n");
    CHECK(resolve_error({}, &memory)
              .find("compose.yaml:2:18: x-spark.worker_memory: worker "
                    "memory 256m is below 1g") == 0);
    dc::Node unknown = x_spark("x-spark:\n  wrokers: 2\n");
    CHECK(resolve_error({}, &unknown).find("x-spark: unknown setting \"wrokers\"") !=
          std::string::npos);
    dc::Node text = x_spark("x-spark:\n  with_postgres: maybe\n");
    CHECK(resolve_error({}, &text) ==
          "compose.yaml:2:18: x-spark.with_postgres: must be true or false, not \"maybe\"");
    // A flag replaces a bad x-spark value only after it was reported: the file is wrong.
    dc::SparkFlags flags;
    flags.workers = 2;
    CHECK(resolve_error(flags, &zero) != "no error");
}

TEST_CASE("spark: memory strings as Spark reads them") {
    CHECK(dc::spark_memory_mib("1g") == 1024);
    CHECK(dc::spark_memory_mib("1536M") == 1536);
    CHECK(dc::spark_memory_mib("2gb") == 2048);
    CHECK(dc::spark_memory_mib("1048576k") == 1024);
    CHECK_FALSE(dc::spark_memory_mib("1024"));
    CHECK_FALSE(dc::spark_memory_mib("g"));
    CHECK_FALSE(dc::spark_memory_mib("-1g"));
}

TEST_CASE("spark: the generated project, standalone") {
    TempDir dir;
    dc::SparkFlags flags;
    flags.workers = 3;
    flags.worker_cores = 2;
    flags.worker_memory = "2g";
    flags.ports = {"worker-ui=0"};
    dc::SparkSetup setup = dc::prepare_spark_project(options_in(dir.path()), flags);
    CHECK_FALSE(setup.joined);
    dc::Project p = dc::load_spark_project(setup);
    CHECK(p.name == "spark");
    CHECK(p.service_names() == std::vector<std::string>{"spark-master", "spark-worker-1",
                                                        "spark-worker-2", "spark-worker-3"});
    const dc::Node& master = service(p, "spark-master");
    CHECK(master.find("hostname")->text == "spark-master");
    CHECK(texts(*master.find("healthcheck")->find("test"))[1] == "bash");
    CHECK(master.find("environment")->find("SPARK_MASTER_OPTS")->text ==
          "-Dspark.master.rest.enabled=true -Dspark.master.rest.port=6066");
    const dc::Node& worker = service(p, "spark-worker-2");
    CHECK(texts(*worker.find("command")) ==
          std::vector<std::string>{"/opt/spark/bin/spark-class",
                                   "org.apache.spark.deploy.worker.Worker",
                                   "spark://spark-master:7077", "--host", "spark-worker-2",
                                   "--cores", "2", "--memory", "2g", "--webui-port", "8082"});
    CHECK(worker.find("depends_on")->find("spark-master")->find("condition")->text ==
          "service_healthy");
    CHECK(worker.find("volumes")->items[0].find("target")->text == "/opt/spark/work-dir/shared");
    // Port 0: the engine picks the host port, and the links do not claim localhost.
    CHECK(worker.find("ports")->items[0].find("published") == nullptr);
    CHECK(worker.find("environment")->find("SPARK_PUBLIC_DNS") == nullptr);
    CHECK(p.model.find("volumes")->find("spark-shared"));
}

TEST_CASE("spark: postgres and the history server") {
    TempDir dir;
    dc::SparkFlags flags;
    flags.with_postgres = true;
    flags.history_server = true;
    dc::SparkSetup setup = dc::prepare_spark_project(options_in(dir.path()), flags);
    dc::Project p = dc::load_spark_project(setup);
    CHECK(p.service_names() == std::vector<std::string>{"postgres", "spark-history", "spark-master",
                                                        "spark-worker-1", "spark-worker-2"});
    CHECK(texts(*service(p, "postgres").find("healthcheck")->find("test")) ==
          std::vector<std::string>{"CMD-SHELL", "pg_isready -h 127.0.0.1 -U spark -d spark"});
    CHECK(service(p, "spark-history").find("environment")->find("SPARK_HISTORY_OPTS")->text ==
          "-Dspark.history.fs.logDirectory=file:/opt/spark/work-dir/shared/spark-events");
    CHECK(dc::spark_driver_confs(setup.options) ==
          std::vector<std::string>{
              "spark.eventLog.enabled=true",
              "spark.eventLog.dir=file:/opt/spark/work-dir/shared/spark-events"});
}

TEST_CASE("spark: joining the user's project reuses its postgres and its x-spark") {
    TempDir dir;
    dir.write("compose.yaml",
              "name: ci\nservices:\n  postgres:\n    image: postgres:16\n"
              "  loader:\n    image: busybox\n    profiles: [spark]\n"
              "  spark-master:\n    ports: ['4040:4040']\n"
              "x-spark:\n  workers: 1\n  with_postgres: true\n");
    dc::SparkSetup setup = dc::prepare_spark_project(options_in(dir.path()), {});
    CHECK(setup.joined);
    CHECK(setup.options.workers == 1);
    CHECK(setup.yaml.find("\n  postgres:") == std::string::npos);
    dc::Project p = dc::load_spark_project(setup);
    CHECK(p.name == "ci");
    CHECK(p.service_names() ==
          std::vector<std::string>{"loader", "postgres", "spark-master", "spark-worker-1"});
    // The user's spark-master is merged over the generated one.
    CHECK(service(p, "spark-master").find("ports")->items.size() == 4);
    CHECK(dc::spark_project_name(options_in(dir.path())) == "ci");
}

TEST_CASE("spark: a compose file without x-spark or the spark profile stays out") {
    TempDir dir;
    dir.write("compose.yaml", "name: web\nservices:\n  web:\n    image: nginx\n");
    dc::SparkSetup setup = dc::prepare_spark_project(options_in(dir.path()), {});
    CHECK_FALSE(setup.joined);
    CHECK(dc::load_spark_project(setup).name == "spark");
    CHECK(dc::spark_project_name(options_in(dir.path())) == "spark");
    dc::ProjectOptions named = options_in(dir.path());
    named.project_name = "mine";
    CHECK(dc::spark_project_name(named) == "mine");
}

TEST_CASE("spark: the master's /json/ status") {
    dc::SparkMasterStatus s = dc::parse_master_status(kMasterJson);
    CHECK(s.url == "spark://spark-master:7077");
    CHECK(s.status == "ALIVE");
    REQUIRE(s.workers.size() == 2);
    CHECK(s.alive_workers() == 1);
    CHECK(s.workers[0].cores_used == 1);
    CHECK(s.workers[0].memory_mib == 2048);
    REQUIRE(s.active_apps.size() == 1);
    CHECK(s.active_apps[0].name == "wordcount");
    CHECK(s.active_apps[0].memory_per_executor_mib == 1024);
    CHECK_THROWS_WITH(dc::parse_master_status("<html>"),
                      "spark: the master's /json/ status is not a JSON object");

    std::ostringstream json;
    dc::print_spark_status(s, dc::SparkStatusFormat::Json, json);
    CHECK(json.str().find(R"("cores_free":1)") != std::string::npos);
    CHECK(json.str().find(R"("memory_free_mib":1024)") != std::string::npos);
    CHECK(json.str().find(R"("alive_workers":1)") != std::string::npos);
    std::ostringstream table;
    dc::print_spark_status(s, dc::SparkStatusFormat::Table, table);
    CHECK(table.str().find("MASTER spark://spark-master:7077 ALIVE, 1 worker(s) ALIVE\n") == 0);
    CHECK(table.str().find("172.18.0.3:40001   ALIVE   1            1            1024 MiB") !=
          std::string::npos);
}

TEST_CASE("spark: waiting reads the master's status from inside its container") {
    dc::test::FakeEngine engine;
    dc::ContainerSpec master;
    master.name = "p-spark-master-1";
    master.image = "apache/spark:3.5.4-python3";
    master.labels = {{dc::kLabelProject, "p"},
                     {dc::kLabelService, "spark-master"},
                     {dc::kLabelOneoff, "False"},
                     {dc::kLabelContainerNumber, "1"}};
    engine.add_container(master);
    engine.script_exec(
        0, std::string("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n") + kMasterJson);
    dc::SparkMasterStatus s =
        dc::wait_spark_ready(engine, "p", 1, std::chrono::seconds(5), std::stop_token{});
    CHECK(s.alive_workers() == 1);
    REQUIRE_FALSE(engine.exec_specs().empty());
    CHECK(engine.exec_specs()[0].cmd[0] == "bash");
    // Two workers never come: the deadline says how far it got.
    CHECK_THROWS_WITH(
        dc::wait_spark_ready(engine, "p", 2, std::chrono::milliseconds(200), std::stop_token{}),
        "spark: cluster not ready after 200ms: the master is ALIVE with 1 of 2 workers ALIVE (see "
        "`dc spark logs`)");
}
