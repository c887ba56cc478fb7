// The Spark profile on the real engine, with the apache/spark stand-in (tests/images/spark.sh):
// `dc spark up --workers 2` returns with both workers ALIVE in the master's own /json/ status,
// `status` and `ui` show them, `down` removes the containers and keeps the shared volume; bad
// settings fail before anything starts; the generated file is one Docker Compose v2 accepts; and
// the course's hand-written master + worker file runs unchanged under `dc up`. JVMs start slowly:
// deadlines are minutes, and there are few of these tests.
#include <array>
#include <cstdio>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "core/labels.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

constexpr const char* kSparkImage = "apache/spark:3.5.4-python3";

void require_spark_image() {
    auto image = engine().inspect_image(kSparkImage);
    REQUIRE_MESSAGE((image && image->has_value()),
                    "the apache/spark stand-in is missing: run tests/images/spark.sh");
}

std::vector<ContainerSummary> containers_of(const std::string& project) {
    ContainerListOptions list{true, {{"label", {std::string(kLabelProject) + "=" + project}}}};
    auto containers = engine().list_containers(list);
    REQUIRE(containers.has_value());
    return *containers;
}

std::string container_of(const std::string& project, const std::string& service) {
    for (const ContainerSummary& c : containers_of(project)) {
        auto s = c.labels.find(kLabelService);
        if (s != c.labels.end() && s->second == service) return c.id;
    }
    return {};
}

// The master's /json/ status, read inside its container as a test would with curl: nullopt
// while it does not answer.
std::optional<nlohmann::json> master_json(const std::string& container) {
    ExecSpec spec;
    spec.cmd = {"bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /json/ HTTP/1.0\\r\\n\\r\\n' >&3 "
                "&& cat <&3"};
    auto exec = engine().create_exec(container, spec);
    if (!exec) return std::nullopt;
    std::string out;
    auto done = engine().start_exec(
        *exec, spec, {},
        [&](const OutputFrame& f) {
            if (f.stream == StreamKind::Stdout) out.append(f.bytes);
            return Flow::Continue;
        },
        std::stop_token{});
    std::size_t body = out.find("\r\n\r\n");
    if (!done || body == std::string::npos) return std::nullopt;
    auto json = nlohmann::json::parse(out.substr(body + 4), nullptr, false);
    if (json.is_discarded()) return std::nullopt;
    return json;
}

int alive_workers(const nlohmann::json& status) {
    int n = 0;
    for (const auto& w : status.value("workers", nlohmann::json::array())) {
        n += w.value("state", "") == "ALIVE";
    }
    return n;
}

bool volume_exists(const std::string& name) {
    auto info = engine().inspect_volume(name);
    return info && info->has_value();
}

}  // namespace

TEST_CASE("e2e spark: up --workers 2 returns with both ALIVE; status, ui, down") {
    require_spark_image();
    ProjectGuard project(unique_project("spark"));
    const std::string& p = project.name();
    test::TempDir dir;
    // Ports the engine picks: other clusters may be running on this engine.
    RunResult up = run_dc({"-p", p, "--progress", "plain", "spark", "up", "--workers", "2",
                           "--port", "all=0", "--wait-timeout", "240"},
                          dir.path());
    REQUIRE_MESSAGE(up.status == 0, up.err);
    CHECK(up.out.find("2 worker(s) ALIVE") != std::string::npos);

    // Ready means ready: the master says so at once, no waiting here.
    std::string master = container_of(p, "spark-master");
    REQUIRE(!master.empty());
    std::optional<nlohmann::json> status = master_json(master);
    REQUIRE(status.has_value());
    CHECK(status->value("status", "") == "ALIVE");
    CHECK(alive_workers(*status) == 2);

    RunResult json = run_dc({"-p", p, "spark", "status", "--format", "json"}, dir.path());
    REQUIRE_MESSAGE(json.status == 0, json.err);
    auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["master"]["status"] == "ALIVE");
    CHECK(doc["master"]["alive_workers"] == 2);
    REQUIRE(doc["workers"].size() == 2);
    CHECK(doc["workers"][0]["cores"] == 1);
    CHECK(doc["workers"][0]["memory_mib"] == 1024);
    CHECK(doc["running_apps"].empty());

    RunResult ui = run_dc({"-p", p, "spark", "ui"}, dir.path());
    REQUIRE_MESSAGE(ui.status == 0, ui.err);
    CHECK(ui.out.find("spark-master\thttp://localhost:") == 0);
    CHECK(ui.out.find("spark-worker-2\thttp://localhost:") != std::string::npos);

    // The node the shared volume is mounted on is writable by the spark user, on every node.
    std::string worker = container_of(p, "spark-worker-1");
    ExecSpec touch;
    touch.cmd = {"touch", "/opt/spark/work-dir/shared/probe"};
    auto exec = engine().create_exec(worker, touch);
    REQUIRE(exec.has_value());
    REQUIRE(engine().start_exec(
        *exec, touch, {}, [](const OutputFrame&) { return Flow::Continue; }, std::stop_token{}));
    CHECK(engine().inspect_exec(*exec)->exit_code == 0);

    RunResult down = run_dc({"-p", p, "spark", "down", "-t", "2"}, dir.path());
    REQUIRE_MESSAGE(down.status == 0, down.err);
    CHECK(containers_of(p).empty());
    CHECK(volume_exists(p + "_spark-shared"));  // Kept without -v.
    RunResult down_v = run_dc({"-p", p, "spark", "down", "-v"}, dir.path());
    REQUIRE_MESSAGE(down_v.status == 0, down_v.err);
    CHECK_FALSE(volume_exists(p + "_spark-shared"));
}

TEST_CASE("e2e spark: bad settings fail before anything starts") {
    ProjectGuard project(unique_project("spark-bad"));
    const std::string& p = project.name();
    test::TempDir dir;
    RunResult zero = run_dc({"-p", p, "spark", "up", "--workers", "0"}, dir.path());
    CHECK(zero.status == 16);
    CHECK(zero.err == "dc: error: --workers: must be between 1 and 64, not 0\n");
    test::TempDir joined;
    joined.write("compose.yaml", "services: {}\nx-spark:\n  worker_memory: 300m\n");
    RunResult memory = run_dc({"-p", p, "spark", "up"}, joined.path());
    CHECK(memory.status == 15);
    CHECK(memory.err.find("x-spark.worker_memory: worker memory 300m is below 1g") !=
          std::string::npos);
    RunResult image = run_dc({"-p", p, "spark", "up", "--image", kBusybox}, dir.path());
    CHECK(image.status == 15);
    CHECK(image.err == std::string("dc: error: spark: image ") + kBusybox +
                           " has no /opt/spark/bin/spark-class: it is not laid out like "
                           "apache/spark\n");
    CHECK(containers_of(p).empty());
}

TEST_CASE("e2e spark: the generated file is one Docker Compose v2 accepts") {
    test::TempDir dir;
    RunResult config =
        run_dc({"spark", "config", "--with-postgres", "--history-server"}, dir.path());
    REQUIRE_MESSAGE(config.status == 0, config.err);
    std::string file = dir.write("generated.yaml", config.out);
    auto [code, services] =
        shell("'" + compose_v2() + "' -f '" + file + "' config --services 2>&1");
    CHECK_MESSAGE(code == 0, services);
    CHECK(services.find("spark-worker-2") != std::string::npos);
    CHECK(services.find("spark-history") != std::string::npos);
}

TEST_CASE("e2e spark: the course's master + worker file runs unchanged under dc up") {
    require_spark_image();
    ProjectGuard project(unique_project("spark-course"));
    const std::string& p = project.name();
    test::TempDir dir;
    // Only what would clash with other stacks on this engine is changed: the fixed container
    // names and host ports.
    std::string override_file = dir.write("test.override.yaml", R"(services:
  spark-master:
    container_name: !reset null
    ports: !override ["8080", "7077"]
  spark-worker:
    container_name: !reset null
    ports: !override ["8081"]
)");
    std::string example = std::string(DC_SOURCE_DIR) + "/examples/spark/compose.yaml";
    RunResult up = run_dc({"-p", p, "-f", example, "-f", override_file, "up", "-d"}, dir.path());
    REQUIRE_MESSAGE(up.status == 0, up.err);
    std::string master = container_of(p, "spark-master");
    REQUIRE(!master.empty());
    // No healthcheck in that file: the worker registers after Spark's own retries.
    bool ready = wait_until(
        [&] {
            auto status = master_json(master);
            return status && alive_workers(*status) == 1;
        },
        std::chrono::minutes(3));
    CHECK(ready);
    RunResult down =
        run_dc({"-p", p, "-f", example, "-f", override_file, "down", "-t", "2"}, dir.path());
    CHECK_MESSAGE(down.status == 0, down.err);
    CHECK(containers_of(p).empty());
}
