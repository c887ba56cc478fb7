// Container lifecycle: list, inspect, create, start, stop, kill, restart, pause, remove, wait.
#include "drivers/api_version.h"
#include "drivers/client_internal.h"
#include "drivers/docker_client.h"

namespace dc::docker {

namespace {

std::string container_path(const std::string& id, std::string_view action = {}) {
    std::string path = "/containers/" + escape(id);
    if (!action.empty()) path += "/" + std::string(action);
    return path;
}

std::string_view condition_name(WaitCondition condition) {
    switch (condition) {
    case WaitCondition::NotRunning: return "not-running";
    case WaitCondition::NextExit: return "next-exit";
    case WaitCondition::Removed: return "removed";
    }
    return "not-running";
}

}  // namespace

EngineResult<std::vector<ContainerSummary>> DockerClient::list_containers(
    const ContainerListOptions& options) {
    Call call{Method::Get, "/containers/json"};
    call.query.flag("all", options.all).filters(options.filters);
    auto json = json_answer(perform(call), call);
    if (!json) return failed(json);
    return decode_list<ContainerSummary>(*json, call, decode_container_summary);
}

EngineResult<std::optional<ContainerInfo>> DockerClient::inspect_container(const std::string& id) {
    Call call{Method::Get, container_path(id, "json")};
    auto response = perform(call);
    if (response && response->status == 404) return std::optional<ContainerInfo>();
    auto json = json_answer(response, call);
    if (!json) return failed(json);
    return decode<std::optional<ContainerInfo>>(*json, call, decode_container_info);
}

EngineResult<CreatedContainer> DockerClient::create_container(const ContainerSpec& spec) {
    auto api = api_version();
    if (!api) return failed(api);
    CreatedContainer created;
    Call call{Method::Post, "/containers/create"};
    if (!spec.name.empty()) call.query.add("name", spec.name);
    if (!spec.platform.empty()) call.query.add("platform", spec.platform);
    call.json = encode_container(spec, *api, created.warnings);
    auto json = json_answer(perform(call), call);
    if (!json) return failed(json);
    auto decoded = decode<CreatedContainer>(*json, call, [&](const nlohmann::json& j) {
        created.id = text_field(j, "Id");
        for (std::string& w : strings_field(j, "Warnings")) created.warnings.push_back(w);
        return created;
    });
    if (!decoded || spec.networks.size() < 2 || *api >= kApiMultipleNetworksAtCreate) {
        return decoded;
    }
    return connect_remaining(std::move(*decoded), spec);
}

EngineResult<CreatedContainer> DockerClient::connect_remaining(CreatedContainer created,
                                                               const ContainerSpec& spec) {
    for (std::size_t i = 1; i < spec.networks.size(); ++i) {
        auto connected = connect_network(created.id, spec.networks[i]);
        if (connected) continue;
        // Nothing half-done: a container missing a network is removed, and the failure says so.
        remove_container(created.id, {.force = true, .volumes = true});
        EngineFailure failure = connected.error();
        failure.message = "connecting the new container to network " + spec.networks[i].network +
                          " failed, so it was removed: " + failure.message;
        return Unexpected<EngineFailure>{failure};
    }
    return created;
}

EngineResult<Outcome> DockerClient::start_container(const std::string& id) {
    Call call{Method::Post, container_path(id, "start")};
    return outcome_answer(perform(call), call);
}

EngineResult<Outcome> DockerClient::stop_container(const std::string& id,
                                                   std::optional<std::chrono::seconds> timeout) {
    Call call{Method::Post, container_path(id, "stop")};
    if (timeout) call.query.add("t", std::to_string(timeout->count()));
    call.duration = Duration::Long;
    return outcome_answer(perform(call), call);
}

EngineResult<Outcome> DockerClient::restart_container(const std::string& id,
                                                      std::optional<std::chrono::seconds> timeout) {
    Call call{Method::Post, container_path(id, "restart")};
    if (timeout) call.query.add("t", std::to_string(timeout->count()));
    call.duration = Duration::Long;
    return outcome_answer(perform(call), call);
}

EngineResult<Outcome> DockerClient::kill_container(const std::string& id,
                                                   const std::string& signal) {
    Call call{Method::Post, container_path(id, "kill")};
    if (!signal.empty()) call.query.add("signal", signal);
    return outcome_answer(perform(call), call);
}

EngineResult<Outcome> DockerClient::pause_container(const std::string& id) {
    Call call{Method::Post, container_path(id, "pause")};
    return outcome_answer(perform(call), call);
}

EngineResult<Outcome> DockerClient::unpause_container(const std::string& id) {
    Call call{Method::Post, container_path(id, "unpause")};
    return outcome_answer(perform(call), call);
}

EngineResult<Outcome> DockerClient::remove_container(const std::string& id,
                                                     const RemoveContainerOptions& options) {
    Call call{Method::Delete, container_path(id)};
    call.query.flag("force", options.force).flag("v", options.volumes);
    call.duration = Duration::Long;  // Forcing kills first, which can take a while.
    return outcome_answer(perform(call), call);
}

EngineResult<Outcome> DockerClient::rename_container(const std::string& id,
                                                     const std::string& new_name) {
    Call call{Method::Post, container_path(id, "rename")};
    call.query.add("name", new_name);
    return outcome_answer(perform(call), call);
}

EngineResult<WaitResult> DockerClient::wait_container(const std::string& id,
                                                      WaitCondition condition,
                                                      std::stop_token stop) {
    Call call{Method::Post, container_path(id, "wait")};
    call.query.add("condition", std::string(condition_name(condition)));
    call.duration = Duration::Long;
    auto json = json_answer(perform(call, {}, stop), call);
    if (!json) return failed(json);
    return decode<WaitResult>(*json, call, [](const nlohmann::json& j) {
        return WaitResult{static_cast<int>(int_field(j, "StatusCode")),
                          text_field(object_field(j, "Error"), "Message")};
    });
}

}  // namespace dc::docker
