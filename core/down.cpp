// `down`, as Docker Compose v2 does it: the services' containers in reverse dependency order
// (each stopped, then removed with its anonymous volumes when -v), orphans when asked, and only
// then the project's networks (those carrying its labels), images and named volumes.
#include "core/down.h"

#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/executor.h"
#include "core/service_model.h"

namespace dc {

namespace {

bool needs_stop(const ObservedContainer& container) {
    return container.state != "exited" && container.state != "created" && container.state != "dead";
}

class DownPlanner {
  public:
    DownPlanner(const Project& project, const ServiceGraph& graph, const ObservedState& observed,
                const DownOptions& options)
        : project_(project), graph_(graph), observed_(observed), options_(options) {}

    Plan build() {
        std::vector<std::string> services = options_.services.empty()
                                                ? graph_.services()
                                                : graph_.dependent_closure(options_.services);
        walk_services(graph_, services, WalkDirection::Stop,
                      [this](const std::string& service, const std::vector<int>& after) {
                          return remove_containers(containers_of(service), after, options_.volumes);
                      });
        if (options_.remove_orphans) remove_containers(observed_.orphans, {}, false);
        plan_networks();
        plan_images(services);
        if (options_.volumes) plan_volumes();
        if (plan_.empty()) {
            plan_.warnings.push_back("Warning: No resource found to remove for project \"" +
                                     project_.name + "\".");
        }
        return std::move(plan_);
    }

  private:
    std::vector<ObservedContainer> containers_of(const std::string& service) const {
        std::vector<ObservedContainer> out = observed_.of(service);
        if (!options_.remove_orphans) return out;
        for (const ObservedContainer& oneoff : observed_.oneoffs) {
            if (oneoff.service == service) out.push_back(oneoff);
        }
        return out;
    }

    std::vector<int> remove_containers(const std::vector<ObservedContainer>& containers,
                                       const std::vector<int>& after, bool volumes) {
        std::vector<int> removed;
        for (const ObservedContainer& container : containers) {
            ContainerRef ref{.name = container.name, .id = container.id};
            std::vector<int> before = after;
            if (needs_stop(container)) {
                before = {plan_.add({.kind = ActionKind::StopContainer,
                                     .subject = container.name,
                                     .after = after,
                                     .container = ref,
                                     .timeout = options_.timeout})};
            }
            removed.push_back(plan_.add({.kind = ActionKind::RemoveContainer,
                                         .subject = container.name,
                                         .after = before,
                                         .container = ref,
                                         .remove = {.force = true, .volumes = volumes}}));
        }
        append(removals_, removed);
        return removed;
    }

    void plan_networks() {
        for (const ResourceDecl& network : declared_networks(project_)) {
            auto it = observed_.networks.find(network.key);
            if (network.external || it == observed_.networks.end()) continue;
            // Compose removes only the networks labelled as this project's.
            if (!it->second.owned_by(project_.name)) continue;
            plan_.add(
                {.kind = ActionKind::RemoveNetwork, .subject = network.name, .after = removals_});
        }
    }

    void plan_images(const std::vector<std::string>& services) {
        if (options_.rmi == RemoveImages::None) return;
        std::set<std::string> images;
        for (const std::string& service : services) {
            bool built = service_node(project_, service).find("image") == nullptr;
            if (options_.rmi == RemoveImages::All || built) {
                images.insert(service_image(project_, service));
            }
        }
        for (const std::string& image : images) {
            plan_.add({.kind = ActionKind::RemoveImage, .subject = image, .after = removals_});
        }
    }

    void plan_volumes() {
        for (const ResourceDecl& volume : declared_volumes(project_)) {
            if (volume.external || !observed_.volumes.contains(volume.key)) continue;
            plan_.add(
                {.kind = ActionKind::RemoveVolume, .subject = volume.name, .after = removals_});
        }
    }

    const Project& project_;
    const ServiceGraph& graph_;
    const ObservedState& observed_;
    const DownOptions& options_;
    Plan plan_;
    std::vector<int> removals_;  // Every RemoveContainer: networks and volumes go after them.
};

}  // namespace

RemoveImages parse_remove_images(const std::string& text) {
    if (text.empty()) return RemoveImages::None;
    if (text == "local") return RemoveImages::Local;
    if (text == "all") return RemoveImages::All;
    throw Error(ErrorKind::Usage, "invalid --rmi value \"" + text + "\": use \"local\" or \"all\"");
}

Plan plan_down(const Project& project, const ServiceGraph& graph, const ObservedState& observed,
               const DownOptions& options) {
    return DownPlanner(project, graph, observed, options).build();
}

Plan run_down(const Project& project, Engine& engine, ProgressListener& progress,
              const DownOptions& options) {
    const ServiceGraph graph = ServiceGraph::from_project(project.model);
    const ObservedState observed = observe(project, engine, Externals::Ignore);
    Plan plan = plan_down(project, graph, observed, options);
    report_plan_warnings(plan, project.name, progress);
    if (options.dry_run) return plan;
    ExecutorOptions execution{
        .parallel = options.parallel, .stop = options.stop, .project = &project};
    throw_if_failed(execute(plan, engine, progress, execution));
    return plan;
}

}  // namespace dc
