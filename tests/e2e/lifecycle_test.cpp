// `dc stop`, `start`, `pause`, `unpause`, `kill` and `rm` on a project dc started.
#include <doctest/doctest.h>

#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

std::string state_of(const std::string& name) {
    auto info = engine().inspect_container(name);
    if (!info || !info->has_value()) return "absent";
    return (*info)->state.status;
}

}  // namespace

TEST_CASE("e2e lifecycle: stop, start, pause, unpause, kill, rm") {
    ProjectGuard project(unique_project("life"));
    test::TempDir dir;
    dir.write("compose.yaml", R"(services:
  api:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    stop_signal: SIGKILL
  worker:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    depends_on: [api]
)");
    const std::string& p = project.name();
    const std::string api = p + "-api-1";
    const std::string worker = p + "-worker-1";
    REQUIRE(run_dc({"-p", p, "up", "-d"}, dir.path()).status == 0);
    REQUIRE(state_of(worker) == "running");

    RunResult stop = run_dc({"-p", p, "--progress", "plain", "stop"}, dir.path());
    REQUIRE(stop.status == 0);
    CHECK(state_of(api) == "exited");
    CHECK(state_of(worker) == "exited");
    // Dependents stop first.
    CHECK(stop.err.find("Container " + worker + "  Stopped") <
          stop.err.find("Container " + api + "  Stopping"));

    REQUIRE(run_dc({"-p", p, "start"}, dir.path()).status == 0);
    CHECK(state_of(api) == "running");
    CHECK(state_of(worker) == "running");

    REQUIRE(run_dc({"-p", p, "pause", "worker"}, dir.path()).status == 0);
    CHECK(state_of(worker) == "paused");
    REQUIRE(run_dc({"-p", p, "unpause", "worker"}, dir.path()).status == 0);
    CHECK(state_of(worker) == "running");

    REQUIRE(run_dc({"-p", p, "kill", "-s", "SIGKILL", "api"}, dir.path()).status == 0);
    CHECK(wait_until([&] { return state_of(api) == "exited"; }));

    RunResult refused = run_dc({"-p", p, "rm"}, dir.path());
    CHECK(refused.status == 16);
    CHECK(state_of(api) == "exited");
    REQUIRE(run_dc({"-p", p, "rm", "-f"}, dir.path()).status == 0);
    CHECK(state_of(api) == "absent");
    CHECK(state_of(worker) == "running");
}
