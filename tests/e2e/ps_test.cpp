// `dc ps` on containers labelled as Docker Compose labels them, as if another
// tool (Docker Compose itself) had started the project.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/labels.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

std::string create_service_container(const std::string& project, const std::string& service,
                                     std::vector<std::string> cmd) {
    ContainerSpec spec;
    spec.name = project + "-" + service + "-1";
    spec.image = kBusybox;
    spec.cmd = std::move(cmd);
    spec.labels = {{kLabelProject, project},
                   {kLabelService, service},
                   {kLabelContainerNumber, "1"},
                   {kLabelOneoff, kOneoffFalse}};
    return value_or_throw(engine().create_container(spec)).id;
}

}  // namespace

TEST_CASE("e2e ps: lists a project's containers by their Compose labels") {
    ProjectGuard project(unique_project("ps"));
    test::TempDir dir;
    std::string web = create_service_container(project.name(), "web", {"sleep", "300"});
    std::string job = create_service_container(project.name(), "job", {"sh", "-c", "exit 3"});
    value_or_throw(engine().start_container(web));
    value_or_throw(engine().start_container(job));
    REQUIRE(wait_until([&] {
        auto info = engine().inspect_container(job);
        return info && *info && (*info)->state.status == "exited";
    }));

    RunResult running = run_dc({"-p", project.name(), "ps"}, dir.path());
    CHECK(running.status == 0);
    CHECK(running.out.find("NAME") == 0);
    CHECK(running.out.find(project.name() + "-web-1") != std::string::npos);
    CHECK(running.out.find(project.name() + "-job-1") == std::string::npos);

    RunResult all = run_dc({"-p", project.name(), "ps", "-a", "--format", "json"}, dir.path());
    REQUIRE(all.status == 0);
    std::istringstream lines(all.out);
    std::map<std::string, nlohmann::json> by_service;
    for (std::string line; std::getline(lines, line);) {
        nlohmann::json row = nlohmann::json::parse(line);
        by_service[row["Service"]] = row;
    }
    REQUIRE(by_service.size() == 2);
    CHECK(by_service["job"]["State"] == "exited");
    CHECK(by_service["job"]["ExitCode"] == 3);
    CHECK(by_service["web"]["State"] == "running");
    CHECK(by_service["web"]["Project"] == project.name());

    RunResult exited = run_dc({"-p", project.name(), "ps", "--status", "exited", "-q"}, dir.path());
    CHECK(exited.out == job + "\n");
    RunResult services = run_dc({"-p", project.name(), "ps", "-a", "--services"}, dir.path());
    CHECK(services.out == "job\nweb\n");
}

TEST_CASE("e2e ps: an unreachable engine is one line naming the socket") {
    test::TempDir dir;
    RunResult result = run_dc({"-p", "nothing", "ps"}, dir.path(),
                              {"DOCKER_HOST=unix:///nonexistent/docker.sock"});
    CHECK(result.status == 1);
    CHECK(result.err ==
          "dc: error: engine: cannot connect to the Docker Engine at "
          "unix:///nonexistent/docker.sock: is the daemon running? (connect: No such file or "
          "directory)\n");
}
