// The course's first stack, examples/postgres-pgadmin, on the stand-in images (postgres:16 and
// dpage/pgadmin4 from tests/images/): it comes up with `up --wait`, pgAdmin starts only after
// PostgreSQL is healthy by the engine's own clock, a table survives `down` and the next `up`
// because the data lives in a named volume, and `down -v` removes that volume.
#include <filesystem>
#include <stop_token>

#include <doctest/doctest.h>

#include "core/labels.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

// The example as written, with what would clash with other stacks on the same engine taken out:
// fixed container names become the project's own, fixed host ports ephemeral ones.
const char* const kTestOverride = R"(services:
  postgres:
    container_name: !reset null
    ports: !override ["5432"]
  pgadmin:
    container_name: !reset null
    ports: !override ["80"]
)";

std::string example_file() {
    return std::string(DC_SOURCE_DIR) + "/examples/postgres-pgadmin/compose.yaml";
}

// The time (engine nanoseconds) of the first event of `action` for `container`, or 0.
struct Timeline {
    std::int64_t first(const std::string& container, const std::string& action,
                       const std::string& health = "") const {
        for (const Event& e : events) {
            auto name = e.attributes.find("name");
            if (name == e.attributes.end() || name->second != container) continue;
            if (e.action == action && (health.empty() || e.health_status == health)) {
                return e.time_nano;
            }
        }
        return 0;
    }
    std::vector<Event> events;
};

Timeline project_events(const std::string& project, TimePoint since) {
    Timeline timeline;
    EventOptions options;
    options.since = since;
    options.until = std::chrono::system_clock::now();
    options.filters = {{"type", {"container"}},
                       {"label", {std::string(kLabelProject) + "=" + project}}};
    auto done = engine().events(
        options,
        [&](const Event& e) {
            timeline.events.push_back(e);
            return Flow::Continue;
        },
        std::stop_token{});
    REQUIRE_MESSAGE(done.has_value(), (done ? "" : done.error().message));
    return timeline;
}

bool volume_exists(const std::string& name) {
    auto info = engine().inspect_volume(name);
    return info && info->has_value();
}

}  // namespace

TEST_CASE("e2e course stack: PostgreSQL + pgAdmin, health-ordered, data kept across down") {
    ProjectGuard project(unique_project("course"));
    const std::string& p = project.name();
    test::TempDir dir;
    std::string override_file = dir.write("test.override.yaml", kTestOverride);
    std::vector<std::string> files = {"-p", p, "-f", example_file(), "-f", override_file};
    auto args = [&](std::vector<std::string> rest) {
        std::vector<std::string> all = files;
        all.insert(all.end(), rest.begin(), rest.end());
        return all;
    };
    auto psql = [&](const std::string& sql) {
        return run_dc(
            args({"exec", "-T", "postgres", "psql", "-U", "student", "-d", "bigdata", "-tAc", sql}),
            dir.path());
    };

    TimePoint before = std::chrono::system_clock::now() - std::chrono::seconds(1);
    RunResult up = run_dc(args({"--progress", "plain", "up", "--wait"}), dir.path());
    INFO(up.err);
    REQUIRE(up.status == 0);

    // The engine's own timestamps: pgAdmin's start comes after PostgreSQL's first healthy report.
    Timeline timeline = project_events(p, before);
    std::int64_t healthy = timeline.first(p + "-postgres-1", "health_status", "healthy");
    std::int64_t pgadmin_start = timeline.first(p + "-pgadmin-1", "start");
    REQUIRE(healthy > 0);
    REQUIRE(pgadmin_start > 0);
    CHECK(pgadmin_start >= healthy);
    CHECK(timeline.first(p + "-postgres-1", "start") < healthy);

    RunResult created = psql(
        "CREATE TABLE marks (student text, mark int); "
        "INSERT INTO marks VALUES ('ada', 20);");
    INFO(created.err);
    REQUIRE(created.status == 0);

    // down keeps the named volume, so the next up finds the table.
    RunResult down = run_dc(args({"down"}), dir.path());
    REQUIRE(down.status == 0);
    CHECK_FALSE(engine().inspect_container(p + "-postgres-1").value().has_value());
    CHECK(volume_exists(p + "_pgdata"));

    REQUIRE(run_dc(args({"up", "--wait"}), dir.path()).status == 0);
    RunResult read = psql("SELECT student || ' ' || mark FROM marks;");
    INFO(read.err);
    CHECK(read.status == 0);
    CHECK(read.out == "ada 20\n");

    // down -v removes it.
    REQUIRE(run_dc(args({"down", "-v"}), dir.path()).status == 0);
    CHECK_FALSE(volume_exists(p + "_pgdata"));
    auto networks =
        engine().list_networks(Filters{{"label", {std::string(kLabelProject) + "=" + p}}});
    REQUIRE(networks.has_value());
    CHECK(networks->empty());
}
