// HTTP to the Docker Engine with libcurl: one request at a time per thread, over the endpoint's
// Unix socket or TCP (optionally TLS), cancellable through a stop token. Any HTTP status is an
// answer here; connection trouble, timeouts, broken answers and cancellation are failures.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <curl/curl.h>

#include "core/engine.h"
#include "drivers/docker_host.h"

namespace dc::docker {

enum class Method { Get, Head, Post, Put, Delete };

std::string_view method_name(Method method);

struct HttpRequest {
    Method method = Method::Get;
    std::string target;  // Path and encoded query: "/v1.41/containers/json?all=1".
    std::string body;
    std::string content_type;  // For a body or an upload; none when empty.
    const ByteSource* upload = nullptr;  // A streamed body instead of `body`.
    std::vector<std::string> headers;  // Extra "Name: value" lines.
    std::chrono::milliseconds timeout{0};  // For the whole exchange; 0 waits forever.
};

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  // Lowercase names.
    std::string body;  // The whole body, unless a sink took a successful one.
    bool stopped = false;  // The sink answered Flow::Stop and the transfer was ended.

    std::string header(const std::string& lowercase_name) const;
};

// Receives the body of a successful (2xx) answer as it arrives. Other answers are collected in
// HttpResponse::body, so that their error message can be read.
using ChunkSink = std::function<Flow(std::string_view chunk)>;

struct TransportOptions {
    std::chrono::milliseconds connect_timeout{10000};
};

class HttpTransport {
  public:
    HttpTransport(Endpoint endpoint, TransportOptions options);

    EngineResult<HttpResponse> send(const HttpRequest& request, const ChunkSink& sink,
                                    std::stop_token stop) const;

    const Endpoint& endpoint() const { return endpoint_; }
    // Points a curl handle at the endpoint: URL base, socket, TLS, timeouts, no signals.
    void configure(CURL* handle, const std::string& target) const;

  private:
    Endpoint endpoint_;
    TransportOptions options_;
};

// ---- Failures on the way (http_errors.cpp) -------------------------------------------------

// A libcurl error as a failure: Unavailable for connecting (with what to do about it) and timeouts,
// Protocol for broken answers. `what` names the request: "GET /v1.41/_ping".
EngineFailure transport_failure(const Endpoint& endpoint, CURLcode code, long os_errno,
                                std::string_view curl_message, std::string_view what,
                                std::chrono::milliseconds timeout);

// "cannot connect to the Docker Engine at unix:///var/run/docker.sock: is the daemon running?
// (connect: No such file or directory)", or the docker-group advice for EACCES.
std::string connect_message(const Endpoint& endpoint, int os_errno);

// An error answer as a failure, classified by status and the engine's {"message"}.
EngineFailure status_failure(int status, std::string_view body, std::string_view what);

}  // namespace dc::docker
