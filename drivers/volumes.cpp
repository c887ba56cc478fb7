// Volumes: list, inspect, create, remove.
#include "drivers/client_internal.h"
#include "drivers/docker_client.h"

namespace dc::docker {

EngineResult<std::vector<VolumeInfo>> DockerClient::list_volumes(const Filters& filters) {
    Call call{Method::Get, "/volumes"};
    call.query.filters(filters);
    auto json = json_answer(perform(call), call);
    if (!json) return failed(json);
    // {"Volumes": [...] or null, "Warnings": [...]}
    return decode<std::vector<VolumeInfo>>(*json, call, [](const nlohmann::json& j) {
        std::vector<VolumeInfo> out;
        if (!j.is_object()) throw std::runtime_error("expected an object");
        auto list = j.find("Volumes");
        if (list == j.end() || list->is_null()) return out;
        if (!list->is_array()) throw std::runtime_error("Volumes is not a list");
        for (const nlohmann::json& item : *list) out.push_back(decode_volume(item));
        return out;
    });
}

EngineResult<std::optional<VolumeInfo>> DockerClient::inspect_volume(const std::string& name) {
    Call call{Method::Get, "/volumes/" + escape(name)};
    auto response = perform(call);
    if (response && response->status == 404) return std::optional<VolumeInfo>();
    auto json = json_answer(response, call);
    if (!json) return failed(json);
    return decode<std::optional<VolumeInfo>>(*json, call, decode_volume);
}

EngineResult<VolumeInfo> DockerClient::create_volume(const VolumeSpec& spec) {
    Call call{Method::Post, "/volumes/create"};
    call.json = encode_volume(spec);
    auto json = json_answer(perform(call), call);
    if (!json) return failed(json);
    return decode<VolumeInfo>(*json, call, decode_volume);
}

EngineResult<Outcome> DockerClient::remove_volume(const std::string& name, Force force) {
    Call call{Method::Delete, "/volumes/" + escape(name)};
    call.query.flag("force", force == Force::Yes);
    return outcome_answer(perform(call), call);
}

}  // namespace dc::docker
