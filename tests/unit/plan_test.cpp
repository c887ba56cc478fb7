// The planners, compared as text: what `up`, `down` and the lifecycle commands would do against
// what a FakeEngine holds, without running anything (this is also `--dry-run`).
#include <doctest/doctest.h>

#include "core/down.h"
#include "core/error.h"
#include "core/labels.h"
#include "core/lifecycle.h"
#include "core/up.h"
#include "tests/unit/lifecycle_fixture.h"

using dc::test::FakeEngine;
using dc::test::project_of;
using dc::test::seed;

namespace {

// db (healthy, with a named and an anonymous volume), a one-shot migrate, and web after both.
const char* const kApp = R"(
services:
  db:
    image: postgres:16
    healthcheck: {test: ["CMD", "pg_isready"]}
    volumes: ["data:/var/lib/postgresql/data", "/scratch"]
  migrate:
    image: app
    depends_on: [db]
  web:
    image: nginx
    ports: ["8080:80"]
    depends_on:
      db: {condition: service_healthy}
      migrate: {condition: service_completed_successfully}
volumes:
  data: {}
)";

std::string plan_up_text(const dc::Project& project, FakeEngine& engine,
                         const dc::UpOptions& options = {}) {
    dc::ServiceGraph graph = dc::ServiceGraph::from_project(project.model);
    return dc::plan_up(project, graph, dc::observe(project, engine), options).str();
}

dc::Plan plan_up_of(const dc::Project& project, FakeEngine& engine,
                    const dc::UpOptions& options = {}) {
    dc::ServiceGraph graph = dc::ServiceGraph::from_project(project.model);
    return dc::plan_up(project, graph, dc::observe(project, engine), options);
}

// Every service of `project` as an earlier `up` left it: created from the same configuration and
// running.
void seed_all(FakeEngine& engine, const dc::Project& project) {
    engine.add_network("p_default", {{dc::kLabelProject, "p"}, {dc::kLabelNetwork, "default"}});
    for (const std::string& service : project.service_names()) seed(engine, project, service, 1);
}

std::string plan_error(const dc::Project& project, FakeEngine& engine,
                       const dc::UpOptions& options) {
    try {
        plan_up_text(project, engine, options);
    } catch (const dc::Error& error) {
        return error.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE(
    "plan: a new project creates networks and volumes, containers in dependency order, "
    "then starts each after its dependencies' conditions") {
    FakeEngine engine;
    CHECK(plan_up_text(project_of(kApp), engine) ==
          "#1 CreateNetwork p_default (not found)\n"
          "#2 CreateVolume p_data (not found)\n"
          "#3 CreateContainer p-db-1 <- #1 #2 (no container)\n"
          "#4 CreateContainer p-migrate-1 <- #1 #3 (no container)\n"
          "#5 CreateContainer p-web-1 <- #1 #3 #4 (no container)\n"
          "#6 StartContainer p-db-1 <- #3\n"
          "#7 StartContainer p-migrate-1 <- #4 #6\n"
          "#8 AwaitHealthy db <- #6\n"
          "#9 AwaitCompleted migrate <- #7\n"
          "#10 StartContainer p-web-1 <- #5 #8 #9\n");
}

TEST_CASE("plan: nothing to do when every container is up to date and running") {
    dc::Project project = project_of(kApp);
    FakeEngine engine;
    seed_all(engine, project);
    engine.add_volume("p_data", {{dc::kLabelProject, "p"}, {dc::kLabelVolume, "data"}});
    dc::Plan plan = plan_up_of(project, engine);
    CHECK(plan.str() == "");
    CHECK(plan.running == std::vector<std::string>{"p-db-1", "p-migrate-1", "p-web-1"});
    CHECK(plan.warnings.empty());
}

TEST_CASE("plan: an up-to-date container that exited is only started again") {
    dc::Project project = project_of("services:\n  web:\n    image: nginx\n");
    FakeEngine engine;
    engine.add_network("p_default", {{dc::kLabelProject, "p"}, {dc::kLabelNetwork, "default"}});
    seed(engine, project, "web", 1, "exited");
    CHECK(plan_up_text(project, engine) == "#1 StartContainer p-web-1\n");
}

TEST_CASE("plan: a changed service is recreated under a temporary name, only that one") {
    dc::Project before = project_of(kApp);
    FakeEngine engine;
    seed_all(engine, before);
    engine.add_volume("p_data", {{dc::kLabelProject, "p"}, {dc::kLabelVolume, "data"}});
    std::string app = kApp;
    app.replace(app.find("image: nginx"), 12, "image: nginx:2");
    std::string id = engine.container("p-web-1")->id.substr(0, 12);
    CHECK(plan_up_text(project_of(app), engine) ==
          "#1 CreateContainer " + id +
              "_p-web-1 (config changed)\n"
              "#2 StopContainer p-web-1 <- #1 (replaced by #1)\n"
              "#3 RemoveContainer p-web-1 <- #1 #2 (replaced by #1)\n"
              "#4 RenameContainer " +
              id +
              "_p-web-1 -> p-web-1 <- #3\n"
              "#5 AwaitHealthy db\n"
              "#6 AwaitCompleted migrate\n"
              "#7 StartContainer p-web-1 <- #4 #5 #6\n");
}

TEST_CASE(
    "plan: --force-recreate replaces the named services; their dependencies only when "
    "changed, or with --always-recreate-deps") {
    dc::Project project = project_of(
        "services:\n  db:\n    image: pg\n  web:\n    image: nginx\n"
        "    depends_on: [db]\n");
    FakeEngine engine;
    seed_all(engine, project);
    std::string db = engine.container("p-db-1")->id.substr(0, 12);
    std::string web = engine.container("p-web-1")->id.substr(0, 12);
    dc::UpOptions options{.services = {"web"}, .force_recreate = true};
    CHECK(plan_up_text(project, engine, options) ==
          "#1 CreateContainer " + web +
              "_p-web-1 (forced)\n"
              "#2 StopContainer p-web-1 <- #1 (replaced by #1)\n"
              "#3 RemoveContainer p-web-1 <- #1 #2 (replaced by #1)\n"
              "#4 RenameContainer " +
              web +
              "_p-web-1 -> p-web-1 <- #3\n"
              "#5 StartContainer p-web-1 <- #4\n");
    options.always_recreate_deps = true;
    std::string text = plan_up_text(project, engine, options);
    CHECK(text.starts_with("#1 CreateContainer " + db + "_p-db-1 (forced)\n"));
    CHECK(text.find("#5 CreateContainer " + web + "_p-web-1 <- #4 (forced)\n") !=
          std::string::npos);
}

TEST_CASE("plan: --no-recreate keeps a changed container") {
    FakeEngine engine;
    dc::Project before = project_of("services:\n  web:\n    image: nginx\n");
    seed_all(engine, before);
    dc::Project after = project_of("services:\n  web:\n    image: nginx:2\n");
    CHECK(plan_up_text(after, engine, {.no_recreate = true}) == "");
}

TEST_CASE("plan: contradictory or impossible options are errors") {
    FakeEngine engine;
    dc::Project project = project_of(
        "services:\n  web:\n    image: nginx\n"
        "    container_name: fixed\n");
    CHECK(plan_error(project, engine, {.no_recreate = true, .force_recreate = true}) ==
          "--force-recreate and --no-recreate are incompatible");
    CHECK(plan_error(project, engine, {.scale = {{"nope", 2}}}) == "no such service: nope");
    CHECK(plan_error(project, engine, {.services = {"nope"}}) == "no such service: nope");
    CHECK(plan_error(project, engine, {.scale = {{"web", 2}}}) ==
          "WARNING: The \"web\" service is using the custom container name \"fixed\". Docker "
          "requires each container to have a unique name. Remove the custom name to scale the "
          "service");
}

TEST_CASE(
    "plan: scaling up takes the numbers after the highest; down removes the highest, "
    "replaced ones first") {
    dc::Project project = project_of("services:\n  web:\n    image: nginx\n");
    FakeEngine engine;
    seed_all(engine, project);
    seed(engine, project, "web", 3);
    CHECK(plan_up_text(project, engine, {.scale = {{"web", 3}}}) ==
          "#1 CreateContainer p-web-4 (no container)\n"
          "#2 StartContainer p-web-4 <- #1\n");
    CHECK(plan_up_text(project, engine) ==
          "#1 StopContainer p-web-3 (scale down)\n"
          "#2 RemoveContainer p-web-3 <- #1 (scale down)\n");
    CHECK(plan_up_text(project, engine, {.scale = {{"web", 0}}}) ==
          "#1 StopContainer p-web-1 (scale down)\n"
          "#2 RemoveContainer p-web-1 <- #1 (scale down)\n"
          "#3 StopContainer p-web-3 (scale down)\n"
          "#4 RemoveContainer p-web-3 <- #3 (scale down)\n");

    // Number 1 is out of date: it goes first, and number 3 is kept.
    FakeEngine mixed;
    seed_all(mixed, project_of("services:\n  web:\n    image: old\n"));
    seed(mixed, project, "web", 3);
    CHECK(plan_up_text(project, mixed) ==
          "#1 StopContainer p-web-1 (scale down)\n"
          "#2 RemoveContainer p-web-1 <- #1 (scale down)\n");
}

TEST_CASE("plan: orphans are reported, and stopped and removed with --remove-orphans") {
    dc::Project project = project_of("services:\n  web:\n    image: nginx\n");
    FakeEngine engine;
    seed_all(engine, project);
    seed(engine, project_of("services:\n  old:\n    image: x\n  web:\n    image: nginx\n"), "old",
         1);
    dc::Plan plan = plan_up_of(project, engine);
    CHECK(plan.str() == "");
    REQUIRE(plan.warnings.size() == 1);
    CHECK(plan.warnings[0] ==
          "Found orphan containers ([p-old-1]) for this project. If you removed or renamed this "
          "service in your compose file, you can run this command with the --remove-orphans flag "
          "to clean it up.");
    CHECK(plan_up_text(project, engine, {.remove_orphans = true}) ==
          "#1 StopContainer p-old-1 (orphan)\n"
          "#2 RemoveContainer p-old-1 <- #1 (orphan)\n");
    CHECK(plan_up_of(project, engine, {.ignore_orphans = true}).warnings.empty());
}

TEST_CASE("plan: --no-deps leaves the dependencies alone and waits for none of them") {
    FakeEngine engine;
    CHECK(plan_up_text(project_of(kApp), engine, {.services = {"web"}, .no_deps = true}) ==
          "#1 CreateNetwork p_default (not found)\n"
          "#2 CreateContainer p-web-1 <- #1 (no container)\n"
          "#3 StartContainer p-web-1 <- #2\n");
    CHECK(plan_up_text(project_of(kApp), engine, {.services = {"migrate"}}) ==
          "#1 CreateNetwork p_default (not found)\n"
          "#2 CreateVolume p_data (not found)\n"
          "#3 CreateContainer p-db-1 <- #1 #2 (no container)\n"
          "#4 CreateContainer p-migrate-1 <- #1 #3 (no container)\n"
          "#5 StartContainer p-db-1 <- #3\n"
          "#6 StartContainer p-migrate-1 <- #4 #5\n");
}

TEST_CASE(
    "plan: --no-start creates only; --wait waits for every service, for completion of "
    "one-shot dependencies") {
    FakeEngine engine;
    dc::Project project = project_of(kApp);
    CHECK(plan_up_text(project, engine, {.no_start = true}) ==
          "#1 CreateNetwork p_default (not found)\n"
          "#2 CreateVolume p_data (not found)\n"
          "#3 CreateContainer p-db-1 <- #1 #2 (no container)\n"
          "#4 CreateContainer p-migrate-1 <- #1 #3 (no container)\n"
          "#5 CreateContainer p-web-1 <- #1 #3 #4 (no container)\n");
    dc::Plan plan =
        plan_up_of(project, engine, {.wait = true, .wait_timeout = std::chrono::seconds(30)});
    CHECK(
        plan.str().ends_with("#10 StartContainer p-web-1 <- #5 #8 #9\n"
                             "#11 AwaitRunningOrHealthy db <- #6\n"
                             "#12 AwaitRunningOrHealthy web <- #10\n"));
    CHECK(plan.action(12).timeout_message == "application not healthy after 30s");
    CHECK(plan.action(12).deadline == std::chrono::milliseconds(30000));
    CHECK(plan.action(8).timeout_message == "timeout waiting for dependencies");
}

TEST_CASE(
    "plan: a network or volume of the right name but another project is used as it is, "
    "with Compose's warning") {
    dc::Project project = project_of(
        "services:\n  web:\n    image: nginx\n"
        "    volumes: [data:/data]\nvolumes:\n  data: {}\n");
    FakeEngine engine;
    engine.add_network("p_default", {{dc::kLabelProject, "other"}});
    engine.add_volume("p_data");
    dc::Plan plan = plan_up_of(project, engine);
    CHECK(plan.str() ==
          "#1 CreateContainer p-web-1 (no container)\n"
          "#2 StartContainer p-web-1 <- #1\n");
    CHECK(plan.warnings ==
          std::vector<std::string>{"a network with name p_default exists but was not created for "
                                   "project \"p\". Set `external: true` to use an existing network",
                                   "volume \"p_data\" already exists but was not created by Docker "
                                   "Compose. Use `external: true` to use an existing volume"});
}

TEST_CASE("plan: external networks and volumes are never created, and must exist") {
    const char* yaml =
        "services:\n  web:\n    image: nginx\n    networks: [front]\n"
        "networks:\n  front: {external: true, name: shared}\n";
    FakeEngine engine;
    CHECK_THROWS_WITH(plan_up_text(project_of(yaml), engine),
                      "network shared declared as external, but could not be found");
    engine.add_network("shared");
    CHECK(plan_up_text(project_of(yaml), engine) ==
          "#1 CreateContainer p-web-1 (no container)\n"
          "#2 StartContainer p-web-1 <- #1\n");
}

TEST_CASE(
    "plan: dependents with restart: true are stopped before their dependency is recreated "
    "and started again after it") {
    const char* before =
        "services:\n  db:\n    image: pg\n  web:\n    image: nginx\n"
        "    depends_on:\n      db: {condition: service_started, restart: true}\n";
    FakeEngine engine;
    seed_all(engine, project_of(before));
    std::string after = before;
    after.replace(after.find("image: pg"), 9, "image: pg:17");
    std::string id = engine.container("p-db-1")->id.substr(0, 12);
    CHECK(plan_up_text(project_of(after), engine) ==
          "#1 StopContainer p-web-1 (dependency db being recreated)\n"
          "#2 CreateContainer " +
              id +
              "_p-db-1 <- #1 (config changed)\n"
              "#3 StopContainer p-db-1 <- #2 (replaced by #2)\n"
              "#4 RemoveContainer p-db-1 <- #2 #3 (replaced by #2)\n"
              "#5 RenameContainer " +
              id +
              "_p-db-1 -> p-db-1 <- #4\n"
              "#6 StartContainer p-db-1 <- #5\n"
              "#7 StartContainer p-web-1 <- #6\n");
}

TEST_CASE("plan: a service sharing the namespace of a recreated one is recreated too") {
    const char* before =
        "services:\n  vpn:\n    image: vpn\n  app:\n    image: app\n"
        "    network_mode: service:vpn\n";
    FakeEngine engine;
    dc::Project old = project_of(before);
    engine.add_network("p_default", {{dc::kLabelProject, "p"}, {dc::kLabelNetwork, "default"}});
    std::string vpn = seed(engine, old, "vpn", 1);
    dc::SpecOptions resolved;
    resolved.lookup.container_id = [&](const std::string&) { return vpn; };
    engine.add_container(dc::container_spec(old, "app", 1, resolved).spec);
    CHECK(plan_up_text(old, engine) == "");
    std::string after = before;
    after.replace(after.find("image: vpn"), 10, "image: vpn:2");
    std::string v = vpn.substr(0, 12);
    std::string app = engine.container("p-app-1")->id.substr(0, 12);
    CHECK(plan_up_text(project_of(after), engine) ==
          "#1 StopContainer p-app-1 (dependency vpn being recreated)\n"
          "#2 CreateContainer " +
              v +
              "_p-vpn-1 <- #1 (config changed)\n"
              "#3 StopContainer p-vpn-1 <- #2 (replaced by #2)\n"
              "#4 RemoveContainer p-vpn-1 <- #2 #3 (replaced by #2)\n"
              "#5 RenameContainer " +
              v +
              "_p-vpn-1 -> p-vpn-1 <- #4\n"
              "#6 CreateContainer " +
              app +
              "_p-app-1 <- #5 (shares a namespace with recreated vpn)\n"
              "#7 RemoveContainer p-app-1 <- #1 #6 (replaced by #6)\n"
              "#8 RenameContainer " +
              app +
              "_p-app-1 -> p-app-1 <- #7\n"
              "#9 StartContainer p-vpn-1 <- #5\n"
              "#10 StartContainer p-app-1 <- #8 #9\n");
}

TEST_CASE("plan: down removes containers dependents first, then networks; volumes only with -v") {
    dc::Project project = project_of(kApp);
    FakeEngine engine;
    seed_all(engine, project);
    engine.add_volume("p_data", {{dc::kLabelProject, "p"}, {dc::kLabelVolume, "data"}});
    dc::ServiceGraph graph = dc::ServiceGraph::from_project(project.model);
    dc::ObservedState observed = dc::observe(project, engine);
    CHECK(dc::plan_down(project, graph, observed, {}).str() ==
          "#1 StopContainer p-web-1\n"
          "#2 RemoveContainer p-web-1 <- #1\n"
          "#3 StopContainer p-migrate-1 <- #2\n"
          "#4 RemoveContainer p-migrate-1 <- #3\n"
          "#5 StopContainer p-db-1 <- #2 #4\n"
          "#6 RemoveContainer p-db-1 <- #5\n"
          "#7 RemoveNetwork p_default <- #2 #4 #6\n");
    std::string with_volumes =
        dc::plan_down(project, graph, observed, {.volumes = true, .rmi = dc::RemoveImages::All})
            .str();
    CHECK(
        with_volumes.ends_with("#7 RemoveNetwork p_default <- #2 #4 #6\n"
                               "#8 RemoveImage app <- #2 #4 #6\n"
                               "#9 RemoveImage nginx <- #2 #4 #6\n"
                               "#10 RemoveImage postgres:16 <- #2 #4 #6\n"
                               "#11 RemoveVolume p_data <- #2 #4 #6\n"));
    CHECK(dc::plan_down(project, graph, observed, {.services = {"migrate"}}).str() ==
          "#1 StopContainer p-web-1\n"
          "#2 RemoveContainer p-web-1 <- #1\n"
          "#3 StopContainer p-migrate-1 <- #2\n"
          "#4 RemoveContainer p-migrate-1 <- #3\n"
          "#5 RemoveNetwork p_default <- #2 #4\n");
}

TEST_CASE("plan: down of nothing says so") {
    dc::Project project = project_of("services:\n  web:\n    image: nginx\n");
    FakeEngine engine;
    dc::ServiceGraph graph = dc::ServiceGraph::from_project(project.model);
    dc::Plan plan = dc::plan_down(project, graph, dc::observe(project, engine), {});
    CHECK(plan.empty());
    CHECK(plan.warnings ==
          std::vector<std::string>{"Warning: No resource found to remove for project \"p\"."});
}

TEST_CASE("plan: stop goes dependents first, start dependencies first with their conditions") {
    dc::Project project = project_of(kApp);
    FakeEngine engine;
    seed_all(engine, project);
    dc::ServiceGraph graph = dc::ServiceGraph::from_project(project.model);
    dc::ObservedState observed = dc::observe(project, engine);
    using dc::LifecycleCommand;
    CHECK(dc::plan_lifecycle(LifecycleCommand::Stop, project, graph, observed, {.services = {"db"}})
              .str() ==
          "#1 StopContainer p-web-1\n"
          "#2 StopContainer p-migrate-1 <- #1\n"
          "#3 StopContainer p-db-1 <- #1 #2\n");

    FakeEngine stopped;
    seed(stopped, project, "db", 1, "exited");
    seed(stopped, project, "migrate", 1, "exited");
    seed(stopped, project, "web", 1, "exited");
    observed = dc::observe(project, stopped);
    CHECK(dc::plan_lifecycle(LifecycleCommand::Start, project, graph, observed, {}).str() ==
          "#1 StartContainer p-db-1\n"
          "#2 StartContainer p-migrate-1 <- #1\n"
          "#3 AwaitHealthy db <- #1\n"
          "#4 AwaitCompleted migrate <- #2\n"
          "#5 StartContainer p-web-1 <- #3 #4\n");
    CHECK(dc::plan_lifecycle(LifecycleCommand::Remove, project, graph, observed, {}).str() ==
          "#1 RemoveContainer p-web-1\n"
          "#2 RemoveContainer p-migrate-1 <- #1\n"
          "#3 RemoveContainer p-db-1 <- #1 #2\n");
    FakeEngine none;
    CHECK_THROWS_WITH(
        dc::plan_lifecycle(LifecycleCommand::Start, project, graph, dc::observe(project, none), {}),
        "service \"db\" has no container to start");
}

TEST_CASE("plan: a container whose image is no longer its service's image is recreated") {
    dc::Project project = project_of("services:\n  web:\n    image: app:1\n");
    FakeEngine engine;
    engine.add_network("p_default", {{dc::kLabelProject, "p"}, {dc::kLabelNetwork, "default"}});
    dc::SpecOptions made;
    made.image_id = "sha256:old";
    engine.add_container(dc::container_spec(project, "web", 1, made).spec);
    std::string id = engine.container("p-web-1")->id.substr(0, 12);
    dc::ServiceGraph graph = dc::ServiceGraph::from_project(project.model);
    dc::ObservedState observed = dc::observe(project, engine);

    observed.images = {{"app:1", "sha256:old"}};
    CHECK(dc::plan_up(project, graph, observed, {}).str() == "");
    // Unresolved (a dry run without the image): the rule does not apply.
    observed.images.clear();
    CHECK(dc::plan_up(project, graph, observed, {}).str() == "");

    // The tag now names another image: the same configuration is recreated from it.
    observed.images = {{"app:1", "sha256:new"}};
    dc::Plan plan = dc::plan_up(project, graph, observed, {});
    CHECK(plan.str() == "#1 CreateContainer " + id +
                            "_p-web-1 (image changed)\n"
                            "#2 StopContainer p-web-1 <- #1 (replaced by #1)\n"
                            "#3 RemoveContainer p-web-1 <- #1 #2 (replaced by #1)\n"
                            "#4 RenameContainer " +
                            id + "_p-web-1 -> p-web-1 <- #3\n#5 StartContainer p-web-1 <- #4\n");
    CHECK(plan.action(1).image_id == "sha256:new");
    CHECK(dc::plan_up(project, graph, observed, {.no_recreate = true}).str() == "");
}

TEST_CASE("plan: a new container carries its image's id for the image label") {
    dc::Project project = project_of("services:\n  web:\n    image: app:1\n");
    FakeEngine engine;
    dc::ServiceGraph graph = dc::ServiceGraph::from_project(project.model);
    dc::ObservedState observed = dc::observe(project, engine);
    observed.images = {{"app:1", "sha256:abc"}};
    dc::Plan plan = dc::plan_up(project, graph, observed, {});
    CHECK(plan.action(2).subject == "p-web-1");
    CHECK(plan.action(2).image_id == "sha256:abc");
}
