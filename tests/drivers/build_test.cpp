// POST /build against a fake daemon: the query the options become, the streamed context, the
// builder's output and image id, a failed step in the stream, and a refusal before the stream.
#include <doctest/doctest.h>

#include "tests/drivers/fake_daemon.h"

using dc::FailureKind;
using dc::test::FakeDaemon;
using dc::test::json_reply;

namespace {

dc::ByteSource bytes_of(const std::string& data) {
    auto offset = std::make_shared<std::size_t>(0);
    return {[data, offset](char* buffer, std::size_t size) -> std::optional<std::size_t> {
                std::size_t n = std::min(size, data.size() - *offset);
                std::copy_n(data.data() + *offset, n, buffer);
                *offset += n;
                return n;
            },
            std::nullopt};
}

void stream_reply(httplib::Response& res, std::string lines) {
    res.set_chunked_content_provider("application/json",
                                     [lines](std::size_t, httplib::DataSink& sink) {
                                         sink.write(lines.data(), lines.size());
                                         sink.done();
                                         return true;
                                     });
}

}  // namespace

TEST_CASE("fake daemon: a build sends its options and context, and returns the aux image id") {
    FakeDaemon daemon;
    std::string body;
    daemon.server().Post("/v1.41/build", [&](const httplib::Request& req, httplib::Response& res) {
        CHECK(req.get_param_value("dockerfile") == "docker/Dockerfile");
        CHECK(req.get_param_value_count("t") == 2);
        CHECK(req.get_param_value("t", 1) == "extra:1");
        CHECK(req.get_param_value("target") == "final");
        CHECK(req.get_param_value("buildargs") == R"({"A":"1"})");
        CHECK(req.get_param_value("labels") == R"({"x":"y"})");
        CHECK(req.get_param_value("networkmode") == "host");
        CHECK(req.get_param_value("extrahosts") == "h:1.2.3.4");
        CHECK(req.get_param_value("shmsize") == "1024");
        CHECK(req.get_param_value("cachefrom") == R"(["c:1"])");
        CHECK(req.get_param_value("nocache") == "1");
        CHECK_FALSE(req.has_param("pull"));
        CHECK(req.get_param_value("rm") == "1");
        CHECK_FALSE(req.has_param("platform"));  // The engine's own, unless asked.
        CHECK(req.get_header_value("Content-Type") == "application/x-tar");
        body = req.body;
        stream_reply(res,
                     "{\"stream\":\"Step 1/2 : FROM scratch\\n\"}\r\n"
                     "{\"stream\":\" ---\\u003e Running\\n\"}\r\n"
                     "{\"aux\":{\"ID\":\"sha256:abc\"}}\r\n"
                     "{\"stream\":\"Successfully built abc\\n\"}\r\n");
    });
    daemon.start();
    auto client = daemon.client();
    dc::BuildOptions options{.dockerfile = "docker/Dockerfile",
                             .tags = {"p-app", "extra:1"},
                             .target = "final",
                             .args = {{"A", "1"}},
                             .labels = {{"x", "y"}},
                             .network_mode = "host",
                             .extra_hosts = {"h:1.2.3.4"},
                             .shm_size = 1024,
                             .cache_from = {"c:1"},
                             .no_cache = true};
    std::string output;
    auto id = client.build_image(bytes_of(std::string(5000, 't')), options,
                                 [&](const dc::BuildMessage& m) { output += m.stream; }, {});
    REQUIRE(id);
    CHECK(*id == "sha256:abc");
    CHECK(body == std::string(5000, 't'));
    CHECK(output == "Step 1/2 : FROM scratch\n ---> Running\nSuccessfully built abc\n");
}

TEST_CASE("fake daemon: a build for one platform names it in the platform parameter") {
    FakeDaemon daemon;
    std::string platform;
    daemon.server().Post("/v1.41/build", [&](const httplib::Request& req, httplib::Response& res) {
        platform = req.get_param_value("platform");
        stream_reply(res, "{\"aux\":{\"ID\":\"sha256:arm\"}}\r\n");
    });
    daemon.start();
    auto client = daemon.client();
    auto id = client.build_image(bytes_of("x"), {.platform = "linux/arm64/v8"}, {}, {});
    REQUIRE(id);
    CHECK(*id == "sha256:arm");
    CHECK(platform == "linux/arm64/v8");
}

TEST_CASE("fake daemon: a failed step in the build stream is a failure with the builder's words") {
    FakeDaemon daemon;
    daemon.server().Post("/v1.41/build", [&](const httplib::Request&, httplib::Response& res) {
        stream_reply(res,
                     "{\"stream\":\"Step 2/3 : RUN false\\n\"}\r\n"
                     "{\"errorDetail\":{\"code\":1,\"message\":\"The command '/bin/sh -c false' "
                     "returned a non-zero code: 1\"},\"error\":\"The command '/bin/sh -c false' "
                     "returned a non-zero code: 1\"}\r\n");
    });
    daemon.start();
    auto client = daemon.client();
    std::string output;
    auto id = client.build_image(bytes_of("x"), {},
                                 [&](const dc::BuildMessage& m) { output += m.stream; }, {});
    REQUIRE_FALSE(id);
    CHECK(id.error().kind == FailureKind::ServerError);
    CHECK(id.error().message == "The command '/bin/sh -c false' returned a non-zero code: 1");
    CHECK(output == "Step 2/3 : RUN false\n");
}

TEST_CASE("fake daemon: a build refused with 500 names the engine's message") {
    FakeDaemon daemon;
    daemon.server().Post("/v1.41/build", [&](const httplib::Request&, httplib::Response& res) {
        json_reply(res, 500,
                   R"({"message":"dockerfile parse error line 1: unknown instruction: FORM"})");
    });
    daemon.start();
    auto client = daemon.client();
    auto id = client.build_image(bytes_of("x"), {}, {}, {});
    REQUIRE_FALSE(id);
    CHECK(id.error().kind == FailureKind::ServerError);
    CHECK(id.error().http_status == 500);
    CHECK(id.error().message == "dockerfile parse error line 1: unknown instruction: FORM");
}
