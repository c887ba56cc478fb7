// Networks: list, inspect, create, connect, disconnect, remove.
#include "drivers/client_internal.h"
#include "drivers/docker_client.h"

namespace dc::docker {

EngineResult<std::vector<NetworkInfo>> DockerClient::list_networks(const Filters& filters) {
    Call call{Method::Get, "/networks"};
    call.query.filters(filters);
    auto json = json_answer(perform(call), call);
    if (!json) return failed(json);
    return decode_list<NetworkInfo>(*json, call, decode_network);
}

EngineResult<std::optional<NetworkInfo>> DockerClient::inspect_network(const std::string& id) {
    Call call{Method::Get, "/networks/" + escape(id)};
    auto response = perform(call);
    if (response && response->status == 404) return std::optional<NetworkInfo>();
    auto json = json_answer(response, call);
    if (!json) return failed(json);
    return decode<std::optional<NetworkInfo>>(*json, call, decode_network);
}

EngineResult<std::string> DockerClient::create_network(const NetworkSpec& spec) {
    auto api = api_version();
    if (!api) return failed(api);
    Call call{Method::Post, "/networks/create"};
    call.json = encode_network(spec, *api);
    auto json = json_answer(perform(call), call);
    if (!json) return failed(json);
    return decode<std::string>(*json, call,
                               [](const nlohmann::json& j) { return text_field(j, "Id"); });
}

EngineResult<Outcome> DockerClient::connect_network(const std::string& container,
                                                    const EndpointSpec& endpoint) {
    auto api = api_version();
    if (!api) return failed(api);
    Call call{Method::Post, "/networks/" + escape(endpoint.network) + "/connect"};
    call.json = {{"Container", container}, {"EndpointConfig", encode_endpoint(endpoint, *api)}};
    return done_answer(perform(call), call);
}

EngineResult<Outcome> DockerClient::disconnect_network(const std::string& network,
                                                       const std::string& container, Force force) {
    Call call{Method::Post, "/networks/" + escape(network) + "/disconnect"};
    call.json = {{"Container", container}, {"Force", force == Force::Yes}};
    return outcome_answer(perform(call), call);
}

EngineResult<Outcome> DockerClient::remove_network(const std::string& id) {
    Call call{Method::Delete, "/networks/" + escape(id)};
    return outcome_answer(perform(call), call);
}

}  // namespace dc::docker
