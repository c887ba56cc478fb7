// The images of up, create and run (core/up_images.h) against the FakeEngine: pull policies
// (the refreshing ones by the image's last tag), --pull over pull_policy, --build, a failed pull
// of an image that can be built, and run's own service image.
#include "core/up_images.h"

#include <doctest/doctest.h>

#include "core/error.h"
#include "core/labels.h"
#include "core/run.h"
#include "tests/unit/lifecycle_fixture.h"

using dc::test::FakeEngine;
using dc::test::project_of;
using dc::test::TempDir;
using Kind = dc::PullPolicy::Kind;
using std::chrono::hours;

namespace {

std::string up_error(const dc::Project& project, FakeEngine& engine, dc::UpOptions options = {},
                     dc::RecordedProgress* recorded = nullptr) {
    dc::RecordedProgress progress;
    try {
        dc::run_up(project, engine, recorded ? *recorded : progress, options);
    } catch (const dc::Error& error) {
        return error.what();
    }
    return "no error";
}

std::string up_error(const std::string& yaml, FakeEngine& engine, dc::UpOptions options = {}) {
    return up_error(project_of(yaml), engine, options);
}

// RFC 3339 for `ago` before now, as the engine writes LastTagTime.
std::string tagged_ago(std::chrono::seconds ago) {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() - ago);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.123456789Z", std::gmtime(&t));
    return text;
}

// A project "p" in `dir` whose service "app" builds from app/ and names its image "reg/app:1".
dc::Project buildable(const TempDir& dir, const std::string& extra = "") {
    dir.write("app/Dockerfile", "FROM scratch\n");
    return dc::test::project_in(
        dir, "services:\n  app:\n    image: reg/app:1\n    build: app\n" + extra);
}

}  // namespace

TEST_CASE("up images: pull policies are read as Compose reads them") {
    CHECK(dc::parse_pull_policy("").kind == Kind::Missing);
    CHECK(dc::parse_pull_policy("if_not_present").kind == Kind::Missing);
    CHECK(dc::parse_pull_policy("always").kind == Kind::Always);
    CHECK(dc::parse_pull_policy("never").kind == Kind::Never);
    CHECK(dc::parse_pull_policy("build").kind == Kind::Build);
    CHECK(dc::parse_pull_policy("daily").every == hours(24));
    CHECK(dc::parse_pull_policy("weekly").every == hours(168));
    dc::PullPolicy every = dc::parse_pull_policy("every_1w2d3h4m5s");
    CHECK(every.kind == Kind::Refresh);
    CHECK(every.every == std::chrono::seconds(((9 * 24 + 3) * 60 + 4) * 60 + 5));
    CHECK(dc::parse_pull_policy("every_").kind == Kind::Missing);
    CHECK(dc::parse_pull_policy("every_12x").kind == Kind::Missing);
}

TEST_CASE("up images: a refreshing policy pulls an image tagged longer ago than its period") {
    const auto now = std::chrono::system_clock::now();
    const dc::PullPolicy daily = dc::parse_pull_policy("daily");
    dc::ImageInfo fresh{.last_tag_time = tagged_ago(hours(2))};
    dc::ImageInfo stale{.last_tag_time = tagged_ago(hours(25))};
    dc::ImageInfo never{.last_tag_time = "0001-01-01T00:00:00Z"};
    CHECK_FALSE(dc::pull_due(daily, fresh, now));
    CHECK(dc::pull_due(daily, stale, now));
    CHECK(dc::pull_due(daily, never, now));
    CHECK(dc::pull_due(daily, std::nullopt, now));
    CHECK_FALSE(dc::last_tagged(never));
    CHECK(dc::pull_due(dc::parse_pull_policy("every_1h"), fresh, now));
    CHECK_FALSE(dc::pull_due(dc::parse_pull_policy("missing"), stale, now));
    CHECK(dc::pull_due(dc::parse_pull_policy("missing"), std::nullopt, now));
}

TEST_CASE("up images: up pulls a daily image once a day, weekly once a week") {
    FakeEngine engine;
    engine.add_image("a:1", tagged_ago(hours(3)));
    engine.add_image("b:1", tagged_ago(hours(30)));
    engine.add_image("c:1", tagged_ago(hours(30)));
    CHECK(up_error("services:\n  a:\n    image: a:1\n    pull_policy: daily\n"
                   "  b:\n    image: b:1\n    pull_policy: daily\n"
                   "  c:\n    image: c:1\n    pull_policy: weekly\n",
                   engine) == "no error");
    CHECK(engine.calls_of("pull_image") == std::vector<std::string>{"b:1"});
}

TEST_CASE("up images: --pull overrides every pull_policy; a missing image names why") {
    const std::string yaml = "services:\n  db:\n    image: pg:16\n    pull_policy: never\n";
    FakeEngine always;
    always.add_image("pg:16");
    CHECK(up_error(yaml, always, {.pull = "always"}) == "no error");
    CHECK(always.calls_of("pull_image") == std::vector<std::string>{"pg:16"});

    FakeEngine never;
    CHECK(up_error("services:\n  db:\n    image: pg:16\n", never, {.pull = "never"}) ==
          "service \"db\": image \"pg:16\" is not present and --pull is \"never\"");
    CHECK(never.calls_of("pull_image").empty());
    CHECK(never.calls_of("create_container").empty());

    FakeEngine missing;
    missing.add_image("pg:16");
    CHECK(up_error(yaml, missing, {.pull = "missing"}) == "no error");
    CHECK(missing.calls_of("pull_image").empty());
}

TEST_CASE("up images: an image that can be built is pulled first; a failed pull is a warning") {
    TempDir dir;
    dc::Project project = buildable(dir);
    FakeEngine engine;
    engine.fail_next("pull_image", "reg/app:1", {dc::FailureKind::NotFound, 404, "not found"});
    dc::RecordedProgress progress;
    CHECK(up_error(project, engine, {}, &progress) == "no error");
    CHECK(engine.calls_of("pull_image") == std::vector<std::string>{"reg/app:1"});
    CHECK(engine.builds().size() == 1);
    bool warned = false;
    for (const dc::ProgressEvent& event : progress.events()) {
        warned = warned || (event.name == "app" && event.status == dc::ProgressStatus::Warning);
    }
    CHECK(warned);
    // The container runs the built image.
    CHECK(engine.container("p-app-1")->spec.labels.at(dc::kLabelImage) == "sha256:built-1");

    FakeEngine pulled;  // The registry has it: nothing is built.
    CHECK(up_error(project, pulled) == "no error");
    CHECK(pulled.builds().empty());
}

TEST_CASE("up images: --build pulls nothing it builds; --no-build with no image is one line") {
    TempDir dir;
    dc::Project project = buildable(dir);
    FakeEngine engine;
    CHECK(up_error(project, engine, {.build = dc::UpBuild::Always}) == "no error");
    CHECK(engine.calls_of("pull_image").empty());
    CHECK(engine.builds().size() == 1);

    FakeEngine unbuilt;
    CHECK(up_error(project, unbuilt, {.build = dc::UpBuild::Never, .pull = "never"}) ==
          "service \"app\": image \"reg/app:1\" is not present and --no-build was given");
    CHECK(unbuilt.calls_of("create_container").empty());
}

TEST_CASE("up images: --pull build builds every service that builds") {
    TempDir dir;
    dc::Project project = buildable(dir);
    FakeEngine engine;
    engine.add_image("reg/app:1");
    CHECK(up_error(project, engine, {.pull = "build"}) == "no error");
    CHECK(engine.calls_of("pull_image").empty());
    CHECK(engine.builds().size() == 1);
}

TEST_CASE("up images: run pulls or builds its own service's image") {
    TempDir dir;
    dc::Project project = buildable(dir, "  db:\n    image: pg:16\n");
    FakeEngine engine;
    engine.fail_next("pull_image", "reg/app:1", {dc::FailureKind::NotFound, 404, "not found"});
    dc::RecordedProgress progress;
    dc::OneOffOptions options;
    options.service = "app";
    options.detach = true;
    dc::OneOffResult result = dc::run_oneoff(project, engine, progress, options);
    CHECK(engine.builds().size() == 1);
    CHECK(engine.calls_of("pull_image") == std::vector<std::string>{"reg/app:1"});
    CHECK(engine.container(result.name)->spec.labels.at(dc::kLabelImage) == "sha256:built-1");

    FakeEngine never;
    options.service = "db";
    options.pull = "never";
    CHECK_THROWS_WITH(dc::run_oneoff(project, never, progress, options),
                      "service \"db\": image \"pg:16\" is not present and --pull is \"never\"");
}
