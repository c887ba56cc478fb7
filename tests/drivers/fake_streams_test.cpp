// The client's streams against a fake daemon: logs in pieces and cut short, JSON lines with an
// in-band error, events stopped and cancelled, and uploads.
#include <stop_token>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/drivers/fake_daemon.h"

using dc::FailureKind;
using dc::Flow;
using dc::Outcome;
using dc::StreamKind;
using dc::test::FakeDaemon;
using dc::test::json_reply;
using dc::test::mux_frame;

namespace {

// Answers the inspect that precedes a logs call (a container without a TTY).
void add_inspect(FakeDaemon& daemon) {
    daemon.server().Get(R"(/v1.41/containers/([^/]+)/json)", [](const httplib::Request& req,
                                                                httplib::Response& res) {
        json_reply(res, 200, R"({"Id":")" + req.matches[1].str() + R"(","Config":{"Tty":false}})");
    });
}

struct Output {
    std::string out, err;
    dc::FrameSink sink() {
        return [this](const dc::OutputFrame& frame) {
            (frame.stream == StreamKind::Stderr ? err : out) += frame.bytes;
            return Flow::Continue;
        };
    }
};

}  // namespace

TEST_CASE("fake daemon: log frames split across reads are put back together") {
    FakeDaemon daemon;
    add_inspect(daemon);
    std::string stream =
        mux_frame(1, "hello\n") + mux_frame(2, "warning\n") + mux_frame(1, "bye\n");
    // Three bytes at a time, a moment apart, so that headers and payloads reach the client cut
    // at every kind of place.
    auto provider = [&](std::size_t, httplib::DataSink& sink) {
        for (std::size_t at = 0; at < stream.size(); at += 3) {
            std::string piece = stream.substr(at, 3);
            sink.write(piece.data(), piece.size());
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        sink.done();
        return true;
    };
    daemon.server().Get(R"(/v1.41/containers/([^/]+)/logs)",
                        [&](const httplib::Request& req, httplib::Response& res) {
                            CHECK(req.get_param_value("tail") == "all");
                            CHECK(req.get_param_value("stdout") == "1");
                            res.set_chunked_content_provider("application/octet-stream", provider);
                        });
    daemon.start();
    auto client = daemon.client();
    Output output;
    auto result = client.logs("web", {}, output.sink(), {});
    REQUIRE(result);
    CHECK(*result == Outcome::Done);
    CHECK(output.out == "hello\nbye\n");
    CHECK(output.err == "warning\n");
}

TEST_CASE("fake daemon: a log stream cut in the middle is a protocol failure") {
    FakeDaemon daemon;
    add_inspect(daemon);
    daemon.server().Get(R"(/v1.41/containers/([^/]+)/logs)", [&](const httplib::Request&,
                                                                 httplib::Response& res) {
        res.set_chunked_content_provider(
            "application/octet-stream", [&](std::size_t, httplib::DataSink& sink) {
                std::string part = mux_frame(1, "first\n") + mux_frame(1, "second\n").substr(0, 10);
                sink.write(part.data(), part.size());
                return false;  // Drops the connection.
            });
    });
    daemon.start();
    auto client = daemon.client();
    Output output;
    auto result = client.logs("web", {}, output.sink(), {});
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == FailureKind::Protocol);
    CHECK(result.error().message.starts_with(
        "the connection to the Docker Engine broke in the middle of the answer to GET "
        "/v1.41/containers/web/logs?"));
    CHECK(output.out == "first\n");
}

TEST_CASE("fake daemon: an error inside a 200 JSON-lines stream fails the pull") {
    FakeDaemon daemon;
    daemon.server().Post("/v1.41/images/create", [](const httplib::Request& req,
                                                    httplib::Response& res) {
        CHECK(req.get_param_value("fromImage") == "postgres");
        CHECK(req.get_param_value("tag") == "16");
        CHECK(req.get_header_value("X-Registry-Auth") == "e30");
        res.set_chunked_content_provider("application/json", [](std::size_t,
                                                                httplib::DataSink& sink) {
            std::string lines =
                "{\"status\":\"Pulling from library/postgres\",\"id\":\"16\"}\r\n"
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":2},"
                "\"id\":\"a1\"}\r\n"
                "{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}"
                "\r\n";
            sink.write(lines.data(), lines.size());
            sink.done();
            return true;
        });
    });
    daemon.start();
    auto client = daemon.client();
    std::vector<std::string> statuses;
    auto pulled = client.pull_image(
        "postgres", "16", "e30",
        [&](const dc::ProgressLine& line) { statuses.push_back(line.status); }, {});
    REQUIRE_FALSE(pulled);
    CHECK(pulled.error().kind == FailureKind::ServerError);
    CHECK(pulled.error().http_status == 200);
    CHECK(pulled.error().message == "unexpected EOF");
    CHECK(statuses == std::vector<std::string>{"Pulling from library/postgres", "Downloading"});
}

TEST_CASE("fake daemon: events stop on the sink's word, and on cancellation") {
    FakeDaemon daemon;
    daemon.server().Get("/v1.41/events", [&](const httplib::Request& req, httplib::Response& res) {
        CHECK(req.get_param_value("filters") == R"({"label":["com.docker.compose.project=p"]})");
        res.set_chunked_content_provider(
            "application/json", [&](std::size_t offset, httplib::DataSink& sink) {
                if (offset == 0) {
                    std::string line =
                        R"({"Type":"container","Action":"health_status: healthy","Actor":)"
                        R"({"ID":"abc","Attributes":{"name":"p-web-1"}},"scope":"local",)"
                        R"("timeNano":1700000000000000001})"
                        "\n";
                    sink.write(line.data(), line.size());
                    return true;
                }
                // Then nothing for a long time, as a quiet engine does.
                daemon.nap(std::chrono::milliseconds(50));
                return sink.is_writable() && !daemon.stopping();
            });
    });
    daemon.start();
    auto client = daemon.client();
    dc::EventOptions options;
    options.filters["label"] = {"com.docker.compose.project=p"};

    dc::Event seen;
    auto stopped = client.events(options,
                                 [&](const dc::Event& event) {
                                     seen = event;
                                     return Flow::Stop;
                                 },
                                 {});
    REQUIRE(stopped);
    CHECK(seen.action == "health_status");
    CHECK(seen.health_status == "healthy");
    CHECK(seen.attributes.at("name") == "p-web-1");
    CHECK(seen.time_nano == 1700000000000000001);

    std::stop_source source;
    std::jthread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        source.request_stop();
    });
    auto started = std::chrono::steady_clock::now();
    auto cancelled = client.events(
        options, [](const dc::Event&) { return Flow::Continue; }, source.get_token());
    REQUIRE_FALSE(cancelled);
    CHECK(cancelled.error().kind == FailureKind::Cancelled);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    CHECK(dc::EngineError(cancelled.error()).kind() == dc::ErrorKind::Cancelled);
}

TEST_CASE("fake daemon: an import streams its tarball and returns the image id") {
    FakeDaemon daemon;
    std::string received;
    daemon.server().Post("/v1.41/images/create",
                         [&](const httplib::Request& req, httplib::Response& res) {
                             CHECK(req.get_param_value("fromSrc") == "-");
                             CHECK(req.get_param_value("repo") == "dc-test/busybox");
                             CHECK(req.get_param_value("tag") == "t1");
                             CHECK(req.get_header_value("Content-Type") == "application/x-tar");
                             received = req.body;
                             json_reply(res, 200, "{\"status\":\"sha256:feed\"}\r\n");
                         });
    daemon.start();
    auto client = daemon.client();
    std::string data(100000, 'x');
    std::size_t offset = 0;
    dc::ByteSource source{[&](char* buffer, std::size_t size) -> std::optional<std::size_t> {
                              std::size_t n = std::min(size, data.size() - offset);
                              std::copy_n(data.data() + offset, n, buffer);
                              offset += n;
                              return n;
                          },
                          std::nullopt};  // Unknown size: sent chunked.
    auto id = client.import_image(source, {.repository = "dc-test/busybox", .tag = "t1"}, {});
    REQUIRE(id);
    CHECK(*id == "sha256:feed");
    CHECK(received == data);
}

TEST_CASE("fake daemon: below API 1.44 extra networks are connected after create") {
    for (std::string version : {"1.41", "1.44"}) {
        CAPTURE(version);
        FakeDaemon daemon(version);
        std::vector<std::string> calls;
        std::string prefix = "/v" + version;
        daemon.server().Post(prefix + "/containers/create", [&](const httplib::Request& req,
                                                                httplib::Response& res) {
            auto body = nlohmann::json::parse(req.body);
            calls.push_back("create " +
                            std::to_string(body["NetworkingConfig"]["EndpointsConfig"].size()));
            CHECK(body["NetworkingConfig"]["EndpointsConfig"]["front"]["Aliases"][0] == "web");
            json_reply(res, 201, R"({"Id":"c1","Warnings":[]})");
        });
        daemon.server().Post(prefix + R"(/networks/([^/]+)/connect)",
                             [&](const httplib::Request& req, httplib::Response& res) {
                                 calls.push_back("connect " + req.matches[1].str());
                                 json_reply(res, 404, R"({"message":"network back not found"})");
                             });
        daemon.server().Delete(prefix + "/containers/c1",
                               [&](const httplib::Request&, httplib::Response& res) {
                                   calls.push_back("remove");
                                   res.status = 204;
                               });
        daemon.start();
        auto client = daemon.client();
        dc::ContainerSpec spec;
        spec.image = "busybox";
        spec.networks = {{.network = "front", .aliases = {"web"}}, {.network = "back"}};
        auto created = client.create_container(spec);
        if (version == "1.44") {
            REQUIRE(created);
            CHECK(calls == std::vector<std::string>{"create 2"});
            continue;
        }
        REQUIRE_FALSE(created);
        CHECK(created.error().kind == FailureKind::NotFound);
        CHECK(created.error().message ==
              "connecting the new container to network back failed, so "
              "it was removed: network back not found");
        CHECK(calls == std::vector<std::string>{"create 1", "connect back", "remove"});
    }
}
