#include "core/advice.h"

#include <doctest/doctest.h>

#include "tests/unit/test_util.h"

using dc::test::TempDir;

namespace {

std::vector<std::string> advice_for(const std::string& yaml,
                                    const std::vector<std::string>& services = {}) {
    TempDir dir;
    dir.write("compose.yaml", yaml);
    dc::ProjectOptions options;
    options.working_dir = dir.path();
    options.project_name = "course";
    options.warn = [](const std::string&) {};
    dc::Project project = dc::load_project(options);
    dc::ServiceGraph graph = dc::ServiceGraph::from_project(project.model);
    return dc::project_advice(project, graph, services);
}

}  // namespace

TEST_CASE("advice: a database without a volume on its data directory loses its data") {
    auto advice = advice_for(R"(services:
  db:
    image: postgres:16
  app:
    image: busybox
    depends_on:
      db:
        condition: service_healthy
)");
    REQUIRE(advice.size() == 1);
    CHECK(advice[0] ==
          "service \"db\": postgres:16 keeps its data in /var/lib/postgresql/data, which no volume "
          "holds: it is lost when the container is removed (dc down); mount a named volume there");
}

TEST_CASE("advice: a named volume or bind mount on the data directory, or a parent, is enough") {
    CHECK(advice_for("services:\n  db:\n    image: postgres:16\n    volumes:\n"
                     "      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:\n")
              .empty());
    CHECK(advice_for("services:\n  db:\n    image: docker.io/library/mysql:8\n    volumes:\n"
                     "      - ./data:/var/lib\n")
              .empty());
    // PGDATA moves the directory; an anonymous volume is no better than none.
    auto moved = advice_for(
        "services:\n  db:\n    image: postgres\n    environment:\n"
        "      PGDATA: /pg\n    volumes:\n      - /pg\n");
    REQUIRE(moved.size() == 1);
    CHECK(moved[0].find("keeps its data in /pg,") != std::string::npos);
}

TEST_CASE("advice: depending on a database's start alone risks connection refused") {
    auto advice = advice_for(R"(services:
  db:
    image: postgres:16
    volumes: [pgdata:/var/lib/postgresql/data]
  checked:
    image: mariadb:11
    volumes: [data:/var/lib/mysql]
    healthcheck:
      test: ["CMD", "healthcheck.sh", "--connect"]
  app:
    image: busybox
    depends_on: [db, checked]
  web:
    image: busybox
    depends_on: [app]
volumes:
  pgdata:
  data:
)");
    REQUIRE(advice.size() == 2);
    CHECK(advice[0] ==
          "service \"app\": depends on \"checked\" only being started, and may connect before it "
          "accepts connections: use condition: service_healthy");
    CHECK(advice[1] ==
          "service \"app\": depends on \"db\" only being started, and may connect before it "
          "accepts connections: give db a healthcheck and use condition: service_healthy");
    CHECK(
        advice_for(
            "services:\n  db:\n    image: postgres:16\n    volumes: [/x:/var/lib/postgresql/data]\n"
            "  app:\n    image: busybox\n    depends_on: [db]\n",
            {"db"})
            .empty());
}

TEST_CASE("advice: a pg_isready healthcheck over the Unix socket passes during initialization") {
    auto advice = advice_for(R"(services:
  db:
    image: postgres:16
    volumes: [pgdata:/var/lib/postgresql/data]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U student -d bigdata"]
  tcp:
    image: postgres:16
    volumes: [tcpdata:/var/lib/postgresql/data]
    healthcheck:
      test: pg_isready -h 127.0.0.1 -U student
  other:
    image: busybox
    healthcheck:
      test: ["CMD", "pg_isready"]
volumes:
  pgdata:
  tcpdata:
)");
    REQUIRE(advice.size() == 1);
    CHECK(advice[0] ==
          "service \"db\": its healthcheck runs pg_isready over the Unix socket, which the server "
          "that initializes a new database answers too: it turns healthy before the database is "
          "ready for good; use pg_isready -h 127.0.0.1");
}
