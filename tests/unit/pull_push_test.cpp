// `dc pull` and `dc push` against the FakeEngine: which services' images move (Compose's
// skips), --policy, --include-deps, pulls in parallel, failures as one line naming the service
// or, when ignored, as the list of failed services.
#include <doctest/doctest.h>

#include "core/error.h"
#include "core/graph.h"
#include "core/pull.h"
#include "core/push.h"
#include "tests/unit/lifecycle_fixture.h"

using dc::test::FakeEngine;
using dc::test::TempDir;
using Strings = std::vector<std::string>;

namespace {

const char* kProject = R"(services:
  web:
    image: r.example:5000/web:1
    depends_on: [db]
  db:
    image: postgres:16
  built:
    build: .
  both:
    image: r.example:5000/both:2
    build: .
  never:
    image: n:1
    pull_policy: never
)";

// No credentials from the user's own config while the tests run.
struct NoDockerConfig {
    TempDir dir;
    NoDockerConfig() { ::setenv("DOCKER_CONFIG", dir.path().c_str(), 1); }
    ~NoDockerConfig() { ::unsetenv("DOCKER_CONFIG"); }
};

Strings sorted(Strings values) {
    std::sort(values.begin(), values.end());
    return values;
}

}  // namespace

TEST_CASE("pull: every service with an image, skipping as Compose does") {
    NoDockerConfig config;
    dc::Project project = dc::test::project_of(kProject);
    auto graph = dc::ServiceGraph::from_project(project.model);
    FakeEngine engine;
    dc::RecordedProgress progress;
    CHECK(dc::pull_services(project, graph, engine, progress, {}).empty());
    CHECK(sorted(engine.calls_of("pull_image")) ==
          Strings{"postgres:16", "r.example:5000/both:2", "r.example:5000/web:1"});
    Strings lines = progress.lines();
    CHECK(std::count(lines.begin(), lines.end(), "Image built Skipped: No image to be pulled") ==
          1);
    CHECK(std::count(lines.begin(), lines.end(), "Image never Skipped") == 1);
    CHECK(std::count(lines.begin(), lines.end(), "Image web Pulled") == 1);
    CHECK(dc::test::line_position(progress, "Image web Pulling") <
          dc::test::line_position(progress, "Image web Pulled"));
}

TEST_CASE("pull: named services, --include-deps, --policy missing and always") {
    NoDockerConfig config;
    dc::Project project = dc::test::project_of(kProject);
    auto graph = dc::ServiceGraph::from_project(project.model);
    dc::RecordedProgress progress;
    FakeEngine only;
    dc::pull_services(project, graph, only, progress, {.services = {"web"}});
    CHECK(only.calls_of("pull_image") == Strings{"r.example:5000/web:1"});

    FakeEngine deps;
    deps.add_image("postgres:16");
    dc::pull_services(
        project, graph, deps, progress,
        {.services = {"web"}, .policy = dc::PullPolicyOverride::Missing, .include_deps = true});
    CHECK(deps.calls_of("pull_image") == Strings{"r.example:5000/web:1"});

    FakeEngine always;
    dc::pull_services(project, graph, always, progress,
                      {.services = {"never"}, .policy = dc::PullPolicyOverride::Always});
    CHECK(always.calls_of("pull_image") == Strings{"n:1"});

    CHECK_THROWS_WITH_AS(dc::pull_services(project, graph, always, progress, {.services = {"x"}}),
                         "no such service: x", dc::Error);
}

TEST_CASE("pull: images are pulled in parallel") {
    NoDockerConfig config;
    dc::Project project = dc::test::project_of(kProject);
    auto graph = dc::ServiceGraph::from_project(project.model);
    FakeEngine engine;
    engine.rendezvous("pull_image", 3);
    dc::RecordedProgress progress;
    dc::pull_services(project, graph, engine, progress, {});
    CHECK_FALSE(engine.rendezvous_missed());
}

TEST_CASE("pull: a failure names the service; ignored, it is returned") {
    NoDockerConfig config;
    dc::Project project = dc::test::project_of(kProject);
    auto graph = dc::ServiceGraph::from_project(project.model);
    dc::RecordedProgress progress;
    dc::EngineFailure denied{dc::FailureKind::ServerError, 500, "Pull access denied"};
    FakeEngine engine;
    engine.fail_next("pull_image", "postgres:16", denied);
    CHECK_THROWS_WITH_AS(
        dc::pull_services(project, graph, engine, progress, {}),
        "service \"db\": pulling image \"postgres:16\" failed: engine: pull access denied",
        dc::Error);

    FakeEngine ignored;
    ignored.fail_next("pull_image", "postgres:16", denied);
    CHECK(dc::pull_services(project, graph, ignored, progress, {.ignore_failures = true}) ==
          Strings{"db"});

    // A service that builds its image goes on to build it: not a failure of the pull.
    FakeEngine buildable;
    buildable.fail_next("pull_image", "r.example:5000/both:2", denied);
    CHECK(dc::pull_services(project, graph, buildable, progress, {}) == Strings{"both"});
}

TEST_CASE("push: only services with image and build; failures name the service") {
    NoDockerConfig config;
    dc::Project project = dc::test::project_of(kProject);
    auto graph = dc::ServiceGraph::from_project(project.model);
    dc::RecordedProgress progress;
    FakeEngine engine;
    engine.add_image("r.example:5000/both:2");
    CHECK(dc::push_services(project, graph, engine, progress, {}).empty());
    CHECK(engine.calls_of("push_image") == Strings{"r.example:5000/both:2"});
    Strings lines = progress.lines();
    CHECK(std::count(lines.begin(), lines.end(), "Image both Pushed") == 1);
    CHECK(std::count(lines.begin(), lines.end(), "Image web Skipped") == 1);
    CHECK(std::count(lines.begin(), lines.end(), "Image 0123456789ab Pushed: Pushed") == 1);

    FakeEngine missing;
    CHECK_THROWS_WITH_AS(dc::push_services(project, graph, missing, progress, {}),
                         "service \"both\": pushing image \"r.example:5000/both:2\" failed: "
                         "engine: an image does not exist locally with the tag: "
                         "r.example:5000/both",
                         dc::Error);
    CHECK(dc::push_services(project, graph, missing, progress, {.ignore_failures = true}) ==
          Strings{"both"});
}
