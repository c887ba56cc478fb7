// `dc logs` on a project dc started: prefixes, --tail, -t, --no-log-prefix, --index, and -f
// following output until the container stops.
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

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++n;
    return n;
}

}  // namespace

TEST_CASE("e2e logs: prefixes, --tail, -t, --no-log-prefix, --index and unknown services") {
    ProjectGuard project(unique_project("logs"));
    test::TempDir dir;
    dir.write("compose.yaml", R"(services:
  web:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "echo one; echo two; echo three"]
  worker:
    image: dc-test/busybox:latest
    container_name: )" + project.name() +
                                  R"(-custom
    command: ["sh", "-c", "echo working"]
)");
    const std::string& p = project.name();
    REQUIRE(run_dc({"-p", p, "up", "-d"}, dir.path()).status == 0);
    REQUIRE(wait_until(
        [&] { return state_of(p + "-web-1") == "exited" && state_of(p + "-custom") == "exited"; }));

    RunResult all = run_dc({"-p", p, "logs", "--no-color"}, dir.path());
    REQUIRE(all.status == 0);
    const std::string pad(p.size() + 3, ' ');  // "web-1" padded to "<p>-custom" + 1.
    // Each container's lines in order, whole; two containers' lines may interleave, as in Compose.
    INFO(all.out);
    const std::size_t one = all.out.find("web-1" + pad + " | one\n");
    const std::size_t two = all.out.find("web-1" + pad + " | two\n");
    CHECK(one != std::string::npos);
    CHECK(two != std::string::npos);
    CHECK(one < two);
    CHECK(all.out.find(p + "-custom  | working\n") != std::string::npos);

    RunResult tail = run_dc({"-p", p, "logs", "--tail", "1", "web"}, dir.path());
    CHECK(tail.status == 0);
    CHECK(tail.out == "web-1  | three\n");

    RunResult stamped = run_dc({"-p", p, "logs", "-t", "-n", "1", "web"}, dir.path());
    CHECK(stamped.status == 0);
    // "web-1  | 2024-05-01T12:00:00.123456789Z three"
    CHECK(stamped.out.starts_with("web-1  | 20"));
    CHECK(stamped.out.find("Z three\n") != std::string::npos);

    RunResult bare =
        run_dc({"-p", p, "logs", "--no-log-prefix", "--index", "1", "web"}, dir.path());
    CHECK(bare.status == 0);
    CHECK(bare.out == "one\ntwo\nthree\n");

    RunResult missing = run_dc({"-p", p, "logs", "--index", "2", "web"}, dir.path());
    CHECK(missing.status == 1);
    CHECK(missing.err == "dc: error: service \"web\" is not running container #2\n");

    RunResult unknown = run_dc({"-p", p, "logs", "nosuch"}, dir.path());
    CHECK(unknown.status != 0);
    CHECK(unknown.err == "dc: error: no such service: nosuch\n");

    RunResult since = run_dc({"-p", p, "logs", "--since", "1h", "web"}, dir.path());
    CHECK(since.out == "web-1  | one\nweb-1  | two\nweb-1  | three\n");
    RunResult until =
        run_dc({"-p", p, "logs", "--until", "2000-01-01T00:00:00Z", "web"}, dir.path());
    CHECK(until.status == 0);
    CHECK(until.out.empty());
}

TEST_CASE("e2e logs: -f follows new output and ends when the container stops") {
    ProjectGuard project(unique_project("logsf"));
    test::TempDir dir;
    dir.write("compose.yaml", R"(services:
  ticker:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "trap 'echo bye; exit 0' TERM; while true; do echo tick; sleep 0.2; done"]
)");
    const std::string& p = project.name();
    REQUIRE(run_dc({"-p", p, "up", "-d"}, dir.path()).status == 0);
    DcProcess logs({"-p", p, "logs", "-f", "--tail", "1"}, dir.path());
    // New lines keep arriving while it follows.
    CHECK(wait_until([&] { return count_of(logs.out(), "ticker-1  | tick\n") >= 5; }));
    CHECK(!logs.wait(std::chrono::milliseconds(0)).has_value());
    REQUIRE(run_dc({"-p", p, "stop"}, dir.path()).status == 0);
    std::optional<int> status = logs.wait(std::chrono::seconds(30));
    REQUIRE(status.has_value());
    CHECK(*status == 0);
    std::string out = logs.out();
    CHECK(out.find("ticker-1  | bye\n") != std::string::npos);
    CHECK(out.ends_with("ticker-1 exited with code 0\n"));
}

TEST_CASE("e2e logs: -f ends with 130 on SIGINT") {
    ProjectGuard project(unique_project("logsi"));
    test::TempDir dir;
    dir.write("compose.yaml", R"(services:
  ticker:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "while true; do echo tick; sleep 0.2; done"]
    stop_signal: SIGKILL
)");
    const std::string& p = project.name();
    REQUIRE(run_dc({"-p", p, "up", "-d"}, dir.path()).status == 0);
    DcProcess logs({"-p", p, "logs", "-f"}, dir.path());
    REQUIRE(wait_until([&] { return logs.out().find("ticker-1  | tick") != std::string::npos; }));
    logs.signal(SIGINT);
    std::optional<int> status = logs.wait(std::chrono::seconds(30));
    REQUIRE(status.has_value());
    CHECK(*status == 130);
    CHECK(state_of(p + "-ticker-1") == "running");
}
