// `up`, `down` and the lifecycle commands from start to end against the FakeEngine: what exists
// afterwards, in what order the engine was asked, and what was reported.
#include <algorithm>

#include <doctest/doctest.h>

#include "core/down.h"
#include "core/error.h"
#include "core/labels.h"
#include "core/lifecycle.h"
#include "core/up.h"
#include "core/version.h"
#include "tests/unit/lifecycle_fixture.h"

using dc::test::FakeEngine;
using dc::test::line_position;
using dc::test::lines_of;
using dc::test::project_of;

namespace {

const char* const kProject = R"(
services:
  db:
    image: postgres:16
    environment: {MODE: one}
    volumes: ["data:/var/lib/postgresql/data", "/scratch"]
    networks: [default, shared]
  web:
    image: nginx
    depends_on: [db]
    volumes: ["keep:/keep"]
networks:
  shared: {external: true}
volumes:
  data: {}
  keep: {external: true}
)";

// kProject with db's configuration changed.
std::string changed_project() {
    std::string yaml = kProject;
    yaml.replace(yaml.find("MODE: one"), 9, "MODE: two");
    return yaml;
}

// An engine holding what kProject needs from outside: the external network and volume.
void add_externals(FakeEngine& engine) {
    engine.add_network("shared");
    engine.add_volume("keep");
}

std::string error_of(auto&& run) {
    try {
        run();
    } catch (const dc::Error& error) {
        return error.what();
    }
    return "no error";
}

const dc::MountInfo* mount_at(const dc::test::FakeContainer& container, const std::string& path) {
    auto it = std::find_if(container.mounts.begin(), container.mounts.end(),
                           [&](const dc::MountInfo& m) { return m.destination == path; });
    return it != container.mounts.end() ? &*it : nullptr;
}

}  // namespace

TEST_CASE(
    "up: creates networks and volumes with Compose's labels, then the containers; a second "
    "up changes nothing") {
    FakeEngine engine;
    add_externals(engine);
    dc::Project project = project_of(kProject);
    dc::RecordedProgress progress;
    dc::run_up(project, engine, progress, {});
    CHECK(engine.container_names() == std::vector<std::string>{"p-db-1", "p-web-1"});
    CHECK(engine.network_names() == std::vector<std::string>{"p_default", "shared"});
    dc::NetworkInfo network = **engine.inspect_network("p_default");
    CHECK(network.labels == dc::Labels{{dc::kLabelNetwork, "default"},
                                       {dc::kLabelProject, "p"},
                                       {dc::kLabelVersion, dc::kVersion}});
    dc::VolumeInfo volume = **engine.inspect_volume("p_data");
    CHECK(volume.labels == dc::Labels{{dc::kLabelVolume, "data"},
                                      {dc::kLabelProject, "p"},
                                      {dc::kLabelVersion, dc::kVersion}});
    CHECK(engine.position("create_network p_default") < engine.position("create_container p-db-1"));
    CHECK(engine.position("create_volume p_data") < engine.position("create_container p-db-1"));
    CHECK(engine.position("start_container p-db-1") < engine.position("start_container p-web-1"));
    CHECK(engine.calls_of("create_network") == std::vector<std::string>{"p_default"});

    std::size_t calls = engine.calls().size();
    dc::RecordedProgress again;
    CHECK(dc::run_up(project, engine, again, {}).empty());
    for (std::size_t i = calls; i < engine.calls().size(); ++i) {
        CHECK(engine.calls()[i].find("create") == std::string::npos);
    }
    // web waits only for db (a PostgreSQL image) to start: up says so each time.
    CHECK(again.lines() ==
          std::vector<std::string>{
              "Project p Warning: service \"web\": depends on \"db\" only being started, and may "
              "connect before it accepts connections: give db a healthcheck and use condition: "
              "service_healthy",
              "Container p-db-1 Running", "Container p-web-1 Running"});
}

TEST_CASE("up: a changed service is recreated in place, keeping its anonymous volumes") {
    FakeEngine engine;
    add_externals(engine);
    dc::RecordedProgress progress;
    dc::run_up(project_of(kProject), engine, progress, {});
    dc::test::FakeContainer old_db = *engine.container("p-db-1");
    std::string old_web = engine.container("p-web-1")->id;
    std::string temporary = old_db.id.substr(0, 12) + "_p-db-1";

    dc::RecordedProgress recreate;
    dc::run_up(project_of(changed_project()), engine, recreate, {});
    dc::test::FakeContainer db = *engine.container("p-db-1");
    CHECK(db.id != old_db.id);
    CHECK(db.spec.labels.at(dc::kLabelReplace) == old_db.id);
    CHECK(db.spec.labels.at(dc::kLabelContainerNumber) == "1");
    CHECK(db.status == "running");
    REQUIRE(mount_at(db, "/scratch") != nullptr);
    CHECK(mount_at(db, "/scratch")->name == mount_at(old_db, "/scratch")->name);
    CHECK(engine.container("p-web-1")->id == old_web);
    std::vector<std::string> calls = engine.calls();
    auto at = [&](const std::string& call) { return engine.position(call); };
    CHECK(at("create_container " + temporary) < at("stop_container p-db-1"));
    CHECK(at("stop_container p-db-1") < at("remove_container p-db-1"));
    CHECK(at("remove_container p-db-1") < at("rename_container " + temporary + " -> p-db-1"));
    CHECK(lines_of(recreate, "p-db-1") ==
          std::vector<std::string>{"Container p-db-1 Recreate", "Container p-db-1 Recreated",
                                   "Container p-db-1 Starting", "Container p-db-1 Started"});
    CHECK(lines_of(recreate, "p-web-1") == std::vector<std::string>{"Container p-web-1 Running"});

    // -V: the replacement gets new anonymous volumes.
    std::string kept = mount_at(db, "/scratch")->name;
    dc::run_up(project_of(kProject), engine, recreate, {.renew_anon_volumes = true});
    CHECK(mount_at(*engine.container("p-db-1"), "/scratch")->name != kept);
}

TEST_CASE("up: a name taken by a container of no project is a failure naming it") {
    FakeEngine engine;
    std::string squatter = engine.add_container({.name = "p-web-1", .image = "busybox"});
    dc::RecordedProgress progress;
    CHECK(error_of([&] {
              dc::run_up(project_of("services:\n  web:\n    image: nginx\n"), engine, progress, {});
          }) == "service \"web\": container name \"p-web-1\" is already in use by container " +
                    squatter.substr(0, 12) + ", which does not belong to project \"p\"");
    // Found before anything is created (core/up_checks.h).
    CHECK(engine.calls_of("create_container").empty());
}

TEST_CASE("up: --scale adds and removes containers") {
    FakeEngine engine;
    dc::Project project = project_of("services:\n  web:\n    image: nginx\n");
    dc::RecordedProgress progress;
    dc::run_up(project, engine, progress, {.scale = {{"web", 3}}});
    CHECK(engine.container_names() == std::vector<std::string>{"p-web-1", "p-web-2", "p-web-3"});
    dc::run_up(project, engine, progress, {.scale = {{"web", 1}}});
    CHECK(engine.container_names() == std::vector<std::string>{"p-web-1"});
    std::vector<std::string> removed = engine.calls_of("remove_container");
    std::sort(removed.begin(), removed.end());
    CHECK(removed == std::vector<std::string>{"p-web-2", "p-web-3"});
}

TEST_CASE("up: --remove-orphans removes the containers of services no longer in the project") {
    FakeEngine engine;
    dc::RecordedProgress progress;
    dc::run_up(project_of("services:\n  old:\n    image: x\n  web:\n    image: nginx\n"), engine,
               progress, {});
    dc::Project project = project_of("services:\n  web:\n    image: nginx\n");
    dc::RecordedProgress warned;
    dc::run_up(project, engine, warned, {});
    CHECK(engine.container_names() == std::vector<std::string>{"p-old-1", "p-web-1"});
    CHECK(
        warned.lines().front().starts_with("Project p Warning: Found orphan containers "
                                           "([p-old-1])"));
    dc::run_up(project, engine, progress, {.remove_orphans = true});
    CHECK(engine.container_names() == std::vector<std::string>{"p-web-1"});
}

TEST_CASE("up: --dry-run returns the plan and changes nothing") {
    FakeEngine engine;
    dc::RecordedProgress progress;
    dc::Plan plan = dc::run_up(project_of("services:\n  web:\n    image: nginx\n"), engine,
                               progress, {.dry_run = true});
    CHECK(plan.str() ==
          "#1 CreateNetwork p_default (not found)\n"
          "#2 CreateContainer p-web-1 <- #1 (no container)\n"
          "#3 StartContainer p-web-1 <- #2\n");
    CHECK(engine.container_names().empty());
    CHECK(engine.network_names().empty());
}

TEST_CASE("up --wait: waits for health, and fails with the unhealthy container") {
    const char* yaml =
        "services:\n  db:\n    image: pg\n"
        "    healthcheck: {test: [CMD, check]}\n  web:\n    image: nginx\n";
    SUBCASE("healthy") {
        FakeEngine engine;
        engine.script("p-db-1", {{"starting", "starting", "healthy"}});
        dc::RecordedProgress progress;
        dc::run_up(project_of(yaml), engine, progress, {.wait = true});
        CHECK(line_position(progress, "Container p-db-1 Healthy") >= 0);
        CHECK(line_position(progress, "Container p-web-1 Healthy") >= 0);
    }
    SUBCASE("unhealthy") {
        FakeEngine engine;
        engine.script("p-db-1", {{"starting", "unhealthy"}});
        dc::RecordedProgress progress;
        CHECK(error_of([&] { dc::run_up(project_of(yaml), engine, progress, {.wait = true}); }) ==
              "container p-db-1 is unhealthy");
    }
}

TEST_CASE("down: removes containers, then networks; named volumes only with -v; never externals") {
    FakeEngine engine;
    add_externals(engine);
    dc::Project project = project_of(kProject);
    dc::RecordedProgress progress;
    dc::run_up(project, engine, progress, {});
    std::string anonymous = mount_at(*engine.container("p-db-1"), "/scratch")->name;

    dc::RecordedProgress down;
    dc::run_down(project, engine, down, {});
    CHECK(engine.container_names().empty());
    CHECK(engine.network_names() == std::vector<std::string>{"shared"});
    std::vector<std::string> volumes = engine.volume_names();
    CHECK(std::count(volumes.begin(), volumes.end(), "p_data") == 1);
    CHECK(std::count(volumes.begin(), volumes.end(), anonymous) == 1);
    CHECK(engine.position("remove_container p-web-1") < engine.position("stop_container p-db-1"));
    CHECK(engine.position("remove_container p-db-1") < engine.position("remove_network p_default"));
    CHECK(engine.calls_of("remove_network") == std::vector<std::string>{"p_default"});

    // The first run's anonymous volume was left behind; -v removes the second run's.
    dc::run_up(project, engine, progress, {});
    std::string second = mount_at(*engine.container("p-db-1"), "/scratch")->name;
    dc::run_down(project, engine, down, {.volumes = true});
    CHECK(engine.volume_names() == std::vector<std::string>{anonymous, "keep"});
    CHECK(second != anonymous);
    CHECK(engine.calls_of("remove_volume") == std::vector<std::string>{"p_data"});
}

TEST_CASE("down: a network another container still uses is left, with a warning") {
    FakeEngine engine;
    dc::Project project = project_of("services:\n  web:\n    image: nginx\n");
    dc::RecordedProgress progress;
    dc::run_up(project, engine, progress, {});
    dc::ContainerSpec visitor{.name = "visitor", .networks = {{.network = "p_default"}}};
    engine.add_container(visitor);
    dc::RecordedProgress down;
    dc::run_down(project, engine, down, {});
    CHECK(engine.container_names() == std::vector<std::string>{"visitor"});
    CHECK(engine.network_names() == std::vector<std::string>{"p_default"});
    CHECK(line_position(down, "Network p_default Warning: Resource is still in use") >= 0);
    CHECK(line_position(down, "Network p_default Removed") == -1);
}

TEST_CASE("lifecycle: stop, start, restart, pause, unpause, kill and rm in dependency order") {
    FakeEngine engine;
    dc::Project project = project_of(
        "services:\n  db:\n    image: pg\n  web:\n    image: nginx\n"
        "    depends_on: [db]\n");
    dc::RecordedProgress progress;
    dc::run_up(project, engine, progress, {});
    using dc::LifecycleCommand;
    auto run = [&](LifecycleCommand command, dc::LifecycleOptions options = {}) {
        std::size_t before = engine.calls().size();
        dc::run_lifecycle(command, project, engine, progress, options);
        std::vector<std::string> calls = engine.calls();
        std::vector<std::string> out;
        for (std::size_t i = before; i < calls.size(); ++i) {
            if (!calls[i].starts_with("list_") && !calls[i].starts_with("inspect_")) {
                out.push_back(calls[i]);
            }
        }
        return out;
    };
    CHECK(run(LifecycleCommand::Stop) ==
          std::vector<std::string>{"stop_container p-web-1", "stop_container p-db-1"});
    CHECK(run(LifecycleCommand::Start) ==
          std::vector<std::string>{"start_container p-db-1", "start_container p-web-1"});
    CHECK(run(LifecycleCommand::Restart, {.services = {"web"}}) ==
          std::vector<std::string>{"restart_container p-web-1"});
    CHECK(run(LifecycleCommand::Pause) ==
          std::vector<std::string>{"pause_container p-web-1", "pause_container p-db-1"});
    CHECK(run(LifecycleCommand::Unpause) ==
          std::vector<std::string>{"unpause_container p-db-1", "unpause_container p-web-1"});
    CHECK(run(LifecycleCommand::Kill, {.services = {"web"}}) ==
          std::vector<std::string>{"kill_container p-web-1"});
    CHECK(engine.container("p-web-1")->exit_code == 137);
    CHECK(run(LifecycleCommand::Remove) == std::vector<std::string>{"remove_container p-web-1"});
    CHECK(run(LifecycleCommand::Remove, {.stop_first = true}) ==
          std::vector<std::string>{"stop_container p-db-1", "remove_container p-db-1"});
    CHECK(engine.container_names().empty());
}
