#include "drivers/docker_host.h"

#include <doctest/doctest.h>

#include "tests/unit/test_util.h"

using dc::Environment;
using dc::FailureKind;
using dc::docker::EndpointOverrides;
using dc::docker::HostKind;
using dc::docker::resolve_endpoint;

namespace {

// A docker config directory holding `contexts`, named context -> endpoint host.
Environment config_with_contexts(const dc::test::TempDir& dir, const std::string& current,
                                 const std::map<std::string, std::string>& contexts) {
    if (!current.empty()) dir.write("config.json", R"({"currentContext": ")" + current + "\"}");
    for (const auto& [name, host] : contexts) {
        dir.write("contexts/meta/" + dc::docker::context_digest(name) + "/meta.json",
                  R"({"Name":")" + name + R"(","Metadata":{},"Endpoints":{"docker":{"Host":")" +
                      host + R"(","SkipTLSVerify":false}}})");
    }
    return {{"DOCKER_CONFIG", dir.path()}, {"HOME", "/nonexistent"}};
}

}  // namespace

TEST_CASE("docker host: without settings it is the local socket") {
    auto endpoint = resolve_endpoint({}, {{"HOME", "/nonexistent"}});
    REQUIRE(endpoint);
    CHECK(endpoint->host == "unix:///var/run/docker.sock");
    CHECK(endpoint->kind == HostKind::Unix);
    CHECK(endpoint->socket_path == "/var/run/docker.sock");
    CHECK(endpoint->base_url == "http://localhost");
    CHECK(endpoint->context == "default");
}

TEST_CASE("docker host: DOCKER_HOST tcp gets the default port, TLS switches to 2376") {
    auto plain = resolve_endpoint({}, {{"DOCKER_HOST", "tcp://10.0.0.1"}});
    REQUIRE(plain);
    CHECK(plain->kind == HostKind::Tcp);
    CHECK(plain->base_url == "http://10.0.0.1:2375");
    CHECK_FALSE(plain->tls);

    dc::test::TempDir certs;
    certs.write("ca.pem", "x");
    certs.write("cert.pem", "x");
    certs.write("key.pem", "x");
    auto tls = resolve_endpoint({}, {{"DOCKER_HOST", "tcp://docker.example:2376"},
                                     {"DOCKER_TLS_VERIFY", "1"},
                                     {"DOCKER_CERT_PATH", certs.path()}});
    REQUIRE(tls);
    CHECK(tls->base_url == "https://docker.example:2376");
    CHECK(tls->tls_verify);
    CHECK(tls->tls_files.ca == certs.path() + "/ca.pem");
    CHECK(tls->tls_files.key == certs.path() + "/key.pem");

    auto bare = resolve_endpoint({}, {{"DOCKER_HOST", "docker.example"}, {"DOCKER_TLS", "1"}});
    REQUIRE(bare);
    CHECK(bare->base_url == "https://docker.example:2376");
    CHECK_FALSE(bare->tls_verify);
}

TEST_CASE("docker host: unsupported hosts say what to do instead") {
    auto ssh = resolve_endpoint({}, {{"DOCKER_HOST", "ssh://me@box"}});
    REQUIRE_FALSE(ssh);
    CHECK(ssh.error().kind == FailureKind::Unavailable);
    CHECK(dc::engine_message(ssh.error()) ==
          "engine: ssh:// Docker hosts are not supported (ssh://me@box): forward the socket with "
          "ssh -L /tmp/docker.sock:/var/run/docker.sock and set "
          "DOCKER_HOST=unix:///tmp/docker.sock");
    auto relative = resolve_endpoint({}, {{"DOCKER_HOST", "unix://docker.sock"}});
    REQUIRE_FALSE(relative);
    CHECK(relative.error().message ==
          "invalid Docker host \"unix://docker.sock\": a unix socket path must be absolute");
}

TEST_CASE("docker host: context directories are the SHA-256 of the name") {
    CHECK(dc::docker::context_digest("default") ==
          "37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f");
    CHECK(dc::docker::context_digest("remote") ==
          "b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a");
}

TEST_CASE("docker host: the current context of config.json") {
    dc::test::TempDir dir;
    Environment env = config_with_contexts(dir, "remote", {{"remote", "unix:///run/remote.sock"}});
    auto endpoint = resolve_endpoint({}, env);
    REQUIRE(endpoint);
    CHECK(endpoint->context == "remote");
    CHECK(endpoint->socket_path == "/run/remote.sock");
}

TEST_CASE("docker host: the docker CLI's order of precedence") {
    dc::test::TempDir dir;
    Environment env = config_with_contexts(
        dir, "remote", {{"remote", "unix:///run/remote.sock"}, {"other", "tcp://other:2375"}});
    env["DOCKER_CONTEXT"] = "other";
    CHECK(resolve_endpoint({}, env)->context == "other");
    env["DOCKER_HOST"] = "unix:///run/env.sock";
    CHECK(resolve_endpoint({}, env)->socket_path == "/run/env.sock");
    CHECK(resolve_endpoint({.context = "remote"}, env)->socket_path == "/run/remote.sock");
    CHECK(resolve_endpoint({.host = "unix:///run/flag.sock"}, env)->socket_path ==
          "/run/flag.sock");
    CHECK(resolve_endpoint(EndpointOverrides{.context = "default"}, {{"HOME", "/x"}})->host ==
          "unix:///var/run/docker.sock");
    auto both = resolve_endpoint({.context = "remote", .host = "unix:///x"}, env);
    REQUIRE_FALSE(both);
    CHECK(both.error().message ==
          "conflicting options: a host (-H) and a context (--context) both given");
}

TEST_CASE("docker host: a missing context names the file it looked for") {
    dc::test::TempDir dir;
    Environment env = config_with_contexts(dir, "gone", {});
    auto endpoint = resolve_endpoint({}, env);
    REQUIRE_FALSE(endpoint);
    CHECK(endpoint.error().kind == FailureKind::Unavailable);
    CHECK(endpoint.error().message == "docker context \"gone\" (the current context in " +
                                          dir.path() + "/config.json) not found: no " + dir.path() +
                                          "/contexts/meta/" + dc::docker::context_digest("gone") +
                                          "/meta.json");
}
