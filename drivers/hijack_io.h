// The socket side of a hijacked connection: a CONNECT_ONLY libcurl handle, waits that a stop
// token can interrupt, and the pump that moves stdin out and frames in.
#pragma once

#include <stop_token>
#include <string>
#include <string_view>

#include <curl/curl.h>

#include "core/engine.h"
#include "drivers/http.h"
#include "drivers/streams.h"

namespace dc::docker {

class Session {
  public:
    Session(const HttpTransport& transport, std::string what, std::stop_token stop);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Connects to the endpoint (socket, TCP, TLS) without sending anything.
    EngineResult<Outcome> open(const std::string& target);
    // Sends every byte, waiting for room as needed.
    EngineResult<Outcome> send_all(std::string_view data);
    // Waits for and returns the next bytes; empty when the engine closed the connection.
    EngineResult<std::string> receive();
    // Moves `input` to the engine and the stream (starting with `already_read`) through the
    // decoder to `sink`, until the engine closes it.
    EngineResult<Outcome> pump(std::string_view already_read, const ExecInput* input,
                               FrameDecoder& decoder, const FrameSink& sink);

    Unexpected<EngineFailure> protocol(std::string_view answer) const;

  private:
    struct Wake {
        int fd;
        void operator()() const;
    };

    // Polls the socket for `events` (and the wake pipe); false when cancelled.
    bool wait(short events) const;
    Unexpected<EngineFailure> cancelled() const;
    Unexpected<EngineFailure> broken(CURLcode code) const;
    // Reads what the socket has into `sink` through `decoder`; nullopt while the stream goes on.
    std::optional<EngineResult<Outcome>> drain(FrameDecoder& decoder, const FrameSink& sink);

    const HttpTransport& transport_;
    std::string what_;
    std::stop_token stop_;
    CURL* easy_ = nullptr;
    curl_socket_t socket_ = CURL_SOCKET_BAD;
    int wake_pipe_[2] = {-1, -1};
    std::stop_callback<Wake> wake_;  // Writes to the pipe, so a blocked poll() returns.
};

}  // namespace dc::docker
