// Archives: a tarball into a container's filesystem, and a path out of it as a tarball with the
// engine's stat of that path.
#include "core/credentials.h"
#include "drivers/client_internal.h"
#include "drivers/docker_client.h"

namespace dc::docker {

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
    auto json = nlohmann::json::parse(dc::base64_decode(header), nullptr, false);
    if (!json.is_object()) {
        return engine_failure(FailureKind::Protocol,
                              "unexpected answer to " + call.what() + ": no path stat header");
    }
    return decode<PathStat>(json, call, decode_path_stat);
}

}  // namespace dc::docker
