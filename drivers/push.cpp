// Pushing an image: POST /images/{name}/push with the tag as a query parameter and the
// credentials in X-Registry-Auth. The engine answers 200 at once and reports a refusal by the
// registry in-band, in the JSON lines, as {"errorDetail": {...}, "error": "..."}.
#include "drivers/client_internal.h"
#include "drivers/docker_client.h"

namespace dc::docker {

namespace {

// base64url("{}"): engines before API 1.42 refuse a push without an X-Registry-Auth header,
// so a push without credentials sends an empty auth configuration, as the docker CLI does.
constexpr const char* kEmptyAuth = "e30=";

}  // namespace

EngineResult<Outcome> DockerClient::push_image(const std::string& image, const std::string& tag,
                                               const std::string& auth,
                                               const ProgressSink& progress, std::stop_token stop) {
    Call call{Method::Post, "/images/" + escape_reference(image) + "/push"};
    // An empty tag would push every tag of the repository.
    call.query.add("tag", tag.empty() ? std::string("latest") : tag);
    call.headers.push_back("X-Registry-Auth: " + (auth.empty() ? std::string(kEmptyAuth) : auth));
    call.duration = Duration::Long;
    auto pushed = json_stream(call, progress, stop);
    if (!pushed) return failed(pushed);
    return Outcome::Done;
}

}  // namespace dc::docker
