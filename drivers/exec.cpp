// Exec: create a process in a running container, run it attached over a hijacked connection,
// read its exit code, resize its TTY.
#include "drivers/client_internal.h"
#include "drivers/docker_client.h"
#include "drivers/hijack.h"

namespace dc::docker {

EngineResult<std::string> DockerClient::create_exec(const std::string& container,
                                                    const ExecSpec& spec) {
    Call call{Method::Post, "/containers/" + escape(container) + "/exec"};
    call.json = encode_exec(spec);
    auto json = json_answer(perform(call), call);
    if (!json) return failed(json);
    return decode<std::string>(*json, call,
                               [](const nlohmann::json& j) { return text_field(j, "Id"); });
}

EngineResult<Outcome> DockerClient::start_exec(const std::string& exec_id, const ExecSpec& spec,
                                               const ExecInput& input, const FrameSink& sink,
                                               std::stop_token stop) {
    Call call{Method::Post, "/exec/" + escape(exec_id) + "/start"};
    if (!spec.attach_stdin && !spec.attach_stdout && !spec.attach_stderr) {
        // Nothing to stream: the engine answers at once and the process runs on its own.
        call.json = nlohmann::json{{"Detach", true}, {"Tty", spec.tty}};
        return done_answer(perform(call), call);
    }
    auto versioned = target(call);
    if (!versioned) return failed(versioned);
    HijackRequest request;
    request.target = std::move(*versioned);
    request.json_body = nlohmann::json{{"Detach", false}, {"Tty", spec.tty}}.dump();
    request.input = spec.attach_stdin ? &input : nullptr;
    // The exec's own Tty setting decides the framing (the engine only says so from 1.42).
    request.format = spec.tty ? StreamFormat::Raw : StreamFormat::Multiplexed;
    return run_hijacked(transport_, request, sink, stop);
}

EngineResult<ExecInfo> DockerClient::inspect_exec(const std::string& exec_id) {
    Call call{Method::Get, "/exec/" + escape(exec_id) + "/json"};
    auto json = json_answer(perform(call), call);
    if (!json) return failed(json);
    return decode<ExecInfo>(*json, call, decode_exec);
}

EngineResult<Outcome> DockerClient::resize_exec(const std::string& exec_id, int height, int width) {
    Call call{Method::Post, "/exec/" + escape(exec_id) + "/resize"};
    call.query.add("h", std::to_string(height)).add("w", std::to_string(width));
    return done_answer(perform(call), call);
}

}  // namespace dc::docker
