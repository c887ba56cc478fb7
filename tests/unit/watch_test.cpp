// `dc watch`: which services are watched, how a batch of changed paths maps to copies, deletions,
// restarts and rebuilds, the inotify watcher on a real directory, and a batch's engine calls.
#include "core/watch.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include <doctest/doctest.h>

#include "core/error.h"
#include "core/file_watch.h"
#include "core/watch_actions.h"
#include "tests/unit/lifecycle_fixture.h"

namespace fs = std::filesystem;

namespace dc {
namespace {

using test::TempDir;

constexpr const char* kWatched = R"(services:
  web:
    build: ./ctx
    command: ["sleep", "300"]
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
          ignore: ["*.tmp", "cache/"]
        - path: ./conf
          action: sync+restart
          target: /etc/web
        - path: ./ctx/requirements.txt
          action: rebuild
  db:
    image: busybox
)";

bool always(const std::string&) {
    return true;
}

// The project "p" of `yaml` in `dir`, loaded as test::project_in does it; built here because g++
// 12 at -O2 warns falsely (-Wrestrict) about that helper's name assignment inlined in this file.
Project load_in(const TempDir& dir, const std::string& yaml) {
    dir.write("compose.yaml", yaml);
    ProjectOptions options;
    options.working_dir = dir.path();
    options.project_name = std::string(1, 'p');
    options.warn = [](const std::string&) {};
    return load_project(options);
}

ServiceWatch web_watch(const TempDir& dir) {
    dir.write("ctx/.dockerignore", "src/secret\n");
    dir.write("ctx/Dockerfile", "FROM busybox\n");
    Project project = load_in(dir, kWatched);
    std::vector<ServiceWatch> watched = watch_config(project, {});
    REQUIRE(watched.size() == 1);
    return watched[0];
}

std::string error_of(const Project& project, const std::vector<std::string>& services) {
    try {
        watch_config(project, services);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST_CASE("watch: the services with develop.watch and a build section are watched") {
    TempDir dir;
    ServiceWatch w = web_watch(dir);
    CHECK(w.service == "web");
    CHECK(w.context == dir.path() + "/ctx");
    REQUIRE(w.rules.size() == 3);
    CHECK(w.rules[0].path == dir.path() + "/src");
    CHECK(w.rules[0].action == WatchAction::Sync);
    CHECK(w.rules[0].target == "/app");
    CHECK(w.rules[1].action == WatchAction::SyncRestart);
    CHECK(w.rules[2].action == WatchAction::Rebuild);
}

TEST_CASE("watch: Compose's errors when nothing can be watched") {
    TempDir dir;
    Project none = load_in(dir, "services:\n  db:\n    image: busybox\n");
    CHECK(error_of(none, {}) ==
          "none of the selected services is configured for watch, consider setting an 'develop' "
          "section");
    TempDir dir2;
    Project no_build = load_in(dir2, R"(services:
  web:
    image: busybox
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
)");
    CHECK(error_of(no_build, {}) ==
          "none of the selected services is configured for watch, consider setting an 'develop' "
          "section");
    CHECK(error_of(no_build, {"web"}) == "can't watch service \"web\" without a build context");
    TempDir dir3;
    Project rebuild = load_in(dir3, R"(services:
  web:
    image: busybox
    develop:
      watch:
        - path: ./src
          action: rebuild
)");
    CHECK(error_of(rebuild, {}) ==
          "can't watch service \"web\" with action rebuild without a build context");
    CHECK(error_of(none, {"nope"}) == "no such service: nope");
}

TEST_CASE("watch: sync changes map to the target, deletions to rm") {
    TempDir dir;
    ServiceWatch w = web_watch(dir);
    std::string src = dir.path() + "/src";
    auto exists = [&](const std::string& path) { return path != src + "/gone.txt"; };
    WatchBatch batch =
        plan_batch(w, {src + "/a.txt", src + "/sub/b.js", src + "/gone.txt", src}, exists);
    CHECK_FALSE(batch.rebuild);
    CHECK_FALSE(batch.restart);
    CHECK(batch.changes == 4);
    CHECK(batch.copies == std::vector<SyncCopy>{{src + "/a.txt", "/app/a.txt"},
                                                {src + "/sub/b.js", "/app/sub/b.js"},
                                                {src, "/app"}});
    CHECK(batch.deletes == std::vector<std::string>{"/app/gone.txt"});
}

TEST_CASE("watch: ignore patterns, .dockerignore, editor files and .git are left out") {
    TempDir dir;
    ServiceWatch w = web_watch(dir);
    std::string src = dir.path() + "/src";
    WatchBatch batch = plan_batch(w,
                                  {src + "/x.tmp", src + "/cache/y", src + "/.a.swp", src + "/b~",
                                   src + "/4913", src + "/.git/HEAD", src + "/#c#", src + "/ok"},
                                  always);
    CHECK(batch.changes == 1);
    CHECK(batch.copies == std::vector<SyncCopy>{{src + "/ok", "/app/ok"}});
    // The .dockerignore is relative to the build context: ctx/src/secret, not src/secret.
    CHECK(plan_batch(w, {dir.path() + "/ctx/src/secret"}, always).changes == 0);
    CHECK(plan_batch(w, {src + "/secret"}, always).changes == 1);
    CHECK(plan_batch(w, {dir.path() + "/elsewhere/f"}, always).changes == 0);
}

TEST_CASE("watch: sync+restart restarts, rebuild wins over syncs") {
    TempDir dir;
    ServiceWatch w = web_watch(dir);
    WatchBatch restart = plan_batch(w, {dir.path() + "/conf/web.ini"}, always);
    CHECK(restart.restart);
    CHECK(restart.copies ==
          std::vector<SyncCopy>{{dir.path() + "/conf/web.ini", "/etc/web/web.ini"}});
    WatchBatch rebuild =
        plan_batch(w, {dir.path() + "/src/a", dir.path() + "/ctx/requirements.txt"}, always);
    CHECK(rebuild.rebuild);
    CHECK(rebuild.changes == 2);
}

// Waits until the watcher reported every path of `wanted`, or 10 s passed.
std::set<std::string> await_paths(FileWatcher& watcher, const std::set<std::string>& wanted) {
    std::set<std::string> seen;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        for (const std::string& p : watcher.wait(std::chrono::milliseconds(100))) seen.insert(p);
        if (std::includes(seen.begin(), seen.end(), wanted.begin(), wanted.end())) break;
    }
    return seen;
}

bool contains_all(const std::set<std::string>& seen, const std::set<std::string>& wanted) {
    return std::includes(seen.begin(), seen.end(), wanted.begin(), wanted.end());
}

TEST_CASE("watch: inotify sees creations, changes, deletions and new subdirectories") {
    TempDir dir;
    std::string root = dir.path() + "/src";
    fs::create_directories(root);
    FileWatcher watcher({root, dir.path() + "/later"});
    std::string file = dir.write("src/a.txt", "one");
    CHECK(contains_all(await_paths(watcher, {file}), {file}));
    dir.write("src/a.txt", "two");
    CHECK(contains_all(await_paths(watcher, {file}), {file}));
    fs::remove(file);
    CHECK(contains_all(await_paths(watcher, {file}), {file}));
    // A new subdirectory is watched too: a file created in it later is seen.
    fs::create_directories(root + "/sub/deep");
    std::string deep = root + "/sub/deep";
    CHECK(contains_all(await_paths(watcher, {root + "/sub", deep}), {root + "/sub", deep}));
    std::string nested = dir.write("src/sub/deep/n.txt", "n");
    CHECK(contains_all(await_paths(watcher, {nested}), {nested}));
    // A root that did not exist is seen once it appears; paths outside every root are not.
    std::string later = dir.write("later/l.txt", "l");
    dir.write("other.txt", "o");
    std::set<std::string> seen = await_paths(watcher, {later});
    CHECK(contains_all(seen, {later}));
    CHECK(seen.count(dir.path() + "/other.txt") == 0);
}

TEST_CASE("watch: a sync batch removes deleted paths with rm -rf, then restarts") {
    TempDir dir;
    dir.write("ctx/Dockerfile", "FROM busybox\n");
    Project project = load_in(dir, kWatched);
    test::FakeEngine engine;
    test::seed(engine, project, "web", 1);
    test::seed(engine, project, "web", 2);
    test::seed(engine, project, "db", 1);
    WatchBatch batch;
    batch.restart = true;
    batch.changes = 2;
    batch.deletes = {"/app/a", "/etc/web/b"};
    sync_batch(project, engine, "web", batch);
    std::vector<ExecSpec> execs = engine.exec_specs();
    REQUIRE(execs.size() == 2);
    CHECK(execs[0].cmd == std::vector<std::string>{"rm", "-rf", "/app/a", "/etc/web/b"});
    CHECK(engine.calls_of("create_exec") == std::vector<std::string>{"p-web-1", "p-web-2"});
    CHECK(engine.calls_of("restart_container") == std::vector<std::string>{"p-web-1", "p-web-2"});
}

TEST_CASE("watch: a sync batch copies each changed file to its target in every container") {
    TempDir dir;
    dir.write("ctx/Dockerfile", "FROM busybox\n");
    const std::string file = dir.write("src/f.txt", "new content\n");
    Project project = load_in(dir, kWatched);
    test::FakeEngine engine;
    test::seed(engine, project, "web", 1);
    test::seed(engine, project, "web", 2);
    WatchBatch batch;
    batch.changes = 1;
    batch.copies = {{.host_path = file, .container_path = "/app/sub/f.txt"}};
    sync_batch(project, engine, "web", batch);
    std::vector<test::FakeEngine::FakeArchive> archives = engine.archives();
    REQUIRE(archives.size() == 2);
    for (const auto& archive : archives) {
        CHECK(archive.path == "/");
        CHECK(archive.entries ==
              std::map<std::string, std::string>{{"app/sub/f.txt", "new content\n"}});
    }
    CHECK(archives[0].container == "p-web-1");
    CHECK(archives[1].container == "p-web-2");
    CHECK(engine.calls_of("restart_container").empty());
}

}  // namespace
}  // namespace dc
