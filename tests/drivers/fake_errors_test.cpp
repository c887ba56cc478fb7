// The client's answers to a fake daemon's errors: not found as a value, conflicts, server errors,
// slow answers, missing daemons, and version negotiation.
#include <atomic>
#include <cerrno>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "tests/drivers/fake_daemon.h"

using dc::FailureKind;
using dc::Outcome;
using dc::test::FakeDaemon;
using dc::test::json_reply;

TEST_CASE("fake daemon: the API version is negotiated once and prefixes every call") {
    FakeDaemon daemon("1.43");
    std::string seen_path;
    daemon.server().Get(R"(/v[0-9.]+/containers/json)",
                        [&](const httplib::Request& req, httplib::Response& res) {
                            seen_path = req.path;
                            CHECK(req.get_header_value("Host") == "localhost");
                            json_reply(res, 200, "[]");
                        });
    daemon.start();
    auto client = daemon.client();
    REQUIRE(client.list_containers({}));
    REQUIRE(client.list_containers({}));
    CHECK(seen_path == "/v1.43/containers/json");
    CHECK(client.api_version()->str() == "1.43");
    CHECK(daemon.pings() == 1);
}

TEST_CASE("fake daemon: newer servers are capped at 1.47, older than 1.41 refused") {
    FakeDaemon newer("1.51");
    newer.start();
    CHECK(newer.client().api_version()->str() == "1.47");

    FakeDaemon silent("");
    silent.start();
    CHECK(silent.client().api_version()->str() == "1.41");

    FakeDaemon older("1.40");
    older.start();
    auto version = older.client().api_version();
    REQUIRE_FALSE(version);
    CHECK(version.error().kind == FailureKind::Unavailable);
    CHECK(version.error().message == "the Docker Engine at " + older.host() +
                                         " speaks API 1.40, older than 1.41 which dc needs "
                                         "(Docker 20.10 or newer)");
}

TEST_CASE("fake daemon: 404 on inspect is an empty value, on actions NotFound") {
    FakeDaemon daemon;
    daemon.server().Get(R"(/v1.41/containers/([^/]+)/json)",
                        [](const httplib::Request& req, httplib::Response& res) {
                            if (req.matches[1] == "web") {
                                json_reply(res, 200,
                                           R"({"Id":"abc","Name":"/web","State":{)"
                                           R"("Status":"running","Running":true},)"
                                           R"("Config":{"Labels":{"a":"b"}}})");
                            } else {
                                json_reply(res, 404, R"({"message":"No such container: x"})");
                            }
                        });
    daemon.server().Post(R"(/v1.41/containers/([^/]+)/stop)",
                         [](const httplib::Request& req, httplib::Response& res) {
                             CHECK(req.get_param_value("t") == "7");
                             json_reply(res, 404, R"({"message":"No such container: x"})");
                         });
    daemon.server().Post(R"(/v1.41/containers/([^/]+)/start)",
                         [](const httplib::Request&, httplib::Response& res) { res.status = 304; });
    daemon.server().Post(R"(/v1.41/exec/([^/]+)/resize)",
                         [](const httplib::Request& req, httplib::Response& res) {
                             CHECK(req.get_param_value("h") == "24");
                             CHECK(req.get_param_value("w") == "80");
                             res.status = req.matches[1] == "e1" ? 201 : 404;
                         });
    daemon.start();
    auto client = daemon.client();
    auto missing = client.inspect_container("x");
    REQUIRE(missing);
    CHECK_FALSE(missing->has_value());
    auto found = client.inspect_container("web");
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->name == "web");
    CHECK((*found)->state.running);
    CHECK((*found)->labels.at("a") == "b");
    CHECK(*client.stop_container("x", std::chrono::seconds(7)) == Outcome::NotFound);
    CHECK(*client.start_container("web") == Outcome::Unchanged);
    CHECK(*client.resize_exec("e1", 24, 80) == Outcome::Done);
    // An exec that does not exist is a failure: there is nothing to resize.
    CHECK(client.resize_exec("e2", 24, 80).error().kind == FailureKind::NotFound);
}

TEST_CASE("fake daemon: create answers 409 name in use and 404 no such image") {
    FakeDaemon daemon;
    daemon.server().Post("/v1.41/containers/create", [](const httplib::Request& req,
                                                        httplib::Response& res) {
        // The engine answers 400 to a JSON body without its content type.
        CHECK(req.get_header_value("Content-Type") == "application/json");
        if (req.get_param_value("name") == "web") {
            json_reply(res, 409,
                       R"({"message":"Conflict. The container name \"/web\" is already in use by )"
                       R"(container \"abc\". You have to remove (or rename) that container to be )"
                       R"(able to reuse that name."})");
        } else {
            json_reply(res, 404, R"({"message":"No such image: postgres:16"})");
        }
    });
    daemon.start();
    auto client = daemon.client();
    dc::ContainerSpec spec;
    spec.name = "web";
    spec.image = "postgres:16";
    auto in_use = client.create_container(spec);
    REQUIRE_FALSE(in_use);
    CHECK(in_use.error().kind == FailureKind::NameInUse);
    CHECK(in_use.error().http_status == 409);
    spec.name = "db";
    auto no_image = client.create_container(spec);
    REQUIRE_FALSE(no_image);
    CHECK(no_image.error().kind == FailureKind::NoSuchImage);
    CHECK_THROWS_WITH_AS(dc::value_or_throw(std::move(no_image)),
                         "engine: no such image: postgres:16", dc::EngineError);
}

TEST_CASE("fake daemon: 500 carries the engine's message; port conflicts are their own kind") {
    FakeDaemon daemon;
    daemon.server().Post(R"(/v1.41/containers/([^/]+)/start)", [](const httplib::Request& req,
                                                                  httplib::Response& res) {
        if (req.matches[1] == "web") {
            json_reply(res, 500,
                       R"({"message":"driver failed programming external connectivity on )"
                       R"(endpoint web (1f): Bind for 0.0.0.0:8080 failed: port is already )"
                       R"(allocated"})");
        } else if (req.matches[1] == "db") {
            json_reply(res, 500, R"({"message":"OCI runtime create failed: bad things"})");
        } else {
            res.status = 502;
            res.set_content("Bad Gateway\nfrom a proxy\n", "text/plain");
        }
    });
    daemon.start();
    auto client = daemon.client();
    auto port = client.start_container("web");
    REQUIRE_FALSE(port);
    CHECK(port.error().kind == FailureKind::PortAllocated);
    auto oci = client.start_container("db");
    REQUIRE_FALSE(oci);
    CHECK(oci.error().kind == FailureKind::ServerError);
    CHECK(oci.error().http_status == 500);
    CHECK(dc::EngineError(oci.error()).what() ==
          std::string("engine: OCI runtime create failed: bad things"));
    auto proxy = client.start_container("other");
    REQUIRE_FALSE(proxy);
    CHECK(proxy.error().message == "Bad Gateway");
}

TEST_CASE("fake daemon: a slow answer fails after the request timeout") {
    FakeDaemon daemon;
    daemon.server().Get(R"(/v1.41/containers/([^/]+)/json)",
                        [&](const httplib::Request&, httplib::Response& res) {
                            daemon.nap(std::chrono::seconds(5));
                            json_reply(res, 200, "{}");
                        });
    daemon.start();
    dc::docker::ClientOptions options;
    options.request_timeout = std::chrono::milliseconds(300);
    auto client = daemon.client(options);
    REQUIRE(client.api_version());
    auto started = std::chrono::steady_clock::now();
    auto slow = client.inspect_container("slow");
    auto elapsed = std::chrono::steady_clock::now() - started;
    REQUIRE_FALSE(slow);
    CHECK(slow.error().kind == FailureKind::Unavailable);
    CHECK(slow.error().message == "the Docker Engine at " + daemon.host() +
                                      " did not answer GET /v1.41/containers/slow/json within "
                                      "0.3 s");
    CHECK(elapsed < std::chrono::seconds(3));
}

TEST_CASE("fake daemon: no daemon, or a stale socket, is Unavailable with advice") {
    dc::test::TempDir dir;
    std::string path = dir.path() + "/none.sock";
    dc::docker::DockerClient client(dc::value_or_throw(dc::docker::parse_host("unix://" + path)));
    auto ping = client.ping();
    REQUIRE_FALSE(ping);
    CHECK(ping.error().kind == FailureKind::Unavailable);
    CHECK(dc::engine_message(ping.error()) ==
          "engine: cannot connect to the Docker Engine at unix://" + path +
              ": is the daemon running? (connect: No such file or directory)");

    {
        FakeDaemon stale;  // Bound, then stopped: the socket file stays behind.
        stale.start();
        stale.server().stop();
        auto refused = stale.client().list_containers({});
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message == "cannot connect to the Docker Engine at " + stale.host() +
                                             ": is the daemon running? (connect: Connection "
                                             "refused)");
    }

    auto endpoint = dc::value_or_throw(dc::docker::parse_host("unix:///var/run/docker.sock"));
    CHECK(dc::docker::connect_message(endpoint, EACCES) ==
          "cannot connect to the Docker Engine at unix:///var/run/docker.sock: permission denied; "
          "add your user to the docker group (sudo usermod -aG docker $USER) and log in again "
          "(connect: Permission denied)");
}

TEST_CASE("fake daemon: threads share one client, which negotiates once") {
    FakeDaemon daemon("1.45");
    std::atomic<int> served{0};
    daemon.server().Get("/v1.45/volumes", [&](const httplib::Request&, httplib::Response& res) {
        ++served;
        json_reply(res, 200, R"({"Volumes":[{"Name":"v"}],"Warnings":null})");
    });
    daemon.start();
    auto client = daemon.client();
    std::atomic<int> good{0};
    {
        // Four threads: cpp-httplib listens with a backlog of 5, and a Unix socket refuses
        // connections beyond it instead of queueing them.
        std::vector<std::jthread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 40; ++i) {
                    auto volumes = client.list_volumes({});
                    if (volumes && volumes->size() == 1 && volumes->front().name == "v") ++good;
                }
            });
        }
    }
    CHECK(good == 160);
    CHECK(served == 160);
    CHECK(daemon.pings() == 1);
}
