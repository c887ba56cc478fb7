// `dc attach`: a service's container's standard streams, attached until the container stops,
// then its exit code, as `docker attach` (which Compose runs) reports it.
#include "core/error.h"
#include "core/exec.h"
#include "core/tools.h"

namespace dc {

int run_attach(const Project& project, Engine& engine, const AttachToolOptions& options) {
    check_services(project, {options.service});
    ContainerSummary target = exec_target(project.name, engine, options.service, options.index);
    auto inspected = value_or_throw(engine.inspect_container(target.id));
    if (!inspected || !inspected->state.running) {
        throw Error(ErrorKind::Failure, "cannot attach to " + container_name(target) +
                                            ": the container is not running");
    }
    AttachOptions attach;
    attach.tty = inspected->tty;
    attach.attach_stdin = !options.no_stdin && inspected->open_stdin;
    attach.on_attached = [&] {
        if (options.on_attached) {
            options.on_attached(inspected->tty, [&engine, id = target.id](int height, int width) {
                (void)engine.resize_container(id, height, width);
            });
        }
        return Flow::Continue;
    };
    ExecInput input = attach.attach_stdin ? options.input : ExecInput{};
    auto attached = engine.attach_container(target.id, attach, input,
                                            output_or_discard(options.output), options.stop);
    if (!attached && attached.error().kind == FailureKind::Cancelled) {
        throw Error(ErrorKind::Cancelled,
                    "attach: interrupted; " + container_name(target) + " keeps running");
    }
    value_or_throw(std::move(attached));
    WaitResult result =
        value_or_throw(engine.wait_container(target.id, WaitCondition::NotRunning, options.stop));
    return result.exit_code;
}

}  // namespace dc
