#include "core/graph.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/yaml_reader.h"

namespace {

using Names = std::vector<std::string>;

dc::ServiceGraph graph_of(const std::string& yaml) {
    return dc::ServiceGraph::from_project(dc::read_yaml(yaml, "compose.yaml"));
}

// The message of the Config error that building the graph throws, or "" when
// it throws none.
std::string graph_error(const std::string& yaml) {
    try {
        graph_of(yaml);
    } catch (const dc::Error& error) {
        CHECK(error.kind() == dc::ErrorKind::Config);
        return error.what();
    }
    return "";
}

// Each name's position in an order.
std::map<std::string, std::size_t> positions(const Names& order) {
    std::map<std::string, std::size_t> out;
    for (std::size_t i = 0; i < order.size(); ++i) {
        out[order[i]] = i;
    }
    return out;
}

// A diamond (web needs api and worker, both need db) beside a lone cache.
const char* const kDiamond = R"(
services:
  web:
    image: web
    depends_on:
      api: {condition: service_started, required: true}
      worker: {condition: service_healthy, required: true}
  api:
    image: api
    depends_on:
      db: {condition: service_healthy, required: true}
  worker:
    image: worker
    depends_on:
      db: {condition: service_completed_successfully, required: true, restart: true}
  db:
    image: postgres
  cache:
    image: redis
)";

}  // namespace

TEST_CASE("graph: services are listed by name") {
    dc::ServiceGraph graph = graph_of(kDiamond);
    CHECK(graph.services() == Names{"api", "cache", "db", "web", "worker"});
    CHECK(graph.contains("db"));
    CHECK_FALSE(graph.contains("nope"));
}

TEST_CASE("graph: start and stop orders put dependencies first, ties by name") {
    dc::ServiceGraph graph = graph_of(kDiamond);
    CHECK(graph.start_order() == Names{"cache", "db", "api", "worker", "web"});
    CHECK(graph.stop_order() == Names{"web", "worker", "api", "db", "cache"});
}

TEST_CASE("graph: a chain starts from its end whatever the file order") {
    dc::ServiceGraph graph = graph_of(R"(
services:
  a: {image: x, depends_on: {b: {condition: service_started}}}
  b: {image: x, depends_on: {c: {condition: service_started}}}
  c: {image: x}
)");
    CHECK(graph.start_order() == Names{"c", "b", "a"});
    CHECK(graph.stop_order() == Names{"a", "b", "c"});
    CHECK(graph.start_levels() == std::vector<Names>{{"c"}, {"b"}, {"a"}});
}

TEST_CASE("graph: start and stop levels group what can run together") {
    dc::ServiceGraph graph = graph_of(kDiamond);
    CHECK(graph.start_levels() == std::vector<Names>{{"cache", "db"}, {"api", "worker"}, {"web"}});
    CHECK(graph.stop_levels() == std::vector<Names>{{"cache", "web"}, {"api", "worker"}, {"db"}});
}

TEST_CASE("graph: a level waits for the longest path, not the shortest") {
    // web needs db directly and through api, so it must wait for api's level.
    dc::ServiceGraph graph = graph_of(R"(
services:
  web: {image: x, depends_on: {db: {}, api: {}}}
  api: {image: x, depends_on: {db: {}}}
  db: {image: x}
)");
    CHECK(graph.start_levels() == std::vector<Names>{{"db"}, {"api"}, {"web"}});
}

TEST_CASE("graph: the diamond's shared dependency appears once") {
    dc::ServiceGraph graph = graph_of(kDiamond);
    Names order = graph.start_order();
    CHECK(std::count(order.begin(), order.end(), "db") == 1);
    CHECK(graph.dependents("db") == Names{"api", "worker"});
    CHECK(graph.dependents("web").empty());
}

TEST_CASE("graph: dependency attributes are read from the canonical form") {
    dc::ServiceGraph graph = graph_of(kDiamond);
    const std::vector<dc::Dependency>& web = graph.dependencies("web");
    REQUIRE(web.size() == 2);
    CHECK(web[0].service == "api");
    CHECK(web[0].condition == dc::DependencyCondition::Started);
    CHECK(web[1].service == "worker");
    CHECK(web[1].condition == dc::DependencyCondition::Healthy);
    CHECK_FALSE(web[1].implicit);

    const std::vector<dc::Dependency>& worker = graph.dependencies("worker");
    REQUIRE(worker.size() == 1);
    CHECK(worker[0].condition == dc::DependencyCondition::CompletedSuccessfully);
    CHECK(worker[0].required);
    CHECK(worker[0].restart);
    CHECK(dc::condition_name(worker[0].condition) == "service_completed_successfully");
    CHECK(graph.dependencies("db").empty());
}

TEST_CASE("graph: the short list form of depends_on is accepted") {
    dc::ServiceGraph graph = graph_of(R"(
services:
  web: {image: x, depends_on: [db]}
  db: {image: x}
)");
    REQUIRE(graph.dependencies("web").size() == 1);
    CHECK(graph.dependencies("web")[0].condition == dc::DependencyCondition::Started);
    CHECK(graph.dependencies("web")[0].required);
}

TEST_CASE("graph: links, network_mode and volumes_from are implicit dependencies") {
    dc::ServiceGraph graph = graph_of(R"(
services:
  web:
    image: x
    links: [db, "cache:c"]
    network_mode: "service:net"
    volumes_from: ["data:ro", "logs", "container:outside"]
  db: {image: x}
  cache: {image: x}
  net: {image: x}
  data: {image: x}
  logs: {image: x}
)");
    const std::vector<dc::Dependency>& deps = graph.dependencies("web");
    Names names;
    for (const dc::Dependency& dependency : deps) {
        names.push_back(dependency.service);
        CHECK(dependency.implicit);
        CHECK(dependency.required);
        CHECK(dependency.condition == dc::DependencyCondition::Started);
    }
    CHECK(names == Names{"cache", "data", "db", "logs", "net"});
    CHECK(deps[0].restart);  // A link restarts with its target, as in Compose.
    CHECK_FALSE(deps[1].restart);  // volumes_from does not.
    CHECK(deps[4].restart);  // network_mode: service:x does.
    CHECK(graph.start_order().back() == "web");
}

TEST_CASE("graph: depends_on wins over an implicit dependency on the same service") {
    dc::ServiceGraph graph = graph_of(R"(
services:
  web:
    image: x
    links: [db]
    depends_on:
      db: {condition: service_healthy, required: true}
  db: {image: x}
)");
    const std::vector<dc::Dependency>& deps = graph.dependencies("web");
    REQUIRE(deps.size() == 1);
    CHECK(deps[0].condition == dc::DependencyCondition::Healthy);
    CHECK_FALSE(deps[0].implicit);
    CHECK_FALSE(deps[0].restart);
}

TEST_CASE("graph: a dependency on an unknown service names both and the line") {
    CHECK(graph_error(R"(services:
  web:
    image: x
    depends_on:
      db: {condition: service_started, required: true}
)") == "compose.yaml:5:7: services.web.depends_on.db: "
       "service \"web\" depends on undefined service \"db\"");
    CHECK(graph_error(R"(services:
  web:
    image: x
    links: [cache, "db:database"]
  cache: {image: x}
)") == "compose.yaml:4:20: services.web.links[1]: "
       "service \"web\" depends on undefined service \"db\"");
    CHECK(graph_error(R"(services:
  web:
    image: x
    network_mode: service:vpn
)") == "compose.yaml:4:19: services.web.network_mode: "
       "service \"web\" depends on undefined service \"vpn\"");
    CHECK(graph_error(R"(services:
  web:
    image: x
    volumes_from: ["data:ro"]
)") == "compose.yaml:4:20: services.web.volumes_from[0]: "
       "service \"web\" depends on undefined service \"data\"");
}

TEST_CASE("graph: a dependency the loader folded into depends_on is located by its source") {
    // Compose's canonical form copies links into depends_on; such an entry has
    // no position of its own, so the error points at the link instead.
    dc::Node project = dc::read_yaml(R"(services:
  web:
    image: x
    links: [db]
    depends_on:
      db: {condition: service_started, required: true, restart: true}
)",
                                     "compose.yaml");
    project.find("services")->find("web")->find("depends_on")->find_entry("db")->key_mark = {};
    std::string message;
    try {
        dc::ServiceGraph::from_project(project);
    } catch (const dc::Error& error) {
        message = error.what();
    }
    CHECK(message == "compose.yaml:4:13: services.web.depends_on.db: "
                     "service \"web\" depends on undefined service \"db\"");
}

TEST_CASE("graph: volumes_from a container is not a service dependency") {
    dc::ServiceGraph graph = graph_of(R"(
services:
  web: {image: x, volumes_from: ["container:data"], network_mode: "container:vpn"}
)");
    CHECK(graph.dependencies("web").empty());
}

TEST_CASE("graph: required: false on an absent service is skipped") {
    dc::ServiceGraph graph = graph_of(R"(
services:
  web:
    image: x
    depends_on:
      debug: {condition: service_started, required: false}
      db: {condition: service_started, required: false}
  db: {image: x}
)");
    const std::vector<dc::Dependency>& deps = graph.dependencies("web");
    REQUIRE(deps.size() == 1);
    CHECK(deps[0].service == "db");
    CHECK_FALSE(deps[0].required);
    CHECK(graph.start_order() == Names{"db", "web"});
}

TEST_CASE("graph: a bad condition or flag is a config error") {
    CHECK(graph_error(R"(
services:
  web: {image: x, depends_on: {db: {condition: service_ready}}}
  db: {image: x}
)").find("services.web.depends_on.db.condition: condition must be one of") !=
          std::string::npos);
    CHECK(graph_error(R"(
services:
  web: {image: x, depends_on: {db: {required: [1]}}}
  db: {image: x}
)").find("services.web.depends_on.db.required: must be a boolean") != std::string::npos);
}

TEST_CASE("graph: a service depending on itself is a cycle") {
    CHECK(graph_error(R"(services:
  web:
    image: x
    depends_on:
      web: {condition: service_started}
)") == "compose.yaml:5:7: services.web.depends_on.web: dependency cycle detected: web -> web");
}

TEST_CASE("graph: a cycle is reported with its whole path") {
    // s00 -> s01 -> ... -> s11 -> s00, entered from "entry", which is not in it.
    std::string yaml = "services:\n  entry: {image: x, depends_on: {s05: {}}}\n";
    for (int i = 0; i < 12; ++i) {
        char line[80];
        std::snprintf(line, sizeof line, "  s%02d: {image: x, depends_on: {s%02d: {}}}\n", i,
                      (i + 1) % 12);
        yaml += line;
    }
    CHECK(graph_error(yaml) ==
          "compose.yaml:7:32: services.s04.depends_on.s05: dependency cycle detected: "
          "s05 -> s06 -> s07 -> s08 -> s09 -> s10 -> s11 -> "
          "s00 -> s01 -> s02 -> s03 -> s04 -> s05");
}

TEST_CASE("graph: a cycle through implicit dependencies is found too") {
    CHECK(graph_error(R"(
services:
  a: {image: x, links: [b]}
  b: {image: x, volumes_from: [c]}
  c: {image: x, depends_on: {a: {}}}
  d: {image: x}
)") == "compose.yaml:5:30: services.c.depends_on.a: "
          "dependency cycle detected: a -> b -> c -> a");
}

TEST_CASE("graph: a cycle closed by an implicit dependency names that attribute") {
    CHECK(graph_error(R"(
services:
  a: {image: x, depends_on: {b: {}}}
  b: {image: x, network_mode: "service:a"}
)") == "compose.yaml:4:31: services.b.network_mode: dependency cycle detected: a -> b -> a");
}

TEST_CASE("graph: closures follow dependencies one way and dependents the other") {
    dc::ServiceGraph graph = graph_of(kDiamond);
    CHECK(graph.dependency_closure({"web"}) == Names{"db", "api", "worker", "web"});
    CHECK(graph.dependency_closure({"api"}) == Names{"db", "api"});
    CHECK(graph.dependency_closure({"api", "cache", "api"}) == Names{"cache", "db", "api"});
    CHECK(graph.dependency_closure({}).empty());
    CHECK(graph.dependent_closure({"db"}) == Names{"web", "worker", "api", "db"});
    CHECK(graph.dependent_closure({"worker"}) == Names{"web", "worker"});
    CHECK(graph.dependent_closure({"cache"}) == Names{"cache"});
    CHECK_THROWS_WITH_AS(graph.dependency_closure({"nope"}), "no such service: nope", dc::Error);
    CHECK_THROWS_WITH_AS(graph.dependencies("nope"), "no such service: nope", dc::Error);
    try {
        graph.dependent_closure({"db", "nope"});
        FAIL("no error for an unknown service");
    } catch (const dc::Error& error) {
        CHECK(error.kind() == dc::ErrorKind::NotFound);
    }
}

TEST_CASE("graph: a project without services gives an empty graph") {
    dc::ServiceGraph graph = graph_of("name: empty\n");
    CHECK(graph.services().empty());
    CHECK(graph.start_order().empty());
    CHECK(graph.start_levels().empty());
}

TEST_CASE("graph: a thousand services with random dependencies") {
    // Each service depends on up to four distinct services before it, so the
    // graph is a DAG; names are numbered backwards so that name order is not
    // already an answer.
    constexpr int kCount = 1000;
    std::mt19937 random(42);
    auto name = [](int i) { return "svc" + std::to_string(kCount - i); };
    std::string yaml = "services:\n";
    for (int i = 0; i < kCount; ++i) {
        yaml += "  " + name(i) + ":\n    image: x\n    depends_on:\n";
        std::set<int> deps;
        for (int d = 0; i > 0 && d < 4; ++d) {
            deps.insert(static_cast<int>(random() % static_cast<unsigned>(i)));
        }
        for (int dep : deps) {
            yaml += "      " + name(dep) + ": {condition: service_started}\n";
        }
    }
    dc::Node project = dc::read_yaml(yaml, "big.yaml");
    dc::ServiceGraph graph = dc::ServiceGraph::from_project(project);
    Names order = graph.start_order();
    REQUIRE(order.size() == static_cast<std::size_t>(kCount));
    std::map<std::string, std::size_t> position = positions(order);
    for (const std::string& service : order) {
        for (const dc::Dependency& dependency : graph.dependencies(service)) {
            CHECK(position[dependency.service] < position[service]);
        }
    }
    std::size_t placed = 0;
    std::vector<Names> levels = graph.start_levels();
    for (std::size_t level = 0; level < levels.size(); ++level) {
        placed += levels[level].size();
        CHECK(std::is_sorted(levels[level].begin(), levels[level].end()));
    }
    CHECK(placed == static_cast<std::size_t>(kCount));
    Names reversed(order.rbegin(), order.rend());
    CHECK(graph.stop_order() == reversed);
    CHECK(graph.dependency_closure({name(kCount - 1)}).back() == name(kCount - 1));
    CHECK(graph.dependent_closure({name(0)}).back() == name(0));
}
