// `dc watch` against the real engine: a sync rule copies a written file into the running
// container, copies its change and removes it once deleted; a rebuild rule rebuilds the image and
// recreates the container; Ctrl-C ends watching with Compose's exit status 130.
#include <csignal>

#include <doctest/doctest.h>

#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

const char* const kCompose = R"(services:
  web:
    build: ./ctx
    command: ["sleep", "300"]
    init: true
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
        - path: ./ctx/f.txt
          action: rebuild
)";

void write_project(const test::TempDir& dir) {
    dir.write("compose.yaml", kCompose);
    dir.write("ctx/Dockerfile", std::string("FROM ") + kBusybox + "\nCOPY f.txt /f.txt\n");
    dir.write("ctx/f.txt", "one\n");
    dir.write("src/.keep", "");
}

// What `cat path` prints in the web container, or "<status>" when it fails.
std::string cat_in_web(const std::string& project, const test::TempDir& dir,
                       const std::string& path) {
    RunResult r = run_dc({"-p", project, "exec", "-T", "web", "cat", path}, dir.path());
    return r.status == 0 ? r.out : "<" + std::to_string(r.status) + ">";
}

// Waits until `cat path` in the container prints `text` (or fails, for "<1>").
bool await_content(const std::string& project, const test::TempDir& dir, const std::string& path,
                   const std::string& text) {
    return wait_until([&] { return cat_in_web(project, dir, path) == text; },
                      std::chrono::seconds(30));
}

// Waits until `dc watch` has brought the project up and watches.
void await_watching(const DcProcess& watch) {
    REQUIRE_MESSAGE(
        wait_until([&] { return watch.out().find("Watch enabled") != std::string::npos; },
                   std::chrono::seconds(60)),
        watch.err());
}

// Stops `dc watch` as Ctrl-C does and checks that it ends as Compose's does.
void interrupt(DcProcess& watch) {
    watch.signal(SIGINT);
    std::optional<int> status = watch.wait(std::chrono::seconds(10));
    REQUIRE(status.has_value());
    CHECK(*status == 130);
    CHECK(watch.err().find("canceled") != std::string::npos);
}

}  // namespace

TEST_CASE("watch: sync copies new, changed and deleted files into the container") {
    test::TempDir dir;
    write_project(dir);
    std::string project = unique_project("watch-sync");
    ImageGuard image(project + "-web");
    ProjectGuard guard(project);
    DcProcess watch({"-p", project, "watch"}, dir.path());
    await_watching(watch);
    dir.write("src/f", "first\n");
    CHECK_MESSAGE(await_content(project, dir, "/app/f", "first\n"), watch.out(), watch.err());
    dir.write("src/f", "second\n");
    CHECK_MESSAGE(await_content(project, dir, "/app/f", "second\n"), watch.out(), watch.err());
    dir.write("src/sub/g", "nested\n");
    CHECK_MESSAGE(await_content(project, dir, "/app/sub/g", "nested\n"), watch.out());
    std::filesystem::remove(dir.path() + "/src/f");
    CHECK_MESSAGE(await_content(project, dir, "/app/f", "<1>"), watch.out(), watch.err());
    CHECK(watch.out().find("Syncing service \"web\" after ") != std::string::npos);
    interrupt(watch);
}

TEST_CASE("watch: rebuild builds the image again and recreates the container") {
    test::TempDir dir;
    write_project(dir);
    std::string project = unique_project("watch-rebuild");
    ImageGuard image(project + "-web");
    ProjectGuard guard(project);
    DcProcess watch({"-p", project, "watch", "--quiet"}, dir.path());
    await_watching(watch);
    CHECK(cat_in_web(project, dir, "/f.txt") == "one\n");
    dir.write("ctx/f.txt", "two\n");
    CHECK_MESSAGE(await_content(project, dir, "/f.txt", "two\n"), watch.out(), watch.err());
    std::string out = watch.out();
    CHECK(out.find("Rebuilding service \"web\" after changes were detected...\n") !=
          std::string::npos);
    CHECK(out.find("service \"web\" successfully built\n") != std::string::npos);
    interrupt(watch);
}

TEST_CASE("watch: a project without develop.watch is refused with Compose's message") {
    test::TempDir dir;
    dir.write("compose.yaml", std::string("services:\n  web:\n    image: ") + kBusybox + "\n");
    std::string project = unique_project("watch-none");
    ProjectGuard guard(project);
    RunResult r = run_dc({"-p", project, "watch", "--no-up"}, dir.path());
    CHECK(r.status == 1);
    CHECK(r.err ==
          "dc: error: none of the selected services is configured for watch, consider setting an "
          "'develop' section\n");
}
