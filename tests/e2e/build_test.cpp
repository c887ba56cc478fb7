// `dc build` and `dc up --build` against the real engine's classic builder: a multi-stage
// Dockerfile stopped at a target, a .dockerignore honoured, a FROM scratch image, a rebuild that
// recreates only the changed service, and a failed RUN reported in one line.
#include <ctime>

#include <doctest/doctest.h>

#include "core/labels.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

const char* const kCompose = R"(services:
  app:
    build:
      context: app
      target: final
      args:
        GREETING: hello
    command: ["sleep", "300"]
    stop_signal: SIGKILL
  other:
    build:
      context: other
      dockerfile_inline: |
        FROM dc-test/busybox:latest
        COPY . /ctx
    command: ["sleep", "300"]
    stop_signal: SIGKILL
  data:
    build: data
  bad:
    build:
      context: other
      dockerfile_inline: |
        FROM dc-test/busybox:latest
        RUN false
)";

const char* const kAppDockerfile = R"(FROM dc-test/busybox:latest AS base
ARG GREETING
COPY . /ctx
RUN echo "$GREETING" > /greeting && test ! -e /ctx/secret.txt
FROM base AS final
RUN touch /final
FROM base AS unused
RUN false
)";

void write_project(const test::TempDir& dir) {
    dir.write("compose.yaml", kCompose);
    dir.write("app/Dockerfile", kAppDockerfile);
    dir.write("app/.dockerignore", "secret.txt\n");
    dir.write("app/secret.txt", "not sent");
    dir.write("app/version.txt", "1");
    dir.write("other/readme.txt", "other");
    dir.write("data/Dockerfile", "FROM scratch\nCOPY data.txt /data.txt\n");
    dir.write("data/data.txt", "from scratch");
}

std::string container_id(const std::string& name) {
    auto info = engine().inspect_container(name);
    return info && *info ? (*info)->id : std::string();
}

// What `path` holds in the container `name` (its archive's file content, after the header).
std::string file_in(const std::string& container, const std::string& path) {
    std::string tar;
    auto stat = engine().get_archive(container, path, [&](std::string_view bytes) {
        tar.append(bytes);
        return Flow::Continue;
    });
    if (!stat || tar.size() < 512) return {};
    return tar.substr(512, static_cast<std::size_t>(stat->size));
}

// The containers the classic builder keeps after a failed `RUN false` step (it is sent rm=1
// without forcerm, as Compose sends): made since the guard, by no compose project, running
// `/bin/sh -c false`. Removed when the guard goes, also when the test fails.
class FailedStepGuard {
  public:
    FailedStepGuard() : began_(std::time(nullptr)) {}
    ~FailedStepGuard() { remove(); }
    FailedStepGuard(const FailedStepGuard&) = delete;
    FailedStepGuard& operator=(const FailedStepGuard&) = delete;

    std::vector<std::string> leftovers() const {
        std::vector<std::string> ids;
        auto containers = engine().list_containers({.all = true});
        if (!containers) return ids;
        for (const ContainerSummary& container : *containers) {
            if (container.created >= began_ && !container.labels.contains(kLabelProject) &&
                container.command == "/bin/sh -c false") {
                ids.push_back(container.id);
            }
        }
        return ids;
    }

    void remove() const {
        for (const std::string& id : leftovers()) engine().remove_container(id, {.force = true});
    }

  private:
    std::time_t began_;
};

}  // namespace

TEST_CASE("e2e build: up --build brings up a multi-stage target; a changed context recreates") {
    ProjectGuard project(unique_project("build"));
    const std::string& p = project.name();
    ImageGuard images({p + "-app", p + "-other", p + "-data"});
    test::TempDir dir;
    write_project(dir);

    RunResult up = run_dc({"-p", p, "up", "-d", "--build", "app", "other"}, dir.path());
    REQUIRE_MESSAGE(up.status == 0, up.err);
    REQUIRE(wait_until([&] { return !container_id(p + "-app-1").empty(); }));
    CHECK(file_in(p + "-app-1", "/greeting") == "hello\n");
    // The target stage ran, and the stage after it did not (its RUN false would have failed).
    CHECK(engine().get_archive(p + "-app-1", "/final",
                               [](std::string_view) { return Flow::Continue; }));
    CHECK(file_in(p + "-other-1", "/ctx/readme.txt") == "other");
    auto image = engine().inspect_image(p + "-app");
    REQUIRE(image);
    REQUIRE(image->has_value());
    CHECK((*image)->labels.at("com.docker.compose.image.builder") == "classic");

    const std::string app_before = container_id(p + "-app-1");
    const std::string other_before = container_id(p + "-other-1");
    dir.write("app/version.txt", "2");
    RunResult again = run_dc({"-p", p, "up", "-d", "--build", "app", "other"}, dir.path());
    REQUIRE_MESSAGE(again.status == 0, again.err);
    CHECK(container_id(p + "-app-1") != app_before);
    CHECK(container_id(p + "-other-1") == other_before);
    CHECK(file_in(p + "-app-1", "/ctx/version.txt") == "2");
}

TEST_CASE("e2e build: dc build of a FROM scratch image with a copied file; -q prints nothing") {
    ProjectGuard project(unique_project("build-scratch"));
    const std::string& p = project.name();
    ImageGuard images({p + "-data"});
    test::TempDir dir;
    write_project(dir);
    RunResult built = run_dc({"-p", p, "build", "data"}, dir.path());
    REQUIRE_MESSAGE(built.status == 0, built.err);
    CHECK(built.out.find("Step 2/3 : COPY data.txt /data.txt") != std::string::npos);
    RunResult quiet = run_dc({"-p", p, "build", "-q", "data"}, dir.path());
    REQUIRE_MESSAGE(quiet.status == 0, quiet.err);
    CHECK(quiet.out.empty());
    // A container made from it (never started: it has no program) holds the file.
    auto created = engine().create_container({.name = p + "-probe",
                                              .image = p + "-data",
                                              .cmd = std::vector<std::string>{"/none"},
                                              .labels = {{kLabelProject, p}}});
    REQUIRE(created);
    CHECK(file_in(p + "-probe", "/data.txt") == "from scratch");
}

TEST_CASE("e2e build: a failing RUN is one line naming the service and the step, exit 1") {
    FailedStepGuard failed_steps;
    ProjectGuard project(unique_project("build-fail"));
    const std::string& p = project.name();
    ImageGuard images({p + "-bad"});
    test::TempDir dir;
    write_project(dir);
    RunResult built = run_dc({"-p", p, "build", "bad"}, dir.path());
    CHECK(built.status == 1);
    CHECK(built.err ==
          "dc: error: service \"bad\": build failed at step \"RUN false\": The command '/bin/sh -c "
          "false' returned a non-zero code: 1\n");
    RunResult up = run_dc({"-p", p, "up", "-d", "bad"}, dir.path());
    CHECK(up.status == 1);
    CHECK(up.err.find("dc: error: service \"bad\": build failed at step \"RUN false\"") !=
          std::string::npos);
    CHECK(container_id(p + "-bad-1").empty());
    // The builder kept the failed step's container of each build; the guard finds both.
    CHECK(failed_steps.leftovers().size() == 2);
    failed_steps.remove();
    CHECK(failed_steps.leftovers().empty());
}

TEST_CASE("e2e build: a BuildKit-only field is refused in one line before any build") {
    ProjectGuard project(unique_project("build-kit"));
    const std::string& p = project.name();
    ImageGuard images({p + "-one"});
    test::TempDir dir;
    dir.write("compose.yaml", R"(services:
  one:
    build:
      context: .
      dockerfile_inline: "FROM dc-test/busybox:latest\n"
      platforms: [linux/amd64]
  two:
    build:
      context: .
      ssh: [default]
)");
    RunResult config = run_dc({"-p", p, "config"}, dir.path());
    CHECK(config.status == 0);
    CHECK(config.out.find("ssh:\n        - default\n") != std::string::npos);
    RunResult refused = run_dc({"-p", p, "build"}, dir.path());
    CHECK(refused.status == 1);
    CHECK(refused.err ==
          "dc: error: compose.yaml:10:7: service \"two\": build.ssh needs BuildKit; dc builds with "
          "the engine's classic builder, which has no SSH forwarding\n");
    auto image = engine().inspect_image(p + "-one");
    CHECK((image && !image->has_value()));
    // One platform is the engine's `platform` parameter, which the classic builder takes.
    RunResult one = run_dc({"-p", p, "build", "one"}, dir.path());
    CHECK_MESSAGE(one.status == 0, one.err);
}
