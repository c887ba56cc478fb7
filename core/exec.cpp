// `dc exec`: finding the container as Compose does (getSpecifiedContainer), then create, start
// attached and inspect for the exit code.
#include "core/exec.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/error.h"
#include "core/labels.h"

namespace dc {

ContainerSummary exec_target(const std::string& project, Engine& engine, const std::string& service,
                             std::optional<int> index) {
    Filters filters{
        {"label",
         {std::string(kLabelProject) + "=" + project, std::string(kLabelService) + "=" + service}}};
    if (index) {
        filters["label"].push_back(std::string(kLabelContainerNumber) + "=" +
                                   std::to_string(*index));
    }
    // Running containers only: exec into a stopped one is an error, not a start.
    auto containers = value_or_throw(engine.list_containers({.all = false, .filters = filters}));
    if (containers.empty()) {
        std::string message = "service \"" + service + "\" is not running";
        if (index) message += " container #" + std::to_string(*index);
        throw Error(ErrorKind::Failure, message);
    }
    return *std::min_element(containers.begin(), containers.end(),
                             [](const auto& a, const auto& b) { return a.created < b.created; });
}

namespace {

std::string target_name(const ContainerSummary& container) {
    return container.names.empty() ? container.id : container.names.front();
}

}  // namespace

ExecSpec exec_spec(const ExecOptions& options, const Environment& environment) {
    ExecSpec spec;
    spec.cmd = options.command;
    for (const std::string& item : options.environment) {
        if (item.find('=') != std::string::npos) {
            spec.env.push_back(item);
        } else if (auto value = lookup(environment, item)) {
            spec.env.push_back(item + "=" + *value);
        }
    }
    spec.user = options.user;
    spec.working_dir = options.working_dir;
    spec.privileged = options.privileged;
    spec.tty = options.tty;
    spec.attach_stdin = !options.detach && options.interactive;
    spec.attach_stdout = !options.detach;
    spec.attach_stderr = !options.detach;
    return spec;
}

FrameSink output_or_discard(const FrameSink& sink) {
    if (sink) return sink;
    return [](const OutputFrame&) { return Flow::Continue; };
}

void resize_with_retries(const std::function<bool(int, int)>& resize, int height, int width) {
    for (int attempt = 1; attempt <= 10; ++attempt) {
        if (resize(height, width)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
    }
}

int run_exec(const Project& project, Engine& engine, const ExecOptions& options) {
    if (options.command.empty()) throw Error(ErrorKind::Usage, "exec: no command given");
    ContainerSummary target = exec_target(project.name, engine, options.service, options.index);
    ExecSpec spec = exec_spec(options, project.environment);
    std::string exec_id = value_or_throw(engine.create_exec(target.id, spec));
    if (options.detach) {
        value_or_throw(engine.start_exec(exec_id, spec, {}, {}, options.stop));
        return 0;
    }
    // The TTY can only be sized once the process runs, which start_exec does not announce: size
    // it from the side while the output streams.
    std::jthread sizer;
    if (spec.tty && options.on_tty) {
        sizer = std::jthread([&options, &engine, exec_id] {
            options.on_tty([&engine, exec_id](int height, int width) {
                resize_with_retries(
                    [&](int h, int w) { return engine.resize_exec(exec_id, h, w).has_value(); },
                    height, width);
            });
        });
    }
    FrameSink output = output_or_discard(options.output);
    auto streamed = engine.start_exec(exec_id, spec, options.input, output, options.stop);
    if (!streamed && streamed.error().kind == FailureKind::Cancelled) {
        // As with docker exec, the process is not stopped with the client.
        throw Error(ErrorKind::Cancelled,
                    "exec: interrupted; the command may still run in " + target_name(target));
    }
    value_or_throw(std::move(streamed));
    ExecInfo info = value_or_throw(engine.inspect_exec(exec_id));
    return info.exit_code.value_or(0);
}

}  // namespace dc
