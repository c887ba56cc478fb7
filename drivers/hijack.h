// Hijacked connections: POST with "Connection: Upgrade" / "Upgrade: tcp", answered by
// "101 UPGRADED", after which the socket carries the process's stdin one way and its output the
// other. libcurl cannot hand over a socket after an HTTP answer, so the request is written by hand
// on a CONNECT_ONLY handle (which still does the Unix socket, TCP and TLS part).
#pragma once

#include <functional>
#include <stop_token>
#include <string>

#include "core/engine.h"
#include "drivers/http.h"
#include "drivers/streams.h"

namespace dc::docker {

struct HijackRequest {
    std::string target;  // Versioned: "/v1.41/exec/abc/start".
    std::string json_body;
    // What to send as stdin, or null for none. After the input ends the client half-closes the
    // connection (shutdown of its write side), which the process reads as end of input.
    const ExecInput* input = nullptr;
    StreamFormat format = StreamFormat::Multiplexed;
    // Called once the engine upgraded the connection, before any output is read (attach starts
    // the container there, so that nothing it writes is missed). Flow::Stop ends the exchange.
    std::function<Flow()> on_upgraded = {};
};

// Runs the exchange until the engine closes the stream (the process ended), the sink stops, or
// `stop` is triggered. An error answer instead of the upgrade is a failure as for any request.
EngineResult<Outcome> run_hijacked(const HttpTransport& transport, const HijackRequest& request,
                                   const FrameSink& sink, std::stop_token stop);

}  // namespace dc::docker
