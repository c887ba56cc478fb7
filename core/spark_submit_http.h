// Plain HTTP as `dc spark submit` needs it for the master's REST submission endpoint (port 6066):
// one JSON request, one whole answer. core declares it; drivers/ implements it over libcurl, and
// tests replace it with a scripted fake. Any HTTP status is an answer; not reaching the server,
// a timeout or a broken answer is a failure.
#pragma once

#include <chrono>
#include <string>

#include "core/engine.h"

namespace dc {

struct HttpReply {
    int status = 0;
    std::string body{};
};

class HttpClient {
  public:
    virtual ~HttpClient() = default;

    // `method` is "GET" or "POST"; `url` is absolute ("http://172.18.0.2:6066/v1/..."). A
    // non-empty `json` body is sent as application/json.
    virtual EngineResult<HttpReply> send(const std::string& method, const std::string& url,
                                         const std::string& json,
                                         std::chrono::milliseconds timeout) = 0;
};

}  // namespace dc
