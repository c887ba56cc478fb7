// `dc run`: dependencies up, networks and volumes made, then the one-off container created and
// either started (detached) or attached before it starts, so that none of its output is lost,
// and waited for.
#include "core/run.h"

#include <optional>

#include "core/container_create.h"
#include "core/error.h"
#include "core/executor.h"
#include "core/graph.h"
#include "core/normalize.h"
#include "core/normalize_internal.h"
#include "core/service_model.h"
#include "core/service_spec_internal.h"
#include "core/up.h"
#include "core/up_images.h"

namespace dc {

namespace {

// The networks and volumes the service needs, made as `up` makes them: the plan of
// `up --no-deps SERVICE` cut down to its CreateNetwork and CreateVolume actions.
void ensure_resources(const Project& project, const ServiceGraph& graph, Engine& engine,
                      ProgressListener& progress, const ObservedState& observed,
                      const OneOffOptions& options) {
    UpOptions up{.services = {options.service}, .no_deps = true, .ignore_orphans = true};
    const Plan full = plan_up(project, graph, observed, up);
    Plan resources;
    for (const Action& action : full.actions()) {
        if (action.kind != ActionKind::CreateNetwork && action.kind != ActionKind::CreateVolume) {
            continue;
        }
        Action copy = action;
        copy.after.clear();
        resources.add(std::move(copy));
    }
    if (resources.empty()) return;
    ExecutorOptions execution{.stop = options.stop, .project = &project};
    throw_if_failed(execute(resources, engine, progress, execution));
}

// The project with -v's volumes added to the service's, in long syntax as the loader writes them.
Project with_volumes(const Project& project, const OneOffOptions& options) {
    Project copy = project;
    Node* services = copy.model.find("services");
    Node* service = services != nullptr ? services->find(options.service) : nullptr;
    if (service == nullptr) throw Error(ErrorKind::NotFound, "no such service: " + options.service);
    Node extra = string_sequence(options.volumes);
    expand_volumes(extra,
                   NormalizeOptions{.project_name = project.name,
                                    .project_dir = project.working_dir,
                                    .environment = project.environment},
                   "--volume");
    Node* volumes = service->find("volumes");
    if (volumes == nullptr || !volumes->is_sequence()) {
        volumes = &service->set("volumes", Node::sequence());
    }
    for (Node& item : extra.items) volumes->items.push_back(std::move(item));
    return copy;
}

// Removing with --rm, also after a failure or an interrupt; a container already gone is fine.
void remove_if_asked(Engine& engine, const OneOffOptions& options, const std::string& id) {
    if (options.remove) engine.remove_container(id, {.force = true, .volumes = true});
}

// Throws a failure of the attached one-off, saying what became of it when interrupted.
[[noreturn]] void fail(const EngineFailure& failure, const OneOffOptions& options,
                       const std::string& name) {
    if (failure.kind != FailureKind::Cancelled) throw EngineError(failure);
    throw Error(ErrorKind::Cancelled, "run: interrupted; container " + name +
                                          (options.remove ? " removed" : " left as it is"));
}

// Attaches, starts once attached, waits for the exit; returns the exit code.
int attach_and_wait(Engine& engine, const OneOffOptions& options, const ContainerSpec& spec,
                    const std::string& id) {
    std::optional<EngineFailure> start_failure;
    AttachOptions attach{.tty = spec.tty, .attach_stdin = options.run.interactive};
    attach.on_attached = [&] {
        auto started = engine.start_container(id);
        if (!started) {
            start_failure = started.error();
            return Flow::Stop;
        }
        if (spec.tty && options.on_tty) {
            options.on_tty([&engine, id](int height, int width) {
                resize_with_retries(
                    [&](int h, int w) { return engine.resize_container(id, h, w).has_value(); },
                    height, width);
            });
        }
        return Flow::Continue;
    };
    // Without a TTY nothing else tells the container about Ctrl-C (the docker CLI forwards it
    // the same way); a container that ignores it keeps dc waiting until the second interrupt.
    std::stop_callback forward(options.forward, [&engine, id, tty = spec.tty] {
        if (!tty) engine.kill_container(id, "SIGINT");
    });
    FrameSink output = output_or_discard(options.output);
    auto attached = engine.attach_container(id, attach, options.input, output, options.stop);
    if (start_failure || !attached) {
        remove_if_asked(engine, options, id);
        fail(start_failure ? *start_failure : attached.error(), options, spec.name);
    }
    auto waited = engine.wait_container(id, WaitCondition::NotRunning, options.stop);
    remove_if_asked(engine, options, id);
    if (!waited) fail(waited.error(), options, spec.name);
    return waited->exit_code;
}

// The run service's own depends_on conditions, as `up` would wait for them before starting it:
// `up` of the dependencies waits only for what they need themselves. A dependency that turned
// unhealthy or failed stops the run with Compose's message.
void await_dependencies(const ServiceGraph& graph, Engine& engine, ProgressListener& progress,
                        const ObservedState& observed, const OneOffOptions& options) {
    Plan awaits;
    for (const Dependency& dependency : graph.dependencies(options.service)) {
        if (dependency.condition == DependencyCondition::Started) continue;
        Action await{
            .kind = ActionKind::Await,
            .subject = dependency.service,
            .service = dependency.service,
            .condition = dependency.condition == DependencyCondition::Healthy
                             ? AwaitCondition::Healthy
                             : AwaitCondition::CompletedSuccessfully,
            .requirement = dependency.required ? Requirement::Required : Requirement::Optional,
            .timeout_message = "timeout waiting for dependencies"};
        for (const ObservedContainer& c : observed.of(dependency.service)) {
            await.targets.push_back({.name = c.name, .id = c.id});
        }
        if (!await.targets.empty()) awaits.add(std::move(await));
    }
    if (awaits.empty()) return;
    ExecutorOptions execution{.stop = options.stop};
    throw_if_failed(execute(awaits, engine, progress, execution));
}

}  // namespace

ServiceContainerSpec oneoff_spec(const Project& project, const OneOffOptions& options,
                                 const ObservedState& observed) {
    SpecOptions spec;
    spec.run = options.run;
    // Detached, nobody waits to remove it: the engine does. Attached, dc removes it itself after
    // reading its exit code, which the engine's removal could take away first.
    spec.run->auto_remove = options.remove && options.detach;
    spec.lookup = lookup_of(known_containers(observed));
    if (auto id = observed.images.find(service_image(project, options.service));
        id != observed.images.end()) {
        spec.image_id = id->second;
    }
    // One-off containers are number 1, as Compose labels them.
    if (options.volumes.empty()) return container_spec(project, options.service, 1, spec);
    return container_spec(with_volumes(project, options), options.service, 1, spec);
}

OneOffResult run_oneoff(const Project& project, Engine& engine, ProgressListener& progress,
                        const OneOffOptions& options) {
    const ServiceGraph graph = ServiceGraph::from_project(project.model);
    std::vector<std::string> dependencies;
    for (const Dependency& dependency : graph.dependencies(options.service)) {
        dependencies.push_back(dependency.service);
    }
    if (!options.no_deps && !dependencies.empty()) {
        run_up(project, engine, progress,
               {.services = dependencies,
                .detach = true,
                .stop = options.stop,
                .build = options.build,
                .pull = options.pull,
                .quiet_pull = options.quiet_pull});
    }
    // The run service's own image, pulled or built as `up` would.
    const UpOptions images{.services = {options.service},
                           .no_deps = true,
                           .stop = options.stop,
                           .build = options.build,
                           .pull = options.pull,
                           .quiet_pull = options.quiet_pull};
    std::map<std::string, std::string> image_ids =
        prepare_images(project, graph, engine, progress, images);
    ObservedState observed = observe(project, engine);
    observed.images = std::move(image_ids);
    if (!options.no_deps) await_dependencies(graph, engine, progress, observed, options);
    ensure_resources(project, graph, engine, progress, observed, options);

    ServiceContainerSpec spec = oneoff_spec(project, options, observed);
    CreatedContainer created = value_or_throw(engine.create_container(spec.spec));
    OneOffResult result{.id = created.id, .name = spec.spec.name};
    if (options.detach) {
        auto started = engine.start_container(created.id);
        if (!started) {
            remove_if_asked(engine, options, created.id);
            throw EngineError(started.error());
        }
        return result;
    }
    result.exit_code = attach_and_wait(engine, options, spec.spec, created.id);
    return result;
}

}  // namespace dc
