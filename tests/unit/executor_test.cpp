// Running plans against the FakeEngine: the order of engine calls, parallel branches and the
// limit on them, waits that follow the engine's events, and how failures stop what depends on
// them. The fake's scripts drive health and exits step by step; nothing sleeps.
#include "core/executor.h"

#include <algorithm>
#include <stop_token>
#include <thread>

#include <doctest/doctest.h>

#include "core/error.h"
#include "core/up.h"
#include "tests/unit/lifecycle_fixture.h"

using dc::test::FakeEngine;
using dc::test::line_position;
using dc::test::project_of;

namespace {

// web waits for db to be healthy.
const char* const kHealthy = R"(
services:
  db:
    image: postgres:16
    healthcheck: {test: ["CMD", "pg_isready"]}
  web:
    image: nginx
    depends_on:
      db: {condition: service_healthy}
)";

// web waits for migrate to complete.
const char* const kCompleted = R"(
services:
  migrate:
    image: app
  web:
    image: nginx
    depends_on:
      migrate: {condition: service_completed_successfully}
)";

const char* const kThreeRoots =
    "services:\n  a:\n    image: a\n  b:\n    image: b\n"
    "  c:\n    image: c\n";

// The message of the dc::Error that `up` throws, or "no error".
std::string up_error(const dc::Project& project, FakeEngine& engine, dc::ProgressListener& progress,
                     const dc::UpOptions& options = {}) {
    try {
        dc::run_up(project, engine, progress, options);
    } catch (const dc::Error& error) {
        return error.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("executor: service_healthy starts the dependent once the dependency is healthy") {
    FakeEngine engine;
    engine.script("p-db-1", {{"starting", "healthy"}});
    dc::RecordedProgress progress;
    dc::run_up(project_of(kHealthy), engine, progress, {});
    CHECK(engine.calls_of("start_container") == std::vector<std::string>{"p-db-1", "p-web-1"});
    // At least one look while starting and one after the event; an early "start" event may add
    // another. All of them come before web starts.
    std::vector<std::string> calls = engine.calls();
    auto web = std::find(calls.begin(), calls.end(), "start_container p-web-1");
    CHECK(std::count(calls.begin(), web, "inspect_container p-db-1") >= 2);
    CHECK(std::count(web, calls.end(), "inspect_container p-db-1") == 0);
    int healthy = line_position(progress, "Container p-db-1 Healthy");
    CHECK(line_position(progress, "Container p-db-1 Started") <
          line_position(progress, "Container p-db-1 Waiting"));
    CHECK(healthy >= 0);
    CHECK(healthy < line_position(progress, "Container p-web-1 Starting"));
    CHECK(engine.position("start_container p-web-1") > engine.position("start_container p-db-1"));
    CHECK(engine.container("p-web-1")->status == "running");
}

TEST_CASE("executor: a health change the engine reports later is followed, without polling") {
    FakeEngine engine;
    dc::RecordedProgress progress;
    dc::Project project = project_of(kHealthy);
    std::thread up([&] { dc::run_up(project, engine, progress, {}); });
    // db stays "starting" until the test says otherwise: the executor must wait for the event.
    REQUIRE(engine.await_call("inspect_container p-db-1"));
    CHECK(engine.calls_of("start_container") == std::vector<std::string>{"p-db-1"});
    engine.set_health("p-db-1", "healthy");
    up.join();
    CHECK(engine.calls_of("start_container") == std::vector<std::string>{"p-db-1", "p-web-1"});
}

TEST_CASE("executor: independent services are worked on at once") {
    FakeEngine engine;
    // Both creates must be under way together for either to return.
    engine.rendezvous("create_container", 2);
    dc::RecordedProgress progress;
    dc::run_up(project_of("services:\n  a:\n    image: a\n  b:\n    image: b\n"), engine, progress,
               {});
    CHECK_FALSE(engine.rendezvous_missed());
    CHECK(engine.max_in_flight("create_container") == 2);
    CHECK(engine.container_names() == std::vector<std::string>{"p-a-1", "p-b-1"});
}

TEST_CASE("executor: the parallel limit caps the engine calls under way") {
    SUBCASE("two at a time") {
        FakeEngine engine;
        engine.rendezvous("create_container", 2);
        dc::RecordedProgress progress;
        dc::run_up(project_of(kThreeRoots), engine, progress, {.parallel = 2});
        CHECK_FALSE(engine.rendezvous_missed());
        CHECK(engine.max_in_flight("create_container") == 2);
        CHECK(engine.calls_of("create_container").size() == 3);
    }
    SUBCASE("one at a time") {
        FakeEngine engine;
        dc::RecordedProgress progress;
        dc::run_up(project_of(kThreeRoots), engine, progress, {.parallel = 1});
        CHECK(engine.max_in_flight("create_container") == 1);
        CHECK(engine.max_in_flight("start_container") == 1);
        CHECK(engine.calls_of("start_container").size() == 3);
    }
}

TEST_CASE("executor: an unhealthy dependency stops its dependents, naming the container") {
    FakeEngine engine;
    engine.script("p-db-1", {{"starting", "unhealthy"}});
    dc::RecordedProgress progress;
    CHECK(up_error(project_of(kHealthy), engine, progress) ==
          "dependency failed to start: container p-db-1 is unhealthy");
    CHECK(engine.calls_of("start_container") == std::vector<std::string>{"p-db-1"});
    CHECK(line_position(progress,
                        "Container p-db-1 Error: dependency failed to start: "
                        "container p-db-1 is unhealthy") >= 0);
    CHECK(engine.container("p-web-1")->status == "created");
}

TEST_CASE("executor: a dependency that exits fails service_healthy with its exit code") {
    FakeEngine engine;
    engine.script("p-db-1", {{"starting", "exit:3"}});
    dc::RecordedProgress progress;
    CHECK(up_error(project_of(kHealthy), engine, progress) ==
          "dependency failed to start: container p-db-1 exited (3)");
    CHECK(engine.calls_of("start_container") == std::vector<std::string>{"p-db-1"});
}

TEST_CASE("executor: a dependency without a healthcheck fails service_healthy") {
    FakeEngine engine;
    dc::RecordedProgress progress;
    std::string yaml = kHealthy;
    yaml.erase(yaml.find("    healthcheck"), yaml.find("  web:") - yaml.find("    healthcheck"));
    CHECK(up_error(project_of(yaml), engine, progress) ==
          "dependency failed to start: container p-db-1 has no healthcheck configured");
}

TEST_CASE("executor: service_completed_successfully waits for exit 0, and names a failure") {
    SUBCASE("exit 0") {
        FakeEngine engine;
        engine.script("p-migrate-1", {{"exit:0"}});
        dc::RecordedProgress progress;
        dc::run_up(project_of(kCompleted), engine, progress, {});
        CHECK(engine.calls_of("start_container") ==
              std::vector<std::string>{"p-migrate-1", "p-web-1"});
        CHECK(line_position(progress, "Container p-migrate-1 Exited") <
              line_position(progress, "Container p-web-1 Starting"));
    }
    SUBCASE("exit 2") {
        FakeEngine engine;
        engine.script("p-migrate-1", {{"exit:2"}});
        dc::RecordedProgress progress;
        CHECK(up_error(project_of(kCompleted), engine, progress) ==
              "service \"migrate\" didn't complete successfully: container p-migrate-1 exited (2)");
        CHECK(engine.calls_of("start_container") == std::vector<std::string>{"p-migrate-1"});
    }
}

TEST_CASE("executor: an optional dependency that fails is skipped with a warning") {
    FakeEngine engine;
    engine.script("p-db-1", {{"starting", "unhealthy"}});
    std::string yaml = kHealthy;
    yaml.replace(yaml.find("condition: service_healthy"), 26,
                 "condition: service_healthy, required: false");
    dc::RecordedProgress progress;
    dc::run_up(project_of(yaml), engine, progress, {});
    CHECK(engine.calls_of("start_container") == std::vector<std::string>{"p-db-1", "p-web-1"});
    CHECK(line_position(progress,
                        "Container p-db-1 Skipped: optional dependency \"db\" failed to "
                        "start: container p-db-1 is unhealthy") >= 0);
}

TEST_CASE("executor: a failed engine call stops new work and says what never ran") {
    dc::Project project = project_of(
        "services:\n  a:\n    image: a\n    ports: ['8080:80']\n"
        "  b:\n    image: b\n    depends_on: [a]\n");
    FakeEngine engine;
    dc::ContainerSpec squatter{.name = "squatter"};
    squatter.host.port_bindings["80/tcp"] = {{.host_port = "8080"}};
    engine.add_container(squatter);
    dc::ServiceGraph graph = dc::ServiceGraph::from_project(project.model);
    dc::Plan plan = dc::plan_up(project, graph, dc::observe(project, engine), {});
    dc::RecordedProgress progress;
    dc::ExecutionResult result = dc::execute(plan, engine, progress, {.project = &project});
    REQUIRE(result.failures.size() == 1);
    CHECK(result.failures[0].message ==
          "container p-a-1: engine: driver failed programming external connectivity on endpoint "
          "p-a-1: Bind for 0.0.0.0:8080 failed: port is already allocated");
    CHECK(dc::action_name(plan.action(result.failures[0].action)) == "StartContainer");
    CHECK(result.not_run == std::vector<int>{5});
    CHECK(engine.calls_of("start_container") == std::vector<std::string>{"p-a-1"});
    CHECK_THROWS_WITH(dc::throw_if_failed(result), result.failures[0].message.c_str());
}

TEST_CASE("executor: a wait that outlasts its deadline fails with the timeout's message") {
    FakeEngine engine;  // db's health stays "starting".
    dc::RecordedProgress progress;
    CHECK(up_error(project_of(kHealthy), engine, progress,
                   {.wait_timeout = std::chrono::seconds(0)}) ==
          "timeout waiting for dependencies");
    CHECK(line_position(progress, "Container p-db-1 Error: timeout waiting for dependencies") >= 0);
}

TEST_CASE("executor: without the engine's events a wait fails rather than hangs") {
    FakeEngine engine;
    engine.fail_next("events", "", {dc::FailureKind::Unavailable, 0, "connection refused"});
    dc::RecordedProgress progress;
    CHECK(up_error(project_of(kHealthy), engine, progress) ==
          "cannot follow the engine's events: engine: connection refused");
}

TEST_CASE("executor: a cancelled run starts nothing") {
    FakeEngine engine;
    std::stop_source stop;
    stop.request_stop();
    dc::RecordedProgress progress;
    try {
        dc::run_up(project_of(kHealthy), engine, progress, {.stop = stop.get_token()});
        FAIL("no error");
    } catch (const dc::Error& error) {
        CHECK(error.kind() == dc::ErrorKind::Cancelled);
    }
    CHECK(engine.calls_of("create_container").empty());
    CHECK(engine.calls_of("create_network").empty());
}
