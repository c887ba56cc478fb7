// `dc run` waits for the run service's own depends_on conditions before starting the one-off, as
// `up` would before starting the service, and stops with Compose's message when one fails.
#include <stop_token>

#include <doctest/doctest.h>

#include "core/labels.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

const char* const kStack = R"(services:
  db:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; exec sleep 300"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 30
  broken:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "false"]
      interval: 1s
      retries: 1
  app:
    image: dc-test/busybox:latest
    command: ["true"]
    depends_on:
      db:
        condition: service_healthy
  needs-broken:
    image: dc-test/busybox:latest
    command: ["true"]
    depends_on:
      broken:
        condition: service_healthy
)";

// The engine's time of the first event of `action` whose container name starts with `prefix`.
std::int64_t first_event(const std::string& project, TimePoint since, const std::string& prefix,
                         const std::string& action, const std::string& health = "") {
    EventOptions options{.since = since, .until = std::chrono::system_clock::now()};
    options.filters = {{"type", {"container"}},
                       {"label", {std::string(kLabelProject) + "=" + project}}};
    std::int64_t found = 0;
    auto done = engine().events(
        options,
        [&](const Event& e) {
            auto name = e.attributes.find("name");
            bool match = name != e.attributes.end() && name->second.starts_with(prefix) &&
                         e.action == action && (health.empty() || e.health_status == health);
            if (match && found == 0) found = e.time_nano;
            return Flow::Continue;
        },
        std::stop_token{});
    REQUIRE(done.has_value());
    return found;
}

}  // namespace

TEST_CASE("e2e run: the one-off starts only once its service_healthy dependency is healthy") {
    ProjectGuard project(unique_project("rundeps"));
    const std::string& p = project.name();
    test::TempDir dir;
    dir.write("compose.yaml", kStack);

    TimePoint before = std::chrono::system_clock::now() - std::chrono::seconds(1);
    RunResult run = run_dc({"-p", p, "run", "--rm", "-T", "app", "echo", "ran"}, dir.path());
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK(run.out == "ran\n");
    std::int64_t healthy = first_event(p, before, p + "-db-1", "health_status", "healthy");
    std::int64_t started = first_event(p, before, p + "-app-run-", "start");
    REQUIRE(healthy > 0);
    REQUIRE(started > 0);
    CHECK(started >= healthy);
}

TEST_CASE("e2e run: a dependency that turns unhealthy stops the run, naming it") {
    ProjectGuard project(unique_project("rundeps-bad"));
    const std::string& p = project.name();
    test::TempDir dir;
    dir.write("compose.yaml", kStack);

    RunResult run =
        run_dc({"-p", p, "run", "--rm", "-T", "needs-broken", "echo", "ran"}, dir.path());
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    CHECK(run.err.find("dependency failed to start: container " + p + "-broken-1 is unhealthy") !=
          std::string::npos);
}
