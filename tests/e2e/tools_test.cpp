// The everyday tools against the real engine: images, top, port and ls byte for byte as Docker
// Compose v2 prints them on the same project, cp both ways, events, wait, scale, stats, attach
// and version, and their one-line errors.
#include <array>
#include <csignal>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "core/labels.h"
#include "core/version.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

const char* const kStack = R"(services:
  web:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    init: true
    stop_signal: SIGKILL
    ports: ["80", "81/udp"]
  db:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    stop_signal: SIGKILL
)";

// Brings the project of `yaml` up with dc, detached.
void up(const ProjectGuard& project, const test::TempDir& dir, const std::string& yaml) {
    dir.write("compose.yaml", yaml);
    RunResult result = run_dc({"-p", project.name(), "up", "-d"}, dir.path());
    REQUIRE_MESSAGE(result.status == 0, result.err);
}

RunResult dc_in(const ProjectGuard& project, const test::TempDir& dir,
                std::vector<std::string> args) {
    args.insert(args.begin(), {"-p", project.name()});
    return run_dc(args, dir.path());
}

// top's output with its C column (recent CPU use, which changes between two runs) zeroed.
std::string without_cpu(const std::string& top) {
    std::istringstream lines(top);
    std::string out;
    std::size_t column = std::string::npos;
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("UID ", 0) == 0) column = line.find(" C ") + 1;
        if (line.rfind("UID ", 0) != 0 && column < line.size()) {
            for (std::size_t i = column; i < line.size() && line[i] != ' '; ++i) line[i] = '0';
        }
        out += line + "\n";
    }
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("e2e tools: images, top, port and ls print what Docker Compose v2 prints") {
    ProjectGuard project(unique_project("tools"));
    test::TempDir dir;
    up(project, dir, kStack);
    const std::string& p = project.name();
    for (std::string args : {"images", "images --format json", "images -q", "images web", "top",
                             "top db", "port web 80", "port --protocol udp web 81"}) {
        CAPTURE(args);
        auto [status, expected] = compose(p, dir.path(), args);
        REQUIRE(status == 0);
        std::vector<std::string> words{"-p", p};
        std::istringstream split(args);
        for (std::string word; split >> word;) words.push_back(word);
        RunResult ours = run_dc(words, dir.path());
        CHECK(ours.status == 0);
        if (args.rfind("top", 0) == 0) {
            CHECK(without_cpu(ours.out) == without_cpu(expected));
        } else {
            CHECK(ours.out == expected);
        }
    }
    for (std::string args : {"ls -a --filter name=" + p, "ls --format json --filter name=" + p,
                             "ls -q --filter name=" + p}) {
        CAPTURE(args);
        auto [status, expected] = compose(p, dir.path(), args);
        REQUIRE(status == 0);
        std::vector<std::string> words;
        std::istringstream split(args);
        for (std::string word; split >> word;) words.push_back(word);
        RunResult ours = run_dc(words, dir.path());
        CHECK(ours.status == 0);
        CHECK(ours.out == expected);
    }
    RunResult json = dc_in(project, dir, {"ls", "--format", "json", "--filter", "name=" + p});
    auto rows = nlohmann::json::parse(json.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["Status"] == "running(2)");
    CHECK(rows[0]["ConfigFiles"] == dir.path() + "/compose.yaml");
}

TEST_CASE("e2e tools: one-line errors for unknown services, ports and containers") {
    ProjectGuard project(unique_project("tools-err"));
    test::TempDir dir;
    up(project, dir, kStack);
    RunResult port = dc_in(project, dir, {"port", "web", "9999"});
    CHECK(port.status == 1);
    CHECK(port.err.find("dc: error: no port 9999/tcp for container " + project.name() +
                        "-web-1: ") == 0);
    CHECK(std::count(port.err.begin(), port.err.end(), '\n') == 1);
    for (std::vector<std::string> args : {std::vector<std::string>{"images", "nope"},
                                          {"top", "nope"},
                                          {"port", "nope", "80"},
                                          {"cp", "nope:/etc/hostname", "x"},
                                          {"wait", "nope"},
                                          {"scale", "nope=2"},
                                          {"stats", "--no-stream", "nope"},
                                          {"attach", "nope"},
                                          {"events", "nope"}}) {
        CAPTURE(args.front());
        RunResult result = dc_in(project, dir, args);
        CHECK(result.status == 1);
        CHECK(result.err == "dc: error: no such service: nope\n");
    }
    RunResult index = dc_in(project, dir, {"port", "--index", "2", "web", "80"});
    CHECK(index.status == 1);
    CHECK(index.err == "dc: error: service \"web\" is not running container #2\n");
    RunResult scale = dc_in(project, dir, {"scale", "web"});
    CHECK(scale.status != 0);
    CHECK(scale.err == "dc: error: invalid scale specifier: web\n");
    RunResult missing = dc_in(project, dir, {"cp", "web:/no/such/file", dir.path() + "/x"});
    CHECK(missing.status == 1);
    CHECK(missing.err.find("dc: error: ") != std::string::npos);
}

TEST_CASE("e2e tools: cp copies files and directories into containers and back out") {
    ProjectGuard project(unique_project("tools-cp"));
    test::TempDir dir;
    up(project, dir, kStack);
    dir.write("data/f.txt", "hello\n");
    dir.write("data/sub/g", "x\n");
    std::filesystem::create_symlink("f.txt", dir.path() + "/data/link");

    RunResult into = dc_in(project, dir, {"cp", "data", "web:/tmp/"});
    REQUIRE_MESSAGE(into.status == 0, into.err);
    CHECK(into.err.find(" " + project.name() + "-web-1 copy data to " + project.name() +
                        "-web-1:/tmp/ Copied") != std::string::npos);
    RunResult listed =
        dc_in(project, dir, {"exec", "-T", "web", "cat", "/tmp/data/f.txt", "/tmp/data/sub/g"});
    CHECK(listed.out == "hello\nx\n");
    RunResult link = dc_in(project, dir, {"exec", "-T", "web", "readlink", "/tmp/data/link"});
    CHECK(link.out == "f.txt\n");

    // A file to a new name, then the directory's contents only into an existing directory.
    REQUIRE(dc_in(project, dir, {"cp", "data/f.txt", "web:/tmp/renamed.txt"}).status == 0);
    CHECK(dc_in(project, dir, {"exec", "-T", "web", "cat", "/tmp/renamed.txt"}).out == "hello\n");
    REQUIRE(dc_in(project, dir, {"cp", "data/.", "web:/root"}).status == 0);
    CHECK(dc_in(project, dir, {"exec", "-T", "web", "cat", "/root/sub/g"}).out == "x\n");

    // Back out: the directory under a new name, a file into a directory, the archive to stdout.
    RunResult out = dc_in(project, dir, {"cp", "web:/tmp/data", dir.path() + "/back"});
    REQUIRE_MESSAGE(out.status == 0, out.err);
    CHECK(read_file(dir.path() + "/back/f.txt") == "hello\n");
    CHECK(read_file(dir.path() + "/back/sub/g") == "x\n");
    CHECK(std::filesystem::read_symlink(dir.path() + "/back/link") == "f.txt");
    std::filesystem::create_directory(dir.path() + "/into");
    REQUIRE(dc_in(project, dir, {"cp", "web:/tmp/renamed.txt", dir.path() + "/into"}).status == 0);
    CHECK(read_file(dir.path() + "/into/renamed.txt") == "hello\n");
    RunResult tar = dc_in(project, dir, {"cp", "web:/tmp/renamed.txt", "-"});
    REQUIRE(tar.status == 0);
    CHECK(tar.out.size() % 512 == 0);
    CHECK(tar.out.compare(0, 11, "renamed.txt") == 0);
    CHECK(tar.out.find("hello\n") == 512);
}

TEST_CASE("e2e tools: wait prints exit codes and exits with the last; --down-project") {
    ProjectGuard project(unique_project("tools-wait"));
    test::TempDir dir;
    up(project, dir, R"(services:
  a:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "sleep 1; exit 3"]
  b:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    stop_signal: SIGKILL
)");
    auto a = value_or_throw(engine().inspect_container(project.name() + "-a-1"));
    REQUIRE(a);
    RunResult waited = dc_in(project, dir, {"wait", "a"});
    CHECK(waited.status == 3);
    CHECK(waited.out == "container \"" + a->id + "\" exited with status code 3\n");

    RunResult usage = dc_in(project, dir, {"wait"});
    CHECK(usage.status != 0);

    REQUIRE(dc_in(project, dir, {"start", "a"}).status == 0);
    RunResult down = dc_in(project, dir, {"wait", "--down-project", "a", "b"});
    CHECK(down.out.find("container \"" + a->id + "\" exited with status code 3\n") == 0);
    CHECK(wait_until([&] {
        auto left = engine().list_containers(
            {true, {{"label", {std::string(kLabelProject) + "=" + project.name()}}}});
        return left && left->empty();
    }));
}

TEST_CASE("e2e tools: scale adds and removes replicas without recreating") {
    ProjectGuard project(unique_project("tools-scale"));
    test::TempDir dir;
    up(project, dir, kStack);
    auto first = value_or_throw(engine().inspect_container(project.name() + "-web-1"));
    REQUIRE(first);
    RunResult more = dc_in(project, dir, {"scale", "web=3"});
    REQUIRE_MESSAGE(more.status == 0, more.err);
    RunResult names = dc_in(project, dir, {"ps", "--format", "json"});
    CHECK(std::count(names.out.begin(), names.out.end(), '\n') == 4);  // web x3, db.
    auto again = value_or_throw(engine().inspect_container(project.name() + "-web-1"));
    REQUIRE(again);
    CHECK(again->id == first->id);
    REQUIRE(dc_in(project, dir, {"scale", "web=1"}).status == 0);
    names = dc_in(project, dir, {"ps", "--format", "json"});
    CHECK(std::count(names.out.begin(), names.out.end(), '\n') == 2);
}

TEST_CASE("e2e tools: stats --no-stream, as a table and as JSON") {
    ProjectGuard project(unique_project("tools-stats"));
    test::TempDir dir;
    up(project, dir, kStack);
    RunResult json = dc_in(project, dir, {"stats", "--no-stream", "--format", "json", "web"});
    REQUIRE_MESSAGE(json.status == 0, json.err);
    auto row = nlohmann::json::parse(json.out);
    CHECK(row["Name"] == project.name() + "-web-1");
    CHECK(row["PIDs"] == "2");  // docker-init and sleep.
    CHECK(row["ID"].get<std::string>().size() == 12);
    CHECK(row["MemUsage"].get<std::string>().find(" / ") != std::string::npos);
    RunResult table = dc_in(project, dir, {"stats", "--no-stream"});
    REQUIRE(table.status == 0);
    CHECK(table.out.find("CONTAINER ID   NAME ") == 0);
    CHECK(std::count(table.out.begin(), table.out.end(), '\n') == 3);
}

TEST_CASE("e2e tools: events --json streams the project's container events") {
    ProjectGuard project(unique_project("tools-events"));
    test::TempDir dir;
    up(project, dir, kStack);
    DcProcess events({"-p", project.name(), "events", "--json"}, dir.path());
    // The stream is under way once a restart shows up in it; restart until one does.
    bool seen = wait_until([&] {
        dc_in(project, dir, {"restart", "db"});
        return events.out().find("\"action\":\"restart\"") != std::string::npos;
    });
    REQUIRE_MESSAGE(seen, events.err());
    std::istringstream lines(events.out());
    std::string line;
    std::getline(lines, line);
    auto event = nlohmann::json::parse(line);
    CHECK(event["service"] == "db");
    CHECK(event["type"] == "container");
    CHECK(event["attributes"]["name"] == project.name() + "-db-1");
    CHECK(!event["attributes"].contains(kLabelProject));
    events.signal(SIGINT);
    CHECK(events.wait(std::chrono::seconds(10)) == 0);
}

TEST_CASE("e2e tools: attach streams the output and exits with the container's code") {
    ProjectGuard project(unique_project("tools-attach"));
    test::TempDir dir;
    up(project, dir, R"(services:
  ticker:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "while [ ! -f /tmp/stop ]; do echo tick; sleep 0.2; done; exit 4"]
    stop_signal: SIGKILL
  talk:
    image: dc-test/busybox:latest
    command: ["sh", "-c", "read line; echo got-$$line; exit 5"]
    stdin_open: true
)");
    DcProcess attached({"-p", project.name(), "attach", "--no-stdin", "ticker"}, dir.path());
    REQUIRE(wait_until([&] { return attached.out().find("tick\n") != std::string::npos; }));
    REQUIRE(dc_in(project, dir, {"exec", "-T", "ticker", "touch", "/tmp/stop"}).status == 0);
    CHECK(attached.wait(std::chrono::seconds(20)) == 4);

    // Standard input reaches the container. (The engine ends the output once the input has ended,
    // for docker attach too, so the answer is read from the logs.)
    RunResult fed = run_dc_input({"-p", project.name(), "attach", "talk"}, dir.path(), "hello\n");
    CHECK(fed.status == 5);
    CHECK(dc_in(project, dir, {"logs", "--no-log-prefix", "talk"}).out == "got-hello\n");
}

TEST_CASE("e2e tools: version in its three shapes") {
    test::TempDir dir;
    CHECK(run_dc({"version"}, dir.path()).out == std::string("dc version v") + kVersion + "\n");
    CHECK(run_dc({"version", "--short"}, dir.path()).out == kVersion);
    CHECK(run_dc({"version", "--format", "json"}, dir.path()).out ==
          std::string(R"({"version":"v)") + kVersion + "\"}\n");
}
