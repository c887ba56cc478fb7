// `dc ps --format json` against the real engine: one object per line with Docker Compose
// v2.29's keys, in its order, and its formatting of commands, ports, mounts and networks.
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

const char* const kProject = R"(services:
  web:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "echo \"quoted\" and a long command; exec sleep 300"]
    stop_signal: SIGKILL
    ports: ["127.0.0.1::80", "81"]
    volumes: ["data:/data", "/anon"]
  job:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "exit 3"]
volumes:
  data: {}
)";

std::map<std::string, nlohmann::ordered_json> rows_by_service(const std::string& out) {
    std::map<std::string, nlohmann::ordered_json> rows;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        nlohmann::ordered_json row = nlohmann::ordered_json::parse(line);
        rows[row["Service"].get<std::string>()] = row;
    }
    return rows;
}

}  // namespace

TEST_CASE("e2e ps: --format json has Compose's fields, one object per line") {
    ProjectGuard project(unique_project("psjson"));
    test::TempDir dir;
    dir.write("compose.yaml", kProject);
    const std::string& p = project.name();
    RunResult up = run_dc({"-p", p, "up", "-d"}, dir.path());
    INFO(up.err);
    REQUIRE(up.status == 0);
    REQUIRE(wait_until([&] {
        auto job = engine().inspect_container(p + "-job-1");
        return job && *job && (*job)->state.status == "exited";
    }));

    RunResult ps = run_dc({"-p", p, "ps", "-a", "--format", "json"}, dir.path());
    REQUIRE(ps.status == 0);
    auto rows = rows_by_service(ps.out);
    REQUIRE(rows.size() == 2);
    const nlohmann::ordered_json& web = rows["web"];
    std::vector<std::string> keys;
    for (const auto& item : web.items()) keys.push_back(item.key());
    CHECK(keys == std::vector<std::string>{"Command", "CreatedAt", "ExitCode",   "Health",
                                           "ID",      "Image",     "Labels",     "LocalVolumes",
                                           "Mounts",  "Name",      "Names",      "Networks",
                                           "Ports",   "Project",   "Publishers", "RunningFor",
                                           "Service", "Size",      "State",      "Status"});
    CHECK(web["Command"] == "\"sh -c 'echo \\\"quoted…\"");
    CHECK(web["Name"] == p + "-web-1");
    CHECK(web["Names"] == p + "-web-1");
    CHECK(web["Networks"] == p + "_default");
    CHECK(web["LocalVolumes"] == "2");
    CHECK(web["Size"] == "0B");
    CHECK(web["State"] == "running");
    CHECK(web["ExitCode"] == 0);
    CHECK(web["CreatedAt"].get<std::string>().size() >= 25);
    const std::string mounts = web["Mounts"];
    CHECK(mounts.find(p.size() + 5 > 15 ? (p + "_data").substr(0, 14) + "…" : p + "_data") !=
          std::string::npos);

    // The published ports: on 127.0.0.1 an ephemeral one for 80; 81 on every interface.
    const nlohmann::ordered_json& publishers = web["Publishers"];
    REQUIRE(publishers.size() >= 2);
    CHECK(publishers[0]["URL"] == "127.0.0.1");
    CHECK(publishers[0]["TargetPort"] == 80);
    CHECK(publishers[0]["Protocol"] == "tcp");
    const int published = publishers[0]["PublishedPort"];
    CHECK(published > 0);
    const std::string ports = web["Ports"];
    CHECK(ports.starts_with("127.0.0.1:" + std::to_string(published) + "->80/tcp, "));

    const nlohmann::ordered_json& job = rows["job"];
    CHECK(job["State"] == "exited");
    CHECK(job["ExitCode"] == 3);
    CHECK(job["Command"] == "\"sh -c 'exit 3'\"");
    CHECK(job["Ports"] == "");
    CHECK(job["Publishers"] == nlohmann::ordered_json::array());
    CHECK(job["Mounts"] == "");
    CHECK(job["LocalVolumes"] == "0");

    RunResult none = run_dc({"-p", p + "-none", "ps", "--format", "json"}, dir.path());
    CHECK(none.status == 0);
    CHECK(none.out == "");
}
