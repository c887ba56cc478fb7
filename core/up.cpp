// `dc up`: observe, plan, report what the plan found, run it.
#include "core/up.h"

#include "core/advice.h"
#include "core/executor.h"
#include "core/up_checks.h"
#include "core/up_images.h"

namespace dc {

Plan run_up(const Project& project, Engine& engine, ProgressListener& progress,
            const UpOptions& options) {
    const ServiceGraph graph = ServiceGraph::from_project(project.model);
    ObservedState observed = observe(project, engine);
    observed.images = prepare_images(project, graph, engine, progress, options);
    Plan plan = plan_up(project, graph, observed, options);
    report_plan_warnings(plan, project.name, progress);
    const std::vector<std::string> advised = options.services.empty() || options.no_deps
                                                 ? options.services
                                                 : graph.dependency_closure(options.services);
    for (std::string& advice : project_advice(project, graph, advised)) {
        progress.on_event({.kind = ResourceKind::Project,
                           .name = project.name,
                           .status = ProgressStatus::Warning,
                           .text = std::move(advice)});
    }
    check_up_plan(project, plan, observed, engine, options);
    if (options.dry_run) return plan;
    for (const std::string& name : plan.running) {
        progress.on_event(
            {.kind = ResourceKind::Container, .name = name, .status = ProgressStatus::Running});
    }
    ExecutorOptions execution{.parallel = options.parallel,
                              .stop = options.stop,
                              .project = &project,
                              .containers = known_containers(observed)};
    throw_if_failed(execute(plan, engine, progress, execution));
    return plan;
}

}  // namespace dc
