// Attaching to a container against a raw-socket fake daemon (the attach is hijacked like an exec's
// start, which cpp-httplib cannot serve), and resizing its TTY against the cpp-httplib fake.
#include <atomic>
#include <cstring>
#include <thread>

#include <doctest/doctest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tests/drivers/fake_daemon.h"

using dc::Flow;
using dc::StreamKind;
using dc::test::mux_frame;

namespace {

// Serves one attach per connection: upgrades, says "attached", echoes stdin as stdout frames
// until the client half-closes, then writes "bye" on stderr and closes, as a container whose
// `cat` read its input to the end.
class AttachFake {
  public:
    AttachFake() : path_(dir_.path() + "/attach.sock") {
        listener_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path_.c_str(), sizeof address.sun_path - 1);
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(listener_, 8) != 0) {
            throw std::runtime_error("attach fake: bind");
        }
        thread_ = std::thread([this] { serve(); });
    }
    ~AttachFake() {
        ::shutdown(listener_, SHUT_RDWR);
        thread_.join();
        ::close(listener_);
    }

    dc::docker::DockerClient client() const {
        return dc::docker::DockerClient(
            dc::value_or_throw(dc::docker::parse_host("unix://" + path_)));
    }
    std::string request() const { return request_; }

  private:
    static bool readable(int fd) {
        pollfd p{fd, POLLIN, 0};
        return ::poll(&p, 1, 5000) > 0;
    }
    static void send_text(int fd, std::string_view text) {
        ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    }

    void serve() {
        for (;;) {
            int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) return;
            handle(fd);
            ::close(fd);
        }
    }

    void handle(int fd) {
        std::string data;
        char buffer[4096];
        while (data.find("\r\n\r\n") == std::string::npos && readable(fd)) {
            ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) return;
            data.append(buffer, static_cast<std::size_t>(n));
        }
        if (data.starts_with("GET /_ping ")) {
            send_text(fd, "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK");
            return;
        }
        request_ = data;
        if (data.starts_with("POST /v1.41/containers/missing/attach")) {
            std::string body = R"({"message":"No such container: missing"})";
            send_text(fd,
                      "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                      "Content-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body);
            return;
        }
        send_text(fd,
                  "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-"
                  "stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n" +
                      mux_frame(1, "attached\n"));
        while (readable(fd)) {
            ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            send_text(fd, mux_frame(1, std::string_view(buffer, static_cast<std::size_t>(n))));
        }
        send_text(fd, mux_frame(2, "bye\n"));
    }

    dc::test::TempDir dir_;
    std::string path_;
    int listener_ = -1;
    std::thread thread_;
    std::string request_;
};

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

TEST_CASE("attach: on_attached runs before any output, stdin goes out and its end half-closes") {
    AttachFake fake;
    auto client = fake.client();
    Output output;
    bool called_before_output = false;
    dc::AttachOptions options{.attach_stdin = true};
    options.on_attached = [&] {
        called_before_output = output.out.empty();
        return Flow::Continue;
    };
    dc::ExecInput input{.bytes = "one\ntwo\n"};
    auto result = client.attach_container("c1", options, input, output.sink(), {});
    REQUIRE(result);
    CHECK(called_before_output);
    CHECK(output.out == "attached\none\ntwo\n");
    CHECK(output.err == "bye\n");
    CHECK(fake.request().starts_with(
        "POST /v1.41/containers/c1/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\n"));
    CHECK(fake.request().find("\r\nUpgrade: tcp\r\n") != std::string::npos);
}

TEST_CASE("attach: Flow::Stop from on_attached ends it; a missing container is NotFound") {
    AttachFake fake;
    auto client = fake.client();
    Output output;
    dc::AttachOptions options;
    options.on_attached = [] { return Flow::Stop; };
    auto stopped = client.attach_container("c2", options, {}, output.sink(), {});
    REQUIRE(stopped);
    CHECK(output.out.empty());
    CHECK(fake.request().starts_with("POST /v1.41/containers/c2/attach?stream=1&stdin=0&"));

    auto missing = client.attach_container("missing", {}, {}, output.sink(), {});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == dc::FailureKind::NotFound);
    CHECK(missing.error().message == "No such container: missing");
}

TEST_CASE("attach: resize_container sends the size as the engine takes it") {
    dc::test::FakeDaemon daemon;
    std::string query;
    daemon.server().Post("/v1.41/containers/c1/resize",
                         [&](const httplib::Request& req, httplib::Response& res) {
                             query = req.get_param_value("h") + "x" + req.get_param_value("w");
                             res.status = 200;
                         });
    daemon.start();
    auto client = daemon.client();
    auto result = client.resize_container("c1", 33, 99);
    REQUIRE(result);
    CHECK(*result == dc::Outcome::Done);
    CHECK(query == "33x99");
    auto missing = client.resize_container("c2", 1, 1);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == dc::FailureKind::NotFound);
}
