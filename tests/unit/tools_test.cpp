// The everyday tools' formatting and parsing: Go's tabwriter and size units as the docker CLI
// and Compose print them, stats rows, event lines, scale arguments, ls and top over the fake
// engine, and the tar writer and extractor that `cp` streams through.
#include "core/tools.h"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "core/error.h"
#include "core/labels.h"
#include "core/tar.h"
#include "core/version.h"
#include "tests/unit/lifecycle_fixture.h"

using dc::test::FakeEngine;
using dc::test::project_of;

namespace {

const char* const kProject = R"(
services:
  db:
    image: postgres:16
    command: ["postgres"]
  web:
    image: nginx
    command: ["sleep", "300"]
)";

std::string error_of(auto&& run) {
    try {
        run();
    } catch (const dc::Error& error) {
        return error.what();
    }
    return "no error";
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs `body` with the local time zone UTC, as the reference outputs were taken.
template <typename F>
void in_utc(F body) {
    const char* old = std::getenv("TZ");
    std::string saved = old ? old : "";
    setenv("TZ", "UTC", 1);
    tzset();
    body();
    if (old) {
        setenv("TZ", saved.c_str(), 1);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

}  // namespace

TEST_CASE("tools: tabwrite pads as Go's tabwriter, with a minimum width and unended last cells") {
    CHECK(dc::tabwrite("CONTAINER\tREPOSITORY\tSIZE\nb2ref-web-1\tdc-test/busybox\t1.98MB\n", 20,
                       3) ==
          "CONTAINER           REPOSITORY          SIZE\n"
          "b2ref-web-1         dc-test/busybox     1.98MB\n");
    // top's rows end every cell with a tab, so its last column is padded and the header's is not.
    CHECK(dc::tabwrite("UID\tPID\tCMD\nroot\t1\tsleep 300\t\nroot\t22\tsh\t\n", 5, 3) ==
          "UID    PID   CMD\n"
          "root   1     sleep 300   \n"
          "root   22    sh          \n");
    CHECK(dc::tabwrite("", 5, 3).empty());
}

TEST_CASE("tools: sizes in Go's units, binary with four digits and decimal with three") {
    CHECK(dc::bytes_size(444 * 1024.0) == "444KiB");
    CHECK(dc::bytes_size(25275478016.0) == "23.54GiB");
    CHECK(dc::bytes_size(0) == "0B");
    CHECK(dc::human_size(1250) == "1.25kB");
    CHECK(dc::human_size(0) == "0B");
    CHECK(dc::human_size(1984348) == "1.98MB");
    CHECK(dc::human_size(999) == "999B");
}

TEST_CASE("tools: a stats row as the docker CLI computes it, as a table and as JSON") {
    FakeEngine engine;
    dc::ContainerSpec spec{.name = "p-web-1", .image = "nginx"};
    std::string id = engine.add_container(spec, "running");
    dc::StatsSample sample;
    REQUIRE(engine.container_stats(id, dc::StatsMode::Once,
                                   [&](const dc::StatsSample& s) {
                                       sample = s;
                                       return dc::Flow::Stop;
                                   },
                                   {}));
    dc::StatsRow row = dc::stats_row("0b94d11e8877", "p-web-1", sample);
    CHECK(row.cpu == "25.00%");
    CHECK(row.memory == "1MiB / 4MiB");
    CHECK(row.memory_percent == "25.00%");
    CHECK(row.net_io == "1.25kB / 2MB");
    CHECK(row.block_io == "4.1kB / 0B");
    CHECK(row.pids == "2");
    CHECK(dc::stats_table({row}) ==
          "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O        "
          "BLOCK I/O    PIDS\n"
          "0b94d11e8877   p-web-1   25.00%    1MiB / 4MiB         25.00%    1.25kB / 2MB   "
          "4.1kB / 0B   2\n");
    CHECK(dc::stats_json(row) ==
          R"({"BlockIO":"4.1kB / 0B","CPUPerc":"25.00%","Container":"0b94d11e8877",)"
          R"("ID":"0b94d11e8877","MemPerc":"25.00%","MemUsage":"1MiB / 4MiB","Name":"p-web-1",)"
          R"("NetIO":"1.25kB / 2MB","PIDs":"2"})"
          "\n");
    // A stopped container reports zeros, and no division by its zero limit.
    dc::StatsRow stopped = dc::stats_row("x", "p-db-1", dc::StatsSample{});
    CHECK(stopped.memory == "0B / 0B");
    CHECK(stopped.memory_percent == "0.00%");
    CHECK(stopped.cpu == "0.00%");
}

TEST_CASE("tools: an event as Compose prints it, without Compose's labels") {
    dc::Event event;
    event.type = "container";
    event.action = "die";
    event.actor_id = "5baa0ee63974";
    event.time_nano = 1795624440500508408;  // 2026-11-25 16:34:00.500508408 UTC
    event.attributes = {{"com.docker.compose.service", "db"},
                        {"com.docker.compose.project", "p"},
                        {"exitCode", "3"},
                        {"image", "busybox"},
                        {"name", "p-db-1"}};
    in_utc([&] {
        CHECK(dc::event_text(event) ==
              "2026-11-25 16:34:00.500508 container die 5baa0ee63974 (exitCode=3, "
              "image=busybox, name=p-db-1)\n\n");
        CHECK(dc::event_json(event) ==
              R"({"action":"die","attributes":{"exitCode":"3","image":"busybox","name":"p-db-1"},)"
              R"("id":"5baa0ee63974","service":"db","time":"2026-11-25T16:34:00.500508408Z",)"
              R"("type":"container"})"
              "\n");
    });
}

TEST_CASE("tools: scale is up -d --no-recreate for the named services") {
    dc::Project project = project_of(kProject);
    dc::UpOptions options = dc::scale_options(project, {"web=3", "db=0"}, true);
    CHECK(options.scale == std::map<std::string, int>{{"db", 0}, {"web", 3}});
    CHECK(options.services == std::vector<std::string>{"web", "db"});
    CHECK(options.detach);
    CHECK(options.no_recreate);
    CHECK(options.no_deps);
    CHECK(error_of([&] { dc::scale_options(project, {"web"}, false); }) ==
          "invalid scale specifier: web");
    CHECK(error_of([&] { dc::scale_options(project, {"web=x"}, false); }) ==
          "invalid scale specifier: web=x");
    CHECK(error_of([&] { dc::scale_options(project, {"nope=2"}, false); }) ==
          "no such service: nope");
}

TEST_CASE("tools: ls groups the engine's containers by project, with states and files") {
    FakeEngine engine;
    auto add = [&](const std::string& name, const std::string& project, const std::string& state,
                   const std::string& files) {
        dc::ContainerSpec spec{.name = name, .image = "nginx"};
        spec.labels = {{dc::kLabelProject, project}, {dc::kLabelConfigFiles, files}};
        engine.add_container(spec, state);
    };
    add("b-web-1", "b", "running", "/b/compose.yaml");
    add("b-db-1", "b", "exited", "/b/compose.yaml,/b/override.yaml");
    add("a-web-1", "a", "running", "/a/compose.yaml");
    add("c-web-1", "c", "exited", "/c/compose.yaml");
    std::ostringstream table;
    dc::run_ls(engine, {.all = true}, table);
    CHECK(table.str() ==
          "NAME                STATUS                  CONFIG FILES\n"
          "a                   running(1)              /a/compose.yaml\n"
          "b                   exited(1), running(1)   /b/compose.yaml,/b/override.yaml\n"
          "c                   exited(1)               /c/compose.yaml\n");
    std::ostringstream json;
    dc::run_ls(engine, {.format = dc::ToolFormat::Json, .filters = {"name=^a"}}, json);
    CHECK(json.str() == R"j([{"Name":"a","Status":"running(1)","ConfigFiles":"/a/compose.yaml"}])j"
                        "\n");
    std::ostringstream quiet;
    dc::run_ls(engine, {.quiet = true}, quiet);
    CHECK(quiet.str() == "a\nb\n");
    CHECK(error_of([&] { dc::run_ls(engine, {.filters = {"foo=bar"}}, quiet); }) ==
          "invalid filter 'foo'");
}

TEST_CASE("tools: top prints each running container's processes, unknown services refused") {
    dc::Project project = project_of(kProject);
    FakeEngine engine;
    dc::test::seed(engine, project, "web", 1, "running");
    dc::test::seed(engine, project, "db", 1, "exited");
    std::ostringstream out;
    dc::run_top(project, engine, {}, out);
    CHECK(out.str() ==
          "p-web-1\n"
          "UID    PID   CMD\n"
          "root   100   sleep 300   \n"
          "\n");
    CHECK(error_of([&] { dc::run_top(project, engine, {"nope"}, out); }) ==
          "no such service: nope");
}

TEST_CASE("tools: version in Compose's three shapes") {
    std::ostringstream pretty, json, short_form;
    dc::print_version(dc::ToolFormat::Table, false, pretty);
    dc::print_version(dc::ToolFormat::Json, false, json);
    dc::print_version(dc::ToolFormat::Json, true, short_form);
    CHECK(pretty.str() == std::string("dc version v") + dc::kVersion + "\n");
    CHECK(json.str() == std::string(R"({"version":"v)") + dc::kVersion + "\"}\n");
    CHECK(short_form.str() == dc::kVersion);
}

TEST_CASE("tools: a tree goes through the tar writer and extractor renamed at its root") {
    dc::test::TempDir source;
    source.write("d/f.txt", "hello\n");
    source.write("d/sub/g", "x\n");
    std::string long_name(120, 'n');
    source.write("d/" + long_name, "long\n");
    std::filesystem::create_symlink("f.txt", std::filesystem::path(source.path()) / "d/link");
    dc::TarSource tar(std::filesystem::path(source.path()) / "d", "copy", dc::Ownership::Root,
                      dc::FollowLink::No);
    CHECK(tar.is_directory());
    dc::ByteSource bytes = tar.byte_source();
    std::string archive;
    char buffer[700];  // Not a multiple of 512, so pieces straddle blocks.
    while (auto n = bytes.read(buffer, sizeof buffer)) {
        if (*n == 0) break;
        archive.append(buffer, *n);
    }
    CHECK(archive.size() % 512 == 0);

    dc::test::TempDir target;
    dc::TarExtractor extractor(target.path(), "renamed", dc::Ownership::Root);
    for (std::size_t at = 0; at < archive.size(); at += 333) {
        extractor.feed(std::string_view(archive).substr(at, 333));
    }
    extractor.finish();
    std::filesystem::path out = std::filesystem::path(target.path()) / "renamed";
    CHECK(read_file(out / "f.txt") == "hello\n");
    CHECK(read_file(out / "sub/g") == "x\n");
    CHECK(read_file(out / long_name) == "long\n");
    CHECK(std::filesystem::read_symlink(out / "link") == "f.txt");

    // "." as the root name unpacks the contents only.
    dc::test::TempDir contents;
    dc::TarExtractor flat(contents.path(), ".", dc::Ownership::Root);
    flat.feed(archive);
    flat.finish();
    CHECK(read_file(std::filesystem::path(contents.path()) / "f.txt") == "hello\n");
}

TEST_CASE("tools: the extractor refuses names that leave its directory, and cut archives") {
    dc::TarEntry evil{.name = "../escape", .type = '0', .size = 0};
    dc::test::TempDir target;
    dc::TarExtractor extractor(target.path(), "", dc::Ownership::Root);
    CHECK(error_of([&] { extractor.feed(dc::tar_header(evil)); }) ==
          "cp: refusing the archive entry \"../escape\"");
    dc::TarEntry file{.name = "f", .type = '0', .size = 10};
    dc::TarExtractor cut(target.path(), "", dc::Ownership::Root);
    cut.feed(dc::tar_header(file) + "abc");
    CHECK(error_of([&] { cut.finish(); }) == "cp: the archive ended in the middle of an entry");
}
