// `up`'s checks before anything is created (core/up_checks.h), against the FakeEngine: host
// ports, images and container names, each failing with one line and leaving nothing behind.
#include "core/up_checks.h"

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/error.h"
#include "core/labels.h"
#include "core/up.h"
#include "tests/unit/lifecycle_fixture.h"

using dc::test::FakeEngine;
using dc::test::project_of;

namespace {

std::string up_error(const std::string& yaml, FakeEngine& engine, dc::UpOptions options = {}) {
    dc::RecordedProgress progress;
    try {
        dc::run_up(project_of(yaml), engine, progress, options);
    } catch (const dc::Error& error) {
        return error.what();
    }
    return "no error";
}

// A running container of another project publishing `host_port` for container port 80.
void add_publisher(FakeEngine& engine, const std::string& name, const std::string& host_port,
                   const std::string& protocol = "tcp") {
    dc::ContainerSpec spec{.name = name, .image = "x"};
    spec.labels = {{dc::kLabelProject, "other"}, {dc::kLabelService, "db"}};
    spec.host.port_bindings["80/" + protocol] = {{.host_port = host_port}};
    engine.add_container(spec, "running");
}

// Nothing of project "p" exists: no container and no network was created.
void check_nothing_created(const FakeEngine& engine) {
    CHECK(engine.calls_of("create_container").empty());
    CHECK(engine.calls_of("create_network").empty());
}

}  // namespace

TEST_CASE("up checks: a host port published by another container fails before creating") {
    FakeEngine engine;
    add_publisher(engine, "other-db-1", "5432");
    CHECK(up_error("services:\n  db:\n    image: pg\n    ports: [\"5432:5432\"]\n", engine) ==
          "service \"db\": host port 5432 is already in use (by container \"other-db-1\")");
    check_nothing_created(engine);
}

TEST_CASE("up checks: another protocol, another address or an ephemeral port is no conflict") {
    FakeEngine engine;
    add_publisher(engine, "other-db-1", "5432", "udp");
    add_publisher(engine, "other-web-1", "8080");
    // A dry run: the checks run, and the fake engine (which ignores protocols) starts nothing.
    CHECK(up_error("services:\n  db:\n    image: pg\n    ports: [\"5432:5432\", \"80\"]\n", engine,
                   {.dry_run = true}) == "no error");
    // A container publishing on every interface collides with any address.
    FakeEngine again;
    add_publisher(again, "other-web-1", "8080");
    CHECK(
        up_error("services:\n  web:\n    image: w\n    ports: [\"127.0.0.1:8080:80\"]\n", again) ==
        "service \"web\": host port 127.0.0.1:8080 is already in use (by container "
        "\"other-web-1\")");
}

TEST_CASE("up checks: a range conflicts only when every port of it is taken") {
    FakeEngine engine;
    add_publisher(engine, "other-1", "8000");
    add_publisher(engine, "other-2", "8001");
    CHECK(up_error("services:\n  web:\n    image: w\n    ports: [\"8000-8002:80\"]\n", engine) ==
          "no error");
    FakeEngine full;
    add_publisher(full, "other-1", "8000");
    add_publisher(full, "other-2", "8001");
    CHECK(up_error("services:\n  web:\n    image: w\n    ports: [\"8000-8001:80\"]\n", full) ==
          "service \"web\": host ports 8000-8001 are all in use");
    check_nothing_created(full);
}

TEST_CASE("up checks: two services publishing the same host port are named both") {
    FakeEngine engine;
    CHECK(up_error("services:\n  b:\n    image: w\n    ports: [\"9000:80\"]\n"
                   "  a:\n    image: w\n    ports: [\"9000:81\"]\n",
                   engine) == "services \"a\" and \"b\" both publish host port 9000");
    check_nothing_created(engine);
}

TEST_CASE("up checks: the service's own container keeps or hands over its port") {
    dc::Project project = project_of("services:\n  web:\n    image: w\n    ports: [\"8080:80\"]\n");
    FakeEngine engine;
    dc::RecordedProgress progress;
    dc::run_up(project, engine, progress, {});
    REQUIRE(engine.container("p-web-1")->status == "running");
    // Recreating it: the old container holds the port until it is replaced.
    CHECK(up_error("services:\n  web:\n    image: w\n    ports: [\"8080:80\"]\n", engine,
                   {.force_recreate = true}) == "no error");
}

TEST_CASE("up checks: a port held by another process is found by binding it") {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd, 1) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    const int port = ntohs(address.sin_port);
    CHECK(dc::probe_bind("127.0.0.1", port, "tcp") == dc::BindResult::InUse);
    CHECK(dc::probe_bind("127.0.0.1", port, "udp") == dc::BindResult::Free);

    const std::string yaml =
        "services:\n  web:\n    image: w\n    ports: [\"127.0.0.1:" + std::to_string(port) +
        ":80\"]\n";
    FakeEngine engine;
    CHECK(up_error(yaml, engine, {.port_probe = dc::PortProbe::Bind}) ==
          "service \"web\": host port 127.0.0.1:" + std::to_string(port) +
              " is already in use (by another process)");
    check_nothing_created(engine);
    FakeEngine unprobed;
    CHECK(up_error(yaml, unprobed) == "no error");
    ::close(fd);
}

TEST_CASE("up checks: a missing image with pull_policy never is one line") {
    FakeEngine engine;
    CHECK(up_error("services:\n  db:\n    image: postgres:16\n    pull_policy: never\n", engine) ==
          "service \"db\": image \"postgres:16\" is not present and pull_policy is \"never\"");
    CHECK(up_error("services:\n  db:\n    image: postgres:16\n    pull_policy: build\n", engine) ==
          "service \"db\": image \"postgres:16\" is not present and pull_policy is \"build\"");
    check_nothing_created(engine);
    CHECK(engine.calls_of("pull_image").empty());
}

TEST_CASE("up checks: a missing image is pulled, and a failed pull is one line") {
    FakeEngine engine;
    engine.fail_next("pull_image", "postgres:16",
                     {dc::FailureKind::NotFound, 404, "pull access denied for postgres"});
    CHECK(up_error("services:\n  db:\n    image: postgres:16\n", engine) ==
          "service \"db\": pulling image \"postgres:16\" failed: engine: pull "
          "access denied for postgres");
    check_nothing_created(engine);

    FakeEngine pulls;
    CHECK(up_error("services:\n  db:\n    image: postgres:16\n  web:\n    image: postgres:16\n",
                   pulls) == "no error");
    CHECK(pulls.calls_of("pull_image") == std::vector<std::string>{"postgres:16"});
    // The new container carries the image's id, as Compose labels it.
    CHECK(pulls.container("p-db-1")->spec.labels.at(dc::kLabelImage) == "sha256:postgres:16");
}

TEST_CASE("up checks: a present image is not pulled; a dry run pulls nothing") {
    FakeEngine engine;
    engine.add_image("postgres:16");
    CHECK(up_error("services:\n  db:\n    image: postgres:16\n", engine) == "no error");
    CHECK(engine.calls_of("pull_image").empty());
    FakeEngine dry;
    CHECK(up_error("services:\n  db:\n    image: postgres:16\n", dry, {.dry_run = true}) ==
          "no error");
    CHECK(dry.calls_of("pull_image").empty());
}

TEST_CASE("up checks: a container name used by a container of no project is one line") {
    FakeEngine engine;
    std::string id = engine.add_container({.name = "shared", .image = "x"}, "exited");
    CHECK(up_error("services:\n  web:\n    image: w\n    container_name: shared\n", engine) ==
          "service \"web\": container name \"shared\" is already in use by container " +
              id.substr(0, 12) + ", which does not belong to project \"p\"");
    check_nothing_created(engine);
}

TEST_CASE("up checks: host ports are written as messages name them") {
    CHECK(dc::host_port_text({.first = 5432, .last = 5432}) == "5432");
    CHECK(dc::host_port_text({.host_ip = "::1", .first = 53, .last = 53, .protocol = "udp"}) ==
          "[::1]:53/udp");
    CHECK(dc::host_port_text({.first = 8000, .last = 8010}) == "8000-8010");
    dc::Project project = project_of(
        "services:\n  web:\n    image: w\n    ports: [\"127.0.0.1:8000-8001:80-81/udp\", \"90\", "
        "\"7000-7005:70\"]\n");
    std::vector<std::string> texts;
    for (const dc::HostPort& port : dc::published_host_ports(project, "web")) {
        texts.push_back(dc::host_port_text(port));
    }
    CHECK(texts ==
          std::vector<std::string>{"127.0.0.1:8000/udp", "127.0.0.1:8001/udp", "7000-7005"});
}
