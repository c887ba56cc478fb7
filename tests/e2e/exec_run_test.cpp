// `dc exec` and `dc run` against the real engine: exit codes, the flags taking effect, stdin piped
// in, a TTY through a pseudo-terminal, one-off containers' dependencies and removal.
#include <doctest/doctest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/labels.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

const char* const kCompose = R"(
services:
  db:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    init: true
  web:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    init: true
    depends_on: [db]
    environment: {FROM_FILE: file}
)";

// The project's containers by name, one-offs included, with their state.
std::map<std::string, std::string> containers_of(const std::string& project) {
    std::map<std::string, std::string> out;
    auto list = value_or_throw(engine().list_containers(
        {.all = true, .filters = {{"label", {std::string(kLabelProject) + "=" + project}}}}));
    for (const ContainerSummary& c : list) out[c.names.at(0)] = c.state;
    return out;
}

std::vector<std::string> oneoffs_of(const std::string& project) {
    std::vector<std::string> out;
    auto list = value_or_throw(
        engine().list_containers({.all = true,
                                  .filters = {{"label",
                                               {std::string(kLabelProject) + "=" + project,
                                                std::string(kLabelOneoff) + "=True"}}}}));
    for (const ContainerSummary& c : list) out.push_back(c.names.at(0));
    return out;
}

struct PtyResult {
    int status = -1;
    std::string output;
};

// Runs dc on a pseudo-terminal (its stdin, stdout and stderr), as a user at a terminal would,
// reading what it writes until it ends; 30 s at most.
PtyResult run_in_pty(const std::vector<std::string>& args, const std::string& cwd) {
    int master = -1;
    winsize size{.ws_row = 33, .ws_col = 99, .ws_xpixel = 0, .ws_ypixel = 0};
    pid_t pid = forkpty(&master, nullptr, nullptr, &size);
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (chdir(cwd.c_str()) != 0) _exit(126);
        std::vector<char*> argv;
        static std::string binary = DC_BINARY;
        argv.push_back(binary.data());
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    PtyResult result;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    char buffer[4096];
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{master, POLLIN, 0};
        if (poll(&p, 1, 1000) <= 0) continue;
        ssize_t n = read(master, buffer, sizeof buffer);
        if (n <= 0) break;  // EIO once the child closed the terminal.
        result.output.append(buffer, static_cast<std::size_t>(n));
    }
    int wstatus = 0;
    if (waitpid(pid, &wstatus, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &wstatus, 0);
    }
    close(master);
    result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    return result;
}

}  // namespace

TEST_CASE("e2e exec: exit code, -e -w -u, --index, piped stdin, and a stopped service") {
    ProjectGuard project(unique_project("exec"));
    test::TempDir dir;
    dir.write("compose.yaml", kCompose);
    const std::vector<std::string> p = {"-p", project.name()};
    auto dc = [&](std::vector<std::string> args, std::vector<std::string> env = {}) {
        args.insert(args.begin(), p.begin(), p.end());
        return run_dc(args, dir.path(), env);
    };
    REQUIRE(dc({"up", "-d", "--scale", "web=2"}).status == 0);

    RunResult code = dc({"exec", "-T", "web", "sh", "-c", "exit 7"});
    CHECK(code.status == 7);

    RunResult flags = dc({"exec", "-T", "-e", "A=1", "-e", "FROM_DC", "-w", "/tmp", "-u", "nobody",
                          "web", "sh", "-c", "echo $A $FROM_DC $FROM_FILE $(pwd) $(id -un)"},
                         {"FROM_DC=shell"});
    CHECK(flags.status == 0);
    CHECK(flags.out == "1 shell file /tmp nobody\n");

    // Docker sets HOSTNAME to the container's short id.
    auto second = value_or_throw(engine().inspect_container(project.name() + "-web-2"));
    REQUIRE(second);
    RunResult index = dc({"exec", "-T", "--index", "2", "web", "sh", "-c", "echo $HOSTNAME"});
    CHECK(index.status == 0);
    CHECK(index.out == second->id.substr(0, 12) + "\n");
    RunResult beyond = dc({"exec", "-T", "--index", "3", "web", "true"});
    CHECK(beyond.status == 1);
    CHECK(beyond.err == "dc: error: service \"web\" is not running container #3\n");

    RunResult piped =
        run_dc_input({"-p", project.name(), "exec", "-T", "web", "cat"}, dir.path(), "hi\nthere\n");
    CHECK(piped.status == 0);
    CHECK(piped.out == "hi\nthere\n");

    REQUIRE(dc({"stop", "db"}).status == 0);
    RunResult stopped = dc({"exec", "-T", "db", "true"});
    CHECK(stopped.status == 1);
    CHECK(stopped.err == "dc: error: service \"db\" is not running\n");
    RunResult unknown = dc({"exec", "-T", "nope", "true"});
    CHECK(unknown.status == 1);
    CHECK(unknown.err == "dc: error: service \"nope\" is not running\n");
}

TEST_CASE("e2e exec and run: on a terminal, the command gets a TTY and its exit code comes back") {
    ProjectGuard project(unique_project("tty"));
    test::TempDir dir;
    dir.write("compose.yaml", kCompose);
    REQUIRE(run_dc({"-p", project.name(), "up", "-d", "db"}, dir.path()).status == 0);

    PtyResult exec = run_in_pty(
        {"-p", project.name(), "exec", "db", "sh", "-c", "[ -t 0 ] && echo tty-in; exit 5"},
        dir.path());
    CHECK(exec.status == 5);
    // The container's TTY writes CR LF; no prompt, nothing else.
    CHECK(exec.output == "tty-in\r\n");

    PtyResult run = run_in_pty({"-p", project.name(), "run", "--rm", "--no-deps", "db", "sh", "-c",
                                "[ -t 1 ] && echo tty-out; exit 4"},
                               dir.path());
    CHECK(run.status == 4);
    CHECK(run.output.find("tty-out\r\n") != std::string::npos);
    CHECK(oneoffs_of(project.name()).empty());
}

TEST_CASE("e2e run: dependencies first, exit code, -e, --entrypoint, --rm, piped stdin") {
    ProjectGuard project(unique_project("run"));
    test::TempDir dir;
    dir.write("compose.yaml", kCompose);
    const std::string db = project.name() + "-db-1";

    RunResult no_deps = run_dc(
        {"-p", project.name(), "run", "--rm", "--no-deps", "-T", "web", "sh", "-c", "exit 3"},
        dir.path());
    CHECK(no_deps.status == 3);
    CHECK(containers_of(project.name()).count(db) == 0);
    CHECK(oneoffs_of(project.name()).empty());

    RunResult with_deps = run_dc({"-p", project.name(), "run", "-T", "-e", "X=y", "web", "sh", "-c",
                                  "echo $X $FROM_FILE; exit 2"},
                                 dir.path());
    CHECK(with_deps.status == 2);
    CHECK(with_deps.out == "y file\n");
    CHECK(containers_of(project.name())[db] == "running");
    // Without --rm the one-off stays, exited, named as Compose names it.
    std::vector<std::string> left = oneoffs_of(project.name());
    REQUIRE(left.size() == 1);
    CHECK(left[0].starts_with(project.name() + "-web-run-"));
    CHECK(left[0].size() == project.name().size() + 9 + 12);

    RunResult entrypoint = run_dc(
        {"-p", project.name(), "run", "--rm", "-T", "--entrypoint", "echo from entrypoint", "web"},
        dir.path());
    CHECK(entrypoint.status == 0);
    CHECK(entrypoint.out == "from entrypoint\n");

    RunResult piped = run_dc_input({"-p", project.name(), "run", "--rm", "-T", "web", "cat"},
                                   dir.path(), "piped in\n");
    CHECK(piped.status == 0);
    CHECK(piped.out == "piped in\n");
    CHECK(oneoffs_of(project.name()).size() == 1);

    // As in Compose, a one-off that exited is an orphan: `down --remove-orphans` removes it.
    RunResult down = run_dc({"-p", project.name(), "down", "--remove-orphans"}, dir.path());
    CHECK(down.status == 0);
    CHECK(containers_of(project.name()).empty());
}

TEST_CASE("e2e run -d: prints the container's id and leaves it running; ps leaves it out") {
    ProjectGuard project(unique_project("rund"));
    test::TempDir dir;
    dir.write("compose.yaml", kCompose);
    RunResult detached = run_dc(
        {"-p", project.name(), "run", "-d", "--name", project.name() + "-job", "web"}, dir.path());
    REQUIRE(detached.status == 0);
    auto info = value_or_throw(engine().inspect_container(project.name() + "-job"));
    REQUIRE(info);
    CHECK(detached.out == info->id + "\n");
    CHECK(info->state.running);
    CHECK(info->labels.at(kLabelOneoff) == "True");
    CHECK(containers_of(project.name())[project.name() + "-db-1"] == "running");

    RunResult ps = run_dc({"-p", project.name(), "ps"}, dir.path());
    CHECK(ps.status == 0);
    CHECK(ps.out.find(project.name() + "-job") == std::string::npos);
    CHECK(ps.out.find(project.name() + "-db-1") != std::string::npos);
}

TEST_CASE("e2e run: Ctrl-C goes to the container, and --rm still removes it") {
    ProjectGuard project(unique_project("runint"));
    test::TempDir dir;
    dir.write("compose.yaml", kCompose);
    DcProcess run({"-p", project.name(), "run", "--rm", "-T", "--no-deps", "db", "sleep", "100"},
                  dir.path());
    REQUIRE(wait_until([&] {
        auto left = oneoffs_of(project.name());
        return !left.empty() && containers_of(project.name())[left[0]] == "running";
    }));
    run.signal(SIGINT);
    // The container's init passes SIGINT to sleep, which dies of it: 128 + 2.
    std::optional<int> status = run.wait(std::chrono::seconds(30));
    REQUIRE(status);
    CHECK(*status == 130);
    CHECK(oneoffs_of(project.name()).empty());
}

TEST_CASE("e2e run: the run service's missing image is built first; --build builds it again") {
    const std::string project = unique_project("run-build");
    ImageGuard images(project + "-tool");
    ProjectGuard guard(project);
    test::TempDir dir;
    dir.write("compose.yaml", "services:\n  tool:\n    build: tool\n");
    dir.write("tool/Dockerfile", std::string("FROM ") + kBusybox +
                                     "\nCOPY message /message\nCMD [\"cat\", \"/message\"]\n");
    dir.write("tool/message", "first\n");
    RunResult first = run_dc({"-p", project, "run", "--rm", "tool"}, dir.path());
    INFO(first.err);
    CHECK(first.status == 0);
    CHECK(first.out == "first\n");

    // Without --build the image stays as built; with it the change is built in.
    dir.write("tool/message", "second\n");
    RunResult kept = run_dc({"-p", project, "run", "--rm", "tool"}, dir.path());
    CHECK(kept.out == "first\n");
    RunResult rebuilt = run_dc({"-p", project, "run", "--rm", "--build", "tool"}, dir.path());
    INFO(rebuilt.err);
    CHECK(rebuilt.status == 0);
    CHECK(rebuilt.out == "second\n");
    CHECK(containers_of(project).empty());
}
