// Attached `dc up`: prefixed output of the services until they exit, the cascades
// (--exit-code-from, --abort-on-container-failure) and Ctrl-C, against the real engine.
#include <csignal>

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

TEST_CASE("e2e attached up: prefixed lines of two services, exits, status 0") {
    ProjectGuard project(unique_project("att"));
    test::TempDir dir;
    dir.write("compose.yaml", R"(services:
  a:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "echo from a; exit 0"]
  bb:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "echo from bb; echo to stderr >&2; sleep 1; exit 7"]
)");
    const std::string& p = project.name();
    DcProcess up({"-p", p, "up"}, dir.path());
    std::optional<int> status = up.wait(std::chrono::seconds(60));
    REQUIRE(status.has_value());
    CHECK(*status == 0);
    std::string out = up.out();
    CHECK(out.starts_with("Attaching to a-1, bb-1\n"));
    CHECK(out.find("a-1   | from a\n") != std::string::npos);
    CHECK(out.find("bb-1  | from bb\n") != std::string::npos);
    CHECK(out.find("a-1 exited with code 0\n") > out.find("a-1   | from a\n"));
    CHECK(out.find("bb-1 exited with code 7\n") > out.find("bb-1  | from bb\n"));
    // A container's stderr goes to dc's stderr, as Compose's attach does.
    CHECK(up.err().find("bb-1  | to stderr\n") != std::string::npos);
}

TEST_CASE("e2e attached up: --exit-code-from returns the service's code and stops the rest") {
    ProjectGuard project(unique_project("attx"));
    test::TempDir dir;
    dir.write("compose.yaml", R"(services:
  job:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "sleep 1; echo failing; exit 3"]
  server:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]
)");
    const std::string& p = project.name();
    DcProcess up({"-p", p, "up", "--exit-code-from", "job"}, dir.path());
    std::optional<int> status = up.wait(std::chrono::seconds(60));
    REQUIRE(status.has_value());
    CHECK(*status == 3);
    CHECK(up.out().find("job-1 exited with code 3\n") != std::string::npos);
    CHECK(up.err().find("Aborting on container exit...\n") != std::string::npos);
    CHECK(state_of(p + "-server-1") == "exited");
    CHECK(state_of(p + "-job-1") == "exited");
}

TEST_CASE("e2e attached up: --abort-on-container-failure waits past a zero exit") {
    ProjectGuard project(unique_project("attf"));
    test::TempDir dir;
    dir.write("compose.yaml", R"(services:
  ok:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "exit 0"]
  bad:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "sleep 1; exit 4"]
  server:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]
)");
    const std::string& p = project.name();
    DcProcess up({"-p", p, "up", "--abort-on-container-failure"}, dir.path());
    std::optional<int> status = up.wait(std::chrono::seconds(60));
    REQUIRE(status.has_value());
    CHECK(*status == 4);
    std::string out = up.out();
    CHECK(out.find("ok-1 exited with code 0\n") < out.find("bad-1 exited with code 4\n"));
    CHECK(state_of(p + "-server-1") == "exited");
}

TEST_CASE("e2e attached up: SIGINT stops the containers gracefully and exits 130") {
    ProjectGuard project(unique_project("atti"));
    test::TempDir dir;
    dir.write("compose.yaml", R"(services:
  ticker:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do echo tick; sleep 0.2; done"]
  quiet:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]
)");
    const std::string& p = project.name();
    DcProcess up({"-p", p, "up"}, dir.path());
    REQUIRE(wait_until([&] { return up.out().find("ticker-1  | tick\n") != std::string::npos; }));
    up.signal(SIGINT);
    std::optional<int> status = up.wait(std::chrono::seconds(60));
    REQUIRE(status.has_value());
    CHECK(*status == 130);
    CHECK(up.err().find("Gracefully stopping... (press Ctrl+C again to force)\n") !=
          std::string::npos);
    // Stopped, not removed.
    CHECK(state_of(p + "-ticker-1") == "exited");
    CHECK(state_of(p + "-quiet-1") == "exited");
}

TEST_CASE("e2e attached up: a second SIGINT kills what the first is still stopping") {
    ProjectGuard project(unique_project("attk"));
    test::TempDir dir;
    // busybox's sleep as process 1 ignores SIGTERM: a graceful stop would wait out the 60 s.
    dir.write("compose.yaml", R"(services:
  stubborn:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "echo up; exec sleep 300"]
    stop_grace_period: 60s
)");
    const std::string& p = project.name();
    DcProcess up({"-p", p, "up"}, dir.path());
    REQUIRE(wait_until([&] { return up.out().find("stubborn-1  | up\n") != std::string::npos; }));
    up.signal(SIGINT);
    REQUIRE(wait_until([&] { return up.err().find("Gracefully stopping") != std::string::npos; }));
    auto second = std::chrono::steady_clock::now();
    up.signal(SIGINT);
    std::optional<int> status = up.wait(std::chrono::seconds(30));
    REQUIRE(status.has_value());
    CHECK(*status == 130);
    // Killed, well before the grace period would have ended.
    CHECK(std::chrono::steady_clock::now() - second < std::chrono::seconds(20));
    CHECK(state_of(p + "-stubborn-1") == "exited");
}

TEST_CASE("e2e attached up: conflicting flags are usage errors") {
    test::TempDir dir;
    dir.write("compose.yaml", "services:\n  a:\n    image: dc-test/busybox:latest\n");
    CHECK(run_dc({"-p", "x", "up", "-d", "--abort-on-container-exit"}, dir.path()).status == 16);
    CHECK(run_dc({"-p", "x", "up", "--exit-code-from", "nosuch"}, dir.path()).status == 16);
    CHECK(run_dc({"-p", "x", "up", "--abort-on-container-exit", "--abort-on-container-failure"},
                 dir.path())
              .status == 16);
}
