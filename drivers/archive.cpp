// Archives: a tarball into a container's filesystem, and a path out of it as a tarball with the
// engine's stat of that path.
#include "drivers/client_internal.h"
#include "drivers/docker_client.h"

namespace dc::docker {

namespace {

// The stat header is standard base64 of JSON.
std::string base64_decode(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (char c : text) {
        int v = value(c);
        if (v < 0) continue;  // Padding and line breaks.
        bits = (bits << 6) | static_cast<unsigned>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xff);
        }
    }
    return out;
}

}  // namespace

EngineResult<Outcome> DockerClient::put_archive(const std::string& container,
                                                const std::string& path,
                                                const ByteSource& tarball) {
    Call call{Method::Put, "/containers/" + escape(container) + "/archive"};
    call.query.add("path", path);
    call.upload = &tarball;
    call.content_type = "application/x-tar";
    call.duration = Duration::Long;
    return done_answer(perform(call), call);
}

EngineResult<PathStat> DockerClient::get_archive(const std::string& container,
                                                 const std::string& path, const ByteSink& sink) {
    Call call{Method::Get, "/containers/" + escape(container) + "/archive"};
    call.query.add("path", path);
    call.duration = Duration::Long;
    auto response = perform(call, sink);
    if (!response) return failed(response);
    if (response->status < 200 || response->status > 299) {
        return Unexpected<EngineFailure>{
            status_failure(response->status, response->body, call.what())};
    }
    std::string header = response->header("x-docker-container-path-stat");
    auto json = nlohmann::json::parse(base64_decode(header), nullptr, false);
    if (!json.is_object()) {
        return engine_failure(FailureKind::Protocol,
                              "unexpected answer to " + call.what() + ": no path stat header");
    }
    return decode<PathStat>(json, call, decode_path_stat);
}

}  // namespace dc::docker
