// A fake Docker daemon for the client's tests: cpp-httplib serving on a Unix socket in a temporary
// directory, answering /_ping with a chosen API version. Tests add the routes they need.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <httplib.h>
#include <sys/socket.h>

#include "drivers/docker_client.h"
#include "tests/unit/test_util.h"

namespace dc::test {

class FakeDaemon {
  public:
    explicit FakeDaemon(std::string api_version = "1.41")
        : socket_path_(dir_.path() + "/docker.sock"), api_version_(std::move(api_version)) {
        server_.set_address_family(AF_UNIX);
        // One request per connection: the client's idle connections would otherwise hold the
        // server's workers (and its stop) for the keep-alive timeout.
        server_.set_keep_alive_max_count(1);
        server_.Get("/_ping", [this](const httplib::Request&, httplib::Response& res) {
            ++pings_;
            if (!api_version_.empty()) res.set_header("Api-Version", api_version_);
            res.set_header("OSType", "linux");
            res.set_content("OK", "text/plain");
        });
    }

    ~FakeDaemon() {
        stopping_ = true;
        server_.stop();
        if (thread_.joinable()) thread_.join();
    }

    FakeDaemon(const FakeDaemon&) = delete;
    FakeDaemon& operator=(const FakeDaemon&) = delete;

    httplib::Server& server() { return server_; }

    // Starts serving; call after adding routes.
    void start() {
        if (!server_.bind_to_port(socket_path_, 80)) throw std::runtime_error("fake daemon: bind");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!server_.is_running()) {
            if (std::chrono::steady_clock::now() > deadline) {
                throw std::runtime_error("fake daemon: did not start");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    std::string host() const { return "unix://" + socket_path_; }
    const std::string& socket_path() const { return socket_path_; }
    int pings() const { return pings_; }
    // True once the test is over: slow handlers poll it so that the server can stop.
    bool stopping() const { return stopping_; }

    docker::DockerClient client(docker::ClientOptions options = {}) const {
        return docker::DockerClient(value_or_throw(docker::parse_host(host())), options);
    }

    // Sleeps up to `limit`, or less once the test ends.
    void nap(std::chrono::milliseconds limit) const {
        auto deadline = std::chrono::steady_clock::now() + limit;
        while (!stopping_ && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

  private:
    TempDir dir_;
    std::string socket_path_;
    std::string api_version_;
    httplib::Server server_;
    std::thread thread_;
    std::atomic<int> pings_{0};
    std::atomic<bool> stopping_{false};
};

// A multiplexed frame: [stream, 0, 0, 0, big-endian size] + payload.
inline std::string mux_frame(char stream, std::string_view payload) {
    std::string out{stream, 0, 0, 0};
    auto size = static_cast<std::uint32_t>(payload.size());
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((size >> shift) & 0xff);
    return out + std::string(payload);
}

inline void json_reply(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json");
}

}  // namespace dc::test
