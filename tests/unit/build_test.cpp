// Builds against the FakeEngine: what the engine is asked for a service, which services build,
// the one-line error naming the service and the failing step, and `up`'s builds (missing images,
// --build, --no-build) with the recreation a rebuilt image brings.
#include "core/build.h"

#include <doctest/doctest.h>

#include "core/error.h"
#include "core/labels.h"
#include "core/up.h"
#include "tests/unit/lifecycle_fixture.h"

using dc::test::FakeEngine;
using dc::test::TempDir;

namespace {

// A project "p" whose compose file and build contexts live in `dir` (kept for the builds).
dc::Project load(const TempDir& dir, const std::string& yaml) {
    dir.write("compose.yaml", yaml);
    dir.write("app/Dockerfile", "FROM scratch\n");
    dir.write("app/f.txt", "data");
    dc::ProjectOptions options;
    options.working_dir = dir.path();
    options.project_name = "p";
    options.warn = [](const std::string&) {};
    return dc::load_project(options);
}

const char* kTwo = R"(services:
  app:
    build:
      context: app
      target: final
      args: {A: "1", B: "2"}
      labels: {x: "y"}
      tags: ["extra:1"]
      extra_hosts: ["h=1.2.3.4"]
      shm_size: 64m
      network: host
    depends_on: [db]
  db:
    image: pg
    build: app
  web:
    image: nginx
)";

}  // namespace

TEST_CASE("build: a service's options: tags, target, args with --build-arg on top, labels") {
    TempDir dir;
    dc::Project project = load(dir, kTwo);
    dc::BuildRequest request{.build_args = {"B=3", "C=4"}, .no_cache = true};
    dc::BuildOptions options = dc::build_options(project, "app", request);
    CHECK(options.tags == std::vector<std::string>{"p-app", "extra:1"});
    CHECK(options.target == "final");
    CHECK(options.args == std::map<std::string, std::string>{{"A", "1"}, {"B", "3"}, {"C", "4"}});
    CHECK(options.labels ==
          dc::Labels{{"com.docker.compose.image.builder", "classic"}, {"x", "y"}});
    CHECK(options.extra_hosts == std::vector<std::string>{"h:1.2.3.4"});
    CHECK(options.shm_size == 64 * 1024 * 1024);
    CHECK(options.network_mode == "host");
    CHECK(options.no_cache);
    CHECK_FALSE(options.pull);
    CHECK(dc::build_options(project, "db", {}).tags == std::vector<std::string>{"pg"});
}

TEST_CASE("build: which services build: with a build section, named, with dependencies") {
    TempDir dir;
    dc::Project project = load(dir, kTwo);
    auto graph = dc::ServiceGraph::from_project(project.model);
    CHECK(dc::services_to_build(project, graph, {}) == std::vector<std::string>{"app", "db"});
    CHECK(dc::services_to_build(project, graph, {.services = {"app"}}) ==
          std::vector<std::string>{"app"});
    CHECK(dc::services_to_build(project, graph, {.services = {"app"}, .with_dependencies = true}) ==
          std::vector<std::string>{"app", "db"});
    CHECK(dc::services_to_build(project, graph, {.services = {"web"}}).empty());
    CHECK_THROWS_WITH_AS(dc::services_to_build(project, graph, {.services = {"nope"}}),
                         "no such service: nope", dc::Error);
}

TEST_CASE("build: builds run in parallel, send the context, and report each image") {
    TempDir dir;
    dc::Project project = load(dir, kTwo);
    FakeEngine engine;
    engine.rendezvous("build_image", 2);
    dc::RecordedProgress progress;
    std::string output;
    dc::BuildRequest request{.output = [&](const std::string& service, std::string_view text) {
        output += service + ": " + std::string(text);
    }};
    auto ids = dc::build_services(project, engine, progress, {"db", "app"}, request);
    CHECK_FALSE(engine.rendezvous_missed());
    CHECK(ids.size() == 2);
    CHECK(ids.at("p-app").starts_with("sha256:built-"));
    CHECK(engine.image_names() == std::vector<std::string>{"extra:1", "p-app", "pg"});
    CHECK(engine.builds().at(0).context_bytes >= 3 * 512 + 1024);
    CHECK(dc::test::lines_of(progress, "p-app") ==
          std::vector<std::string>{"Image p-app Creating", "Image p-app Created"});
    CHECK(output.find("app: Step 1/1 : FROM scratch\n") != std::string::npos);
}

TEST_CASE("build: a failed step is one line naming the service and the step") {
    TempDir dir;
    dc::Project project = load(dir, kTwo);
    FakeEngine engine;
    engine.fail_next("build_image", "p-app",
                     {dc::FailureKind::ServerError, 0,
                      "The command '/bin/sh -c false' returned a non-zero code: 1"});
    dc::RecordedProgress progress;
    CHECK_THROWS_WITH_AS(dc::build_services(project, engine, progress, {"app"}, {.parallel = 1}),
                         "service \"app\": build failed at step \"FROM scratch\": The command "
                         "'/bin/sh -c false' returned a non-zero code: 1",
                         dc::Error);
    std::filesystem::remove(dir.path() + "/app/Dockerfile");
    CHECK_THROWS_WITH_AS(dc::build_services(project, engine, progress, {"app"}, {}),
                         "service \"app\": cannot locate specified Dockerfile: Dockerfile",
                         dc::Error);
}

TEST_CASE("build: up builds missing images, --build rebuilds and recreates, --no-build never") {
    TempDir dir;
    dc::Project project =
        load(dir, "services:\n  app:\n    build: app\n  web:\n    image: nginx\n");
    FakeEngine engine;
    engine.add_image("nginx:latest");
    engine.add_image("nginx");
    dc::RecordedProgress progress;
    dc::UpOptions options{.detach = true};
    dc::run_up(project, engine, progress, options);
    CHECK(engine.calls_of("build_image") == std::vector<std::string>{"p-app"});
    auto first = engine.container("p-app-1");
    REQUIRE(first);
    CHECK(first->spec.labels.at(dc::kLabelImage) == "sha256:built-1");

    dc::run_up(project, engine, progress, options);  // Present: nothing to build.
    CHECK(engine.calls_of("build_image").size() == 1);

    options.build = dc::UpBuild::Always;
    auto web_before = engine.container("p-web-1")->id;
    dc::run_up(project, engine, progress, options);
    CHECK(engine.calls_of("build_image").size() == 2);
    CHECK(engine.container("p-app-1")->id != first->id);  // A new image: recreated.
    CHECK(engine.container("p-web-1")->id == web_before);

    options.build = dc::UpBuild::Never;
    dc::run_up(project, engine, progress, options);
    CHECK(engine.calls_of("build_image").size() == 2);
}
