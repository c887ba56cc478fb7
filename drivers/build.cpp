// Building an image: POST /build with the context's tar as the body and the options as query
// parameters, the classic builder's JSON lines read as they arrive. The builder reports a failed
// step in-band, after its 200 status: {"errorDetail": {...}, "error": "..."}.
#include <nlohmann/json.hpp>

#include "drivers/client_internal.h"
#include "drivers/docker_client.h"
#include "drivers/streams.h"

namespace dc::docker {

namespace {

// The engine reads these maps as JSON objects in one query parameter.
std::string json_map(const std::map<std::string, std::string>& values) {
    return nlohmann::json(values).dump();
}

Query build_query(const BuildOptions& options) {
    Query query;
    if (!options.dockerfile.empty()) query.add("dockerfile", options.dockerfile);
    for (const std::string& tag : options.tags) query.add("t", tag);
    if (!options.target.empty()) query.add("target", options.target);
    if (!options.args.empty()) query.add("buildargs", json_map(options.args));
    if (!options.labels.empty()) query.add("labels", json_map(options.labels));
    if (!options.network_mode.empty()) query.add("networkmode", options.network_mode);
    for (const std::string& host : options.extra_hosts) query.add("extrahosts", host);
    if (options.shm_size) query.add("shmsize", std::to_string(*options.shm_size));
    if (!options.cache_from.empty()) {
        query.add("cachefrom", nlohmann::json(options.cache_from).dump());
    }
    if (!options.platform.empty()) query.add("platform", options.platform);
    query.flag("nocache", options.no_cache).flag("pull", options.pull);
    // The engine removes intermediate containers unless told rm=0.
    query.add("rm", options.remove ? "1" : "0").flag("forcerm", options.force_remove);
    return query;
}

}  // namespace

EngineResult<std::string> DockerClient::build_image(const ByteSource& context,
                                                    const BuildOptions& options,
                                                    const BuildSink& sink, std::stop_token stop) {
    Call call{Method::Post, "/build", build_query(options)};
    call.upload = &context;
    call.content_type = "application/x-tar";
    if (!options.registry_config.empty()) {
        call.headers.push_back("X-Registry-Config: " + options.registry_config);
    }
    call.duration = Duration::Long;
    auto image_id = json_lines(
        call,
        [&](const JsonMessage& message) {
            if (sink && (!message.stream.empty() || !message.progress.status.empty())) {
                sink(BuildMessage{.stream = message.stream, .status = message.progress.status});
            }
        },
        stop);
    if (!image_id) return image_id;
    if (image_id->empty()) {
        return engine_failure(FailureKind::Protocol,
                              "the engine did not name the image built by " + call.what());
    }
    return image_id;
}

}  // namespace dc::docker
