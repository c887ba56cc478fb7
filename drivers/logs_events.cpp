// The two long-lived streams: a container's logs (multiplexed frames, or raw for a TTY) and the
// engine's events (JSON lines).
#include <cstdio>

#include "drivers/api_version.h"
#include "drivers/client_internal.h"
#include "drivers/docker_client.h"
#include "drivers/streams.h"

namespace dc::docker {

namespace {

// The engine's timestamp form: seconds and nanoseconds, "1700000000.000000001".
std::string unix_time(TimePoint time) {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
    long long seconds = ns / 1'000'000'000;
    long long rest = ns % 1'000'000'000;
    if (rest < 0) {
        seconds -= 1;
        rest += 1'000'000'000;
    }
    char text[48];
    std::snprintf(text, sizeof text, "%lld.%09lld", seconds, rest);
    return text;
}

// A stream answer's end: a failure of the decoder first (it explains a cut stream better than
// libcurl), then the transport's, then the status.
EngineResult<Outcome> stream_end(const EngineResult<HttpResponse>& response,
                                 const std::optional<EngineFailure>& decoder_failure,
                                 const Call& call) {
    if (decoder_failure) return Unexpected<EngineFailure>{*decoder_failure};
    if (!response) return failed(response);
    if (response->status == 404) {
        return Unexpected<EngineFailure>{status_failure(404, response->body, call.what())};
    }
    return done_answer(response, call);
}

}  // namespace

EngineResult<Outcome> DockerClient::logs(const std::string& id, const LogOptions& options,
                                         const FrameSink& sink, std::stop_token stop) {
    // Before kApiStreamContentType only the container's Tty setting says whether the logs are
    // multiplexed, so the client asks; the answer also turns a missing container into NotFound.
    auto info = inspect_container(id);
    if (!info) return failed(info);
    if (!*info) return Outcome::NotFound;
    Call call{Method::Get, "/containers/" + escape(id) + "/logs"};
    call.query.flag("follow", options.follow).flag("stdout", options.show_stdout);
    call.query.flag("stderr", options.show_stderr).flag("timestamps", options.timestamps);
    if (options.since) call.query.add("since", unix_time(*options.since));
    if (options.until) call.query.add("until", unix_time(*options.until));
    call.query.add("tail", options.tail ? std::to_string(*options.tail) : std::string("all"));
    call.duration = Duration::Long;
    FrameDecoder decoder((*info)->tty ? StreamFormat::Raw : StreamFormat::Multiplexed);
    std::optional<EngineFailure> decoder_failure;
    auto response = perform(
        call,
        [&](std::string_view chunk) {
            auto flow = decoder.feed(chunk, sink);
            if (flow) return *flow;
            decoder_failure = flow.error();
            return Flow::Stop;
        },
        stop);
    if (!decoder_failure && response && !response->stopped) {
        if (auto end = decoder.finish(); !end) decoder_failure = end.error();
    }
    return stream_end(response, decoder_failure, call);
}

EngineResult<Outcome> DockerClient::events(const EventOptions& options, const EventSink& sink,
                                           std::stop_token stop) {
    Call call{Method::Get, "/events"};
    if (options.since) call.query.add("since", unix_time(*options.since));
    if (options.until) call.query.add("until", unix_time(*options.until));
    call.query.filters(options.filters);
    call.duration = Duration::Long;
    LineSplitter lines;
    std::optional<EngineFailure> decoder_failure;
    auto on_line = [&](std::string_view line) {
        auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        auto event = decode<Event>(json, call, decode_event);
        if (json.is_object() && event) return sink(*event);
        decoder_failure = event ? EngineFailure{FailureKind::Protocol, 0,
                                                "unexpected event from " + call.what() + ": " +
                                                    std::string(line.substr(0, 200))}
                                : event.error();
        return Flow::Stop;
    };
    auto response = perform(
        call, [&](std::string_view chunk) { return lines.feed(chunk, on_line); }, stop);
    if (!decoder_failure && response && !response->stopped) lines.finish(on_line);
    return stream_end(response, decoder_failure, call);
}

}  // namespace dc::docker
