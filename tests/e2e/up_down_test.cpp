// `dc up -d` and `dc down` against the real engine: ordering by health,
// convergence, Compose's labels, and what down keeps.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/labels.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

const char* const kHealthGated = R"(services:
  db:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 300"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 30
    volumes:
      - data:/data
  web:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    depends_on:
      db:
        condition: service_healthy
volumes:
  data:
)";

std::optional<ContainerInfo> container(const std::string& name) {
    auto info = engine().inspect_container(name);
    return info ? *info : std::nullopt;
}

bool volume_exists(const std::string& name) {
    auto info = engine().inspect_volume(name);
    return info && info->has_value();
}

std::size_t line_of(const std::string& text, const std::string& needle) {
    std::size_t at = text.find(needle);
    return at == std::string::npos ? std::string::npos
                                   : static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
}

}  // namespace

TEST_CASE("e2e up: a service_healthy dependency is healthy before its dependent starts") {
    ProjectGuard project(unique_project("up"));
    test::TempDir dir;
    dir.write("compose.yaml", kHealthGated);
    const std::string& p = project.name();

    RunResult up = run_dc({"-p", p, "--progress", "plain", "up", "-d"}, dir.path());
    INFO(up.err);
    REQUIRE(up.status == 0);
    CHECK(line_of(up.err, "Container " + p + "-db-1  Healthy") <
          line_of(up.err, "Container " + p + "-web-1  Starting"));

    auto db = container(p + "-db-1");
    auto web = container(p + "-web-1");
    REQUIRE(db);
    REQUIRE(web);
    CHECK(db->state.running);
    CHECK(db->state.health == "healthy");
    CHECK(web->state.running);
    CHECK(web->labels[kLabelProject] == p);
    CHECK(web->labels[kLabelService] == "web");
    CHECK(web->labels[kLabelContainerNumber] == "1");
    CHECK(web->labels[kLabelOneoff] == "False");
    CHECK(web->labels[kLabelDependsOn] == "db:service_healthy:false");
    CHECK_FALSE(web->labels[kLabelConfigHash].empty());
    CHECK(volume_exists(p + "_data"));

    SUBCASE("a second up changes nothing; a changed service alone is recreated") {
        RunResult again = run_dc({"-p", p, "up", "-d"}, dir.path());
        REQUIRE(again.status == 0);
        CHECK(container(p + "-db-1")->id == db->id);
        CHECK(container(p + "-web-1")->id == web->id);

        std::string changed = kHealthGated;
        changed.replace(changed.find("[\"sleep\", \"300\"]"), 16, "[\"sleep\", \"301\"]");
        dir.write("compose.yaml", changed);
        RunResult converge = run_dc({"-p", p, "up", "-d"}, dir.path());
        INFO(converge.err);
        REQUIRE(converge.status == 0);
        CHECK(container(p + "-db-1")->id == db->id);
        auto recreated = container(p + "-web-1");
        REQUIRE(recreated);
        CHECK(recreated->id != web->id);
        CHECK(recreated->state.running);
    }

    SUBCASE("down removes containers and network but keeps the named volume; -v removes it") {
        RunResult down = run_dc({"-p", p, "down"}, dir.path());
        INFO(down.err);
        REQUIRE(down.status == 0);
        CHECK_FALSE(container(p + "-db-1"));
        CHECK_FALSE(container(p + "-web-1"));
        auto network = engine().inspect_network(p + "_default");
        CHECK((network && !network->has_value()));
        CHECK(volume_exists(p + "_data"));

        RunResult down_v = run_dc({"-p", p, "down", "-v"}, dir.path());
        REQUIRE(down_v.status == 0);
        CHECK_FALSE(volume_exists(p + "_data"));
    }
}

TEST_CASE("e2e up: a dependency that fails stops its dependents, naming it") {
    ProjectGuard project(unique_project("fail"));
    test::TempDir dir;
    dir.write("compose.yaml", R"(services:
  migrate:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "exit 3"]
  app:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    depends_on:
      migrate:
        condition: service_completed_successfully
)");
    const std::string& p = project.name();
    RunResult up = run_dc({"-p", p, "up", "-d"}, dir.path());
    CHECK(up.status != 0);
    CHECK(up.err.find(p + "-migrate-1") != std::string::npos);
    CHECK(up.err.find("3") != std::string::npos);
    auto app = container(p + "-app-1");
    CHECK((!app || !app->state.running));
}
