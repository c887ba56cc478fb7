// Hijacked exec streams against a raw-socket fake daemon: cpp-httplib cannot hand a handler its
// socket, so this fake speaks the few lines of HTTP itself, then echoes stdin back as stdout
// frames until the client half-closes.
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

class RawFake {
  public:
    RawFake() : path_(dir_.path() + "/raw.sock") {
        listener_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path_.c_str(), sizeof address.sun_path - 1);
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(listener_, 8) != 0) {
            throw std::runtime_error("raw fake: bind");
        }
        thread_ = std::thread([this] { serve(); });
    }
    ~RawFake() {
        done_ = true;
        ::shutdown(listener_, SHUT_RDWR);
        thread_.join();
        ::close(listener_);
    }

    dc::docker::DockerClient client() const {
        return dc::docker::DockerClient(
            dc::value_or_throw(dc::docker::parse_host("unix://" + path_)));
    }
    std::string last_request() const { return last_request_; }

  private:
    static bool wait_readable(int fd, int ms) {
        pollfd p{fd, POLLIN, 0};
        return ::poll(&p, 1, ms) > 0;
    }
    static void send_text(int fd, std::string_view text) {
        ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    }

    void serve() {
        while (!done_) {
            int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) return;
            handle(fd);
            ::close(fd);
        }
    }

    std::string read_request(int fd) {
        std::string data;
        char buffer[4096];
        while (data.find("\r\n\r\n") == std::string::npos && wait_readable(fd, 5000)) {
            ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            data.append(buffer, static_cast<std::size_t>(n));
        }
        return data;
    }

    void handle(int fd) {
        std::string request = read_request(fd);
        std::string line = request.substr(0, request.find("\r\n"));
        if (line.starts_with("GET /_ping ")) {
            send_text(fd,
                      "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n"
                      "Connection: close\r\n\r\nOK");
            return;
        }
        last_request_ = request;
        if (line.starts_with("POST /v1.41/exec/missing/start ")) {
            // Keep-alive: the client must stop at Content-Length, not wait for the close.
            std::string body = R"({"message":"No such exec instance: missing"})";
            send_text(fd,
                      "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                      "Content-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body);
            wait_readable(fd, 5000);
            return;
        }
        std::string upgraded =
            "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker."
            "raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
        if (line.starts_with("POST /v1.41/exec/tty/start ")) {
            send_text(fd, upgraded + "raw \x01 bytes\r\n");
            return;
        }
        // The first frame rides in the same packet as the answer's head.
        send_text(fd, upgraded + mux_frame(1, "ready\n"));
        echo_until_eof(fd);
    }

    void echo_until_eof(int fd) {
        char buffer[4096];
        while (wait_readable(fd, 5000)) {
            ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n == 0) {
                send_text(fd, mux_frame(2, "stdin closed\n"));
                return;
            }
            if (n < 0) return;
            send_text(fd, mux_frame(1, std::string_view(buffer, static_cast<std::size_t>(n))));
        }
        send_text(fd, mux_frame(2, "no end of input within 5 s\n"));
    }

    dc::test::TempDir dir_;
    std::string path_;
    int listener_ = -1;
    std::thread thread_;
    std::atomic<bool> done_{false};
    std::string last_request_;
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

dc::ExecSpec interactive() {
    dc::ExecSpec spec;
    spec.cmd = {"cat"};
    spec.attach_stdin = true;
    return spec;
}

}  // namespace

TEST_CASE("hijack: stdin goes out, output comes back, and end of input half-closes") {
    RawFake fake;
    auto client = fake.client();
    Output output;
    dc::ExecInput input{.bytes = "line one\nline two\n"};
    auto result = client.start_exec("e1", interactive(), input, output.sink(), {});
    REQUIRE(result);
    CHECK(output.out == "ready\nline one\nline two\n");
    CHECK(output.err == "stdin closed\n");
    std::string request = fake.last_request();
    CHECK(request.starts_with("POST /v1.41/exec/e1/start HTTP/1.1\r\n"));
    CHECK(request.find("\r\nUpgrade: tcp\r\n") != std::string::npos);
    CHECK(request.find("\r\nConnection: Upgrade\r\n") != std::string::npos);
    CHECK(request.ends_with("\r\n\r\n{\"Detach\":false,\"Tty\":false}"));
}

TEST_CASE("hijack: stdin from a file descriptor is read to its end") {
    RawFake fake;
    auto client = fake.client();
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::thread writer([&] {
        for (int i = 0; i < 3; ++i) {
            std::string text = "part " + std::to_string(i) + "\n";
            REQUIRE(::write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ::close(fds[1]);
    });
    Output output;
    auto result = client.start_exec("e2", interactive(), {.fd = fds[0]}, output.sink(), {});
    writer.join();
    ::close(fds[0]);
    REQUIRE(result);
    CHECK(output.out == "ready\npart 0\npart 1\npart 2\n");
    CHECK(output.err == "stdin closed\n");
}

TEST_CASE("hijack: an error answer instead of the upgrade is a failure") {
    RawFake fake;
    auto client = fake.client();
    Output output;
    auto result = client.start_exec("missing", interactive(), {}, output.sink(), {});
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == dc::FailureKind::NotFound);
    CHECK(result.error().http_status == 404);
    CHECK(result.error().message == "No such exec instance: missing");
}

TEST_CASE("hijack: a TTY's output is raw, and cancellation ends a silent stream") {
    RawFake fake;
    auto client = fake.client();
    dc::ExecSpec tty;
    tty.cmd = {"sh"};
    tty.tty = true;
    Output output;
    REQUIRE(client.start_exec("tty", tty, {}, output.sink(), {}));
    CHECK(output.out == "raw \x01 bytes\r\n");

    // Stdin attached but never ending: the fake waits, the caller gives up.
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::stop_source source;
    std::jthread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        source.request_stop();
    });
    auto result =
        client.start_exec("e3", interactive(), {.fd = fds[0]}, output.sink(), source.get_token());
    ::close(fds[0]);
    ::close(fds[1]);
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == dc::FailureKind::Cancelled);
}
