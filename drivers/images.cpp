// Images: inspect, list, remove, tag, import a root filesystem tarball, pull.
#include "drivers/client_internal.h"
#include "drivers/docker_client.h"

namespace dc::docker {

EngineResult<std::optional<ImageInfo>> DockerClient::inspect_image(const std::string& reference) {
    Call call{Method::Get, "/images/" + escape_reference(reference) + "/json"};
    auto response = perform(call);
    if (response && response->status == 404) return std::optional<ImageInfo>();
    auto json = json_answer(response, call);
    if (!json) return failed(json);
    return decode<std::optional<ImageInfo>>(*json, call, decode_image);
}

EngineResult<std::vector<ImageSummary>> DockerClient::list_images(const Filters& filters) {
    Call call{Method::Get, "/images/json"};
    call.query.filters(filters);
    auto json = json_answer(perform(call), call);
    if (!json) return failed(json);
    return decode_list<ImageSummary>(*json, call, decode_image_summary);
}

EngineResult<Outcome> DockerClient::remove_image(const std::string& reference, Force force) {
    Call call{Method::Delete, "/images/" + escape_reference(reference)};
    call.query.flag("force", force == Force::Yes);
    return outcome_answer(perform(call), call);
}

EngineResult<Outcome> DockerClient::tag_image(const std::string& source,
                                              const std::string& repository,
                                              const std::string& tag) {
    Call call{Method::Post, "/images/" + escape_reference(source) + "/tag"};
    call.query.add("repo", repository).add("tag", tag.empty() ? std::string("latest") : tag);
    return done_answer(perform(call), call);
}

EngineResult<std::string> DockerClient::import_image(const ByteSource& tarball,
                                                     const ImportOptions& options,
                                                     const ProgressSink& progress) {
    Call call{Method::Post, "/images/create"};
    call.query.add("fromSrc", "-").add("repo", options.repository);
    call.query.add("tag", options.tag.empty() ? std::string("latest") : options.tag);
    for (const std::string& change : options.changes) call.query.add("changes", change);
    if (!options.message.empty()) call.query.add("message", options.message);
    call.upload = &tarball;
    call.content_type = "application/x-tar";
    call.duration = Duration::Long;
    auto id = json_stream(call, progress, {});
    if (id && id->empty()) {
        return engine_failure(FailureKind::Protocol,
                              "the engine did not name the imported image of " + call.what());
    }
    return id;
}

EngineResult<Outcome> DockerClient::pull_image(const std::string& image, const std::string& tag,
                                               const std::string& auth,
                                               const ProgressSink& progress, std::stop_token stop) {
    Call call{Method::Post, "/images/create"};
    // An empty tag would pull every tag of the repository.
    call.query.add("fromImage", image).add("tag", tag.empty() ? std::string("latest") : tag);
    if (!auth.empty()) call.headers.push_back("X-Registry-Auth: " + auth);
    call.duration = Duration::Long;
    auto pulled = json_stream(call, progress, stop);
    if (!pulled) return failed(pulled);
    return Outcome::Done;
}

}  // namespace dc::docker
