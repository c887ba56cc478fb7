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

namespace {

// A project whose service "ok" builds plainly and "app" with `field` (line 7) in its section.
dc::Project load_with(const TempDir& dir, const std::string& field) {
    return load(
        dir, "services:\n  ok:\n    build: app\n  app:\n    build:\n      context: app\n" + field);
}

const std::string kClassic = "needs BuildKit; dc builds with the engine's classic builder, which ";

}  // namespace

TEST_CASE("build: BuildKit-only fields are refused before any build, naming file, line, field") {
    const std::pair<std::string, std::string> cases[] = {
        {"      ssh: [default]\n", "build.ssh " + kClassic + "has no SSH forwarding"},
        {"      secrets: [tok]\nsecrets:\n  tok:\n    file: ./tok.txt\n",
         "build.secrets " + kClassic + "has no build secrets"},
        {"      additional_contexts:\n        base: ../base\n",
         "build.additional_contexts " + kClassic + "has no additional build contexts"},
        {"      privileged: true\n", "build.privileged " + kClassic + "has no privileged builds"},
    };
    for (const auto& [field, message] : cases) {
        CAPTURE(field);
        TempDir dir;
        dc::Project project = load_with(dir, field);  // Valid compose: `dc config` prints it.
        FakeEngine engine;
        dc::RecordedProgress progress;
        CHECK_THROWS_WITH_AS(
            dc::build_services(project, engine, progress, {"ok", "app"}, {.parallel = 1}),
            ("compose.yaml:7:7: service \"app\": " + message).c_str(), dc::Error);
        CHECK(engine.calls_of("build_image").empty());
        CHECK(progress.events().empty());
    }
    TempDir dir;
    dc::Project project = load_with(dir, "      privileged: false\n");
    FakeEngine engine;
    dc::RecordedProgress progress;
    dc::build_services(project, engine, progress, {"ok", "app"}, {});
    CHECK(engine.calls_of("build_image").size() == 2);
}

TEST_CASE("build: dc build refuses several platforms; up builds the containers' platform") {
    TempDir dir;
    dc::Project project = load(dir,
                               "services:\n  app:\n    build:\n      context: app\n"
                               "      platforms: [linux/amd64, linux/arm64]\n");
    FakeEngine engine;
    dc::RecordedProgress progress;
    dc::BuildRequest build{.platforms = dc::BuildPlatforms::AsDeclared};
    try {
        dc::build_services(project, engine, progress, {"app"}, build);
        FAIL("no error");
    } catch (const dc::Error& e) {
        CHECK(e.kind() == dc::ErrorKind::Failure);  // Exit 1, as Compose.
        CHECK(std::string(e.what()) ==
              "compose.yaml:5:7: service \"app\": build.platforms lists 2 platforms, which " +
                  kClassic + "builds one platform at a time");
    }
    CHECK(engine.calls_of("build_image").empty());

    // For containers, the engine's own platform unless the service names one.
    dc::build_services(project, engine, progress, {"app"}, {});
    project.environment["DOCKER_DEFAULT_PLATFORM"] = "linux/arm64";
    dc::build_services(project, engine, progress, {"app"}, {});
    REQUIRE(engine.builds().size() == 2);
    CHECK(engine.builds().at(0).options.platform.empty());
    CHECK(engine.builds().at(1).options.platform == "linux/arm64");
    project.environment["DOCKER_DEFAULT_PLATFORM"] = "linux/s390x";
    CHECK_THROWS_WITH_AS(dc::build_services(project, engine, progress, {"app"}, {}),
                         "compose.yaml:5:7: service \"app\": build.platforms does not include "
                         "DOCKER_DEFAULT_PLATFORM \"linux/s390x\"",
                         dc::Error);
}

TEST_CASE("build: one build.platforms entry, or the service's platform, is the build's platform") {
    TempDir dir;
    dc::Project project = load(dir, R"(services:
  one:
    build: {context: app, platforms: [linux/arm64]}
  own:
    platform: linux/arm/v7
    build: {context: app, platforms: [linux/amd64, linux/arm/v7]}
  none:
    build: app
)");
    dc::BuildRequest build{.platforms = dc::BuildPlatforms::AsDeclared};
    CHECK(dc::build_options(project, "one", build).platform == "linux/arm64");
    CHECK(dc::build_options(project, "own", {}).platform == "linux/arm/v7");
    CHECK(dc::build_options(project, "none", build).platform.empty());
    project.environment["DOCKER_DEFAULT_PLATFORM"] = "linux/amd64";
    CHECK(dc::build_options(project, "none", build).platform == "linux/amd64");
    CHECK(dc::build_options(project, "own", {}).platform == "linux/arm/v7");

    project.environment.erase("DOCKER_DEFAULT_PLATFORM");
    FakeEngine engine;
    dc::RecordedProgress progress;
    dc::build_services(project, engine, progress, {"one"}, build);
    CHECK(engine.builds().at(0).options.platform == "linux/arm64");
}

TEST_CASE("build: up refuses a BuildKit-only field of an image it would build, and builds none") {
    TempDir dir;
    dc::Project project = load(dir, R"(services:
  app:
    build:
      context: app
      ssh: [default]
  web:
    image: nginx
)");
    FakeEngine engine;
    engine.add_image("nginx");
    dc::RecordedProgress progress;
    dc::UpOptions options{.detach = true};
    CHECK_THROWS_WITH_AS(
        dc::run_up(project, engine, progress, options),
        ("compose.yaml:5:7: service \"app\": build.ssh " + kClassic + "has no SSH forwarding")
            .c_str(),
        dc::Error);
    CHECK(engine.calls_of("build_image").empty());
    CHECK_FALSE(engine.container("p-web-1"));
    engine.add_image("p-app");  // Present: nothing to build, nothing refused.
    dc::run_up(project, engine, progress, options);
    CHECK(engine.container("p-app-1"));
}
