// Attaching to a container over a hijacked connection (its stdin out, its output in), and
// resizing its TTY.
#include "drivers/client_internal.h"
#include "drivers/docker_client.h"
#include "drivers/hijack.h"

namespace dc::docker {

EngineResult<Outcome> DockerClient::attach_container(const std::string& id,
                                                     const AttachOptions& options,
                                                     const ExecInput& input, const FrameSink& sink,
                                                     std::stop_token stop) {
    Call call{Method::Post, "/containers/" + escape(id) + "/attach"};
    // Output from now on only: logs=1 would replay what an earlier run of the container wrote.
    call.query.add("stream", "1")
        .add("stdin", options.attach_stdin ? "1" : "0")
        .add("stdout", options.attach_stdout ? "1" : "0")
        .add("stderr", options.attach_stderr ? "1" : "0");
    auto versioned = target(call);
    if (!versioned) return failed(versioned);
    HijackRequest request;
    request.target = std::move(*versioned);
    request.input = options.attach_stdin ? &input : nullptr;
    // The container's Tty setting decides the framing, as for an exec.
    request.format = options.tty ? StreamFormat::Raw : StreamFormat::Multiplexed;
    request.on_upgraded = options.on_attached;
    return run_hijacked(transport_, request, sink, stop);
}

EngineResult<Outcome> DockerClient::resize_container(const std::string& id, int height, int width) {
    Call call{Method::Post, "/containers/" + escape(id) + "/resize"};
    call.query.add("h", std::to_string(height)).add("w", std::to_string(width));
    return done_answer(perform(call), call);
}

}  // namespace dc::docker
