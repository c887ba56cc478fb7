// Version negotiation and the request path every DockerClient call takes.
#include "drivers/docker_client.h"

#include <charconv>

#include "drivers/api_version.h"
#include "drivers/client_internal.h"
#include "drivers/streams.h"

namespace dc::docker {

std::optional<ApiVersion> parse_api_version(std::string_view text) {
    ApiVersion version;
    std::size_t dot = text.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const char* end = text.data() + text.size();
    auto major = std::from_chars(text.data(), text.data() + dot, version.major);
    auto minor = std::from_chars(text.data() + dot + 1, end, version.minor);
    if (major.ec != std::errc() || major.ptr != text.data() + dot || minor.ec != std::errc() ||
        minor.ptr != end || dot == 0 || dot + 1 == text.size()) {
        return std::nullopt;
    }
    return version;
}

std::optional<ApiVersion> negotiate_api_version(ApiVersion server) {
    if (server < kApiMinimum) return std::nullopt;
    return std::min(server, kApiMaximum);
}

DockerClient::DockerClient(Endpoint endpoint, ClientOptions options)
    : transport_(std::move(endpoint), options.transport), options_(options) {}

EngineResult<PingInfo> DockerClient::ping() {
    HttpRequest request;
    request.target = "/_ping";
    request.timeout = options_.request_timeout;
    auto response = transport_.send(request, {}, {});
    if (!response) return failed(response);
    if (response->status != 200) {
        return Unexpected<EngineFailure>{
            status_failure(response->status, response->body, "GET /_ping")};
    }
    PingInfo info;
    std::string header = response->header("api-version");
    // An engine that does not say is taken for the oldest one dc supports.
    info.api_version = parse_api_version(header).value_or(kApiMinimum);
    info.os_type = response->header("ostype");
    return info;
}

EngineResult<ApiVersion> DockerClient::api_version() {
    // Serialises the first negotiation: concurrent first calls wait for one ping instead of each
    // sending their own, and every thread then reads the same settled version.
    std::lock_guard lock(version_mutex_);
    if (version_) return *version_;
    auto info = ping();
    if (!info) return failed(info);
    auto negotiated = negotiate_api_version(info->api_version);
    if (!negotiated) {
        return engine_failure(FailureKind::Unavailable,
                              "the Docker Engine at " + endpoint().host + " speaks API " +
                                  info->api_version.str() + ", older than " + kApiMinimum.str() +
                                  " which dc needs (Docker 20.10 or newer)");
    }
    version_ = *negotiated;
    return *version_;
}

EngineResult<VersionInfo> DockerClient::version() {
    Call call{Method::Get, "/version"};
    auto json = json_answer(perform(call), call);
    if (!json) return failed(json);
    return decode<VersionInfo>(*json, call, decode_version);
}

EngineResult<std::string> DockerClient::target(const Call& call) {
    auto api = api_version();
    if (!api) return failed(api);
    return "/v" + api->str() + call.path + call.query.str();
}

EngineResult<HttpResponse> DockerClient::perform(const Call& call, const ChunkSink& sink,
                                                 std::stop_token stop) {
    auto versioned = target(call);
    if (!versioned) return failed(versioned);
    HttpRequest request;
    request.method = call.method;
    request.target = std::move(*versioned);
    if (call.json) {
        request.body = call.json->dump();
        // The engine answers 400 to a JSON body without this type.
        request.content_type = "application/json";
    } else if (call.upload != nullptr) {
        request.upload = call.upload;
        request.content_type = call.content_type;
    }
    request.headers = call.headers;
    if (call.duration == Duration::Ordinary) request.timeout = options_.request_timeout;
    return transport_.send(request, sink, stop);
}

EngineResult<std::string> DockerClient::json_lines(
    const Call& call, const std::function<void(const JsonMessage&)>& on_message,
    std::stop_token stop) {
    LineSplitter lines;
    std::optional<EngineFailure> in_band;
    std::string image_id;
    auto on_line = [&](std::string_view line) {
        auto message = parse_json_message(line);
        if (!message) return Flow::Continue;  // Not JSON: the engine's noise, skipped.
        if (message->error) {
            in_band = EngineFailure{FailureKind::ServerError, 0, *message->error};
            return Flow::Stop;
        }
        if (!message->aux_id.empty()) image_id = message->aux_id;
        if (on_message) on_message(*message);
        return Flow::Continue;
    };
    auto response = perform(
        call, [&](std::string_view chunk) { return lines.feed(chunk, on_line); }, stop);
    if (response && response->status >= 200 && response->status <= 299 && !response->stopped) {
        lines.finish(on_line);
    }
    if (in_band) {
        // An error after the 200 status line: the engine's in-band {"error": ...}.
        in_band->http_status = response ? response->status : 0;
        return Unexpected<EngineFailure>{*in_band};
    }
    if (!response) return failed(response);
    if (response->status < 200 || response->status > 299) {
        return Unexpected<EngineFailure>{
            status_failure(response->status, response->body, call.what())};
    }
    return image_id;
}

EngineResult<std::string> DockerClient::json_stream(const Call& call, const ProgressSink& progress,
                                                    std::stop_token stop) {
    return json_lines(
        call,
        [&](const JsonMessage& message) {
            if (progress) progress(message.progress);
        },
        stop);
}

}  // namespace dc::docker
