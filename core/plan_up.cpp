// Planning `up`, as Docker Compose v2 converges a project: networks and volumes first; then,
// services dependencies first, each service's containers (replace those whose configuration
// hash changed, create the missing ones with the next numbers, remove the extra ones); then each
// container's start, after its dependencies are started, healthy or completed as depends_on says.
#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/plan_up_internal.h"
#include "core/service_model.h"
#include "core/up.h"

namespace dc {

namespace {

constexpr const char* kUniqueNames =
    "Docker requires each container to have a unique name. Remove the custom name to scale the "
    "service";

}  // namespace

UpPlanner::UpPlanner(const Project& project, const ServiceGraph& graph,
                     const ObservedState& observed, const UpOptions& options)
    : project_(project),
      graph_(graph),
      observed_(observed),
      options_(options),
      starts_(plan_, graph, selected_, options.wait_timeout) {
    observed_ids_ = known_containers(observed);
}

Plan UpPlanner::build() {
    check_options();
    select_services();
    plan_orphans();
    plan_resources();
    walk_services(graph_, selected_, WalkDirection::Start,
                  [this](const std::string& service, const std::vector<int>& after) {
                      return plan_containers(service, after);
                  });
    if (!options_.no_start) {
        walk_services(graph_, selected_, WalkDirection::Start,
                      [this](const std::string& service, const std::vector<int>&) {
                          return starts_.plan_starts(service);
                      });
        if (options_.wait) starts_.plan_wait();
    }
    plan_.running = starts_.running();
    return std::move(plan_);
}

void UpPlanner::check_options() const {
    if (options_.no_recreate && options_.force_recreate) {
        throw Error(ErrorKind::Usage, "--force-recreate and --no-recreate are incompatible");
    }
    for (const auto& [service, count] : options_.scale) {
        require_services(graph_, {service});
        if (count < 0) throw Error(ErrorKind::Usage, "invalid scale for " + service);
    }
}

void UpPlanner::select_services() {
    named_ = options_.services;
    if (named_.empty()) {
        selected_ = graph_.services();
    } else if (options_.no_deps) {
        require_services(graph_, named_);
        selected_ = named_;
    } else {
        selected_ = graph_.dependency_closure(named_);
    }
    std::sort(selected_.begin(), selected_.end());
    for (const std::string& service : selected_) {
        int scale = scale_of(service);
        const Node* custom = service_node(project_, service).find("container_name");
        if (scale > 1 && custom != nullptr) {
            throw Error(ErrorKind::Config, "WARNING: The \"" + service +
                                               "\" service is using the custom container name \"" +
                                               custom->text + "\". " + kUniqueNames);
        }
    }
}

bool UpPlanner::is_selected(const std::string& service) const {
    return std::binary_search(selected_.begin(), selected_.end(), service);
}

int UpPlanner::scale_of(const std::string& service) const {
    auto it = options_.scale.find(service);
    return it != options_.scale.end() ? it->second : service_scale(service_node(project_, service));
}

RecreatePolicy UpPlanner::policy_for(const std::string& service) const {
    bool named = named_.empty() || std::find(named_.begin(), named_.end(), service) != named_.end();
    if (options_.no_recreate) return RecreatePolicy::Never;
    if (named) return options_.force_recreate ? RecreatePolicy::Force : RecreatePolicy::Diverged;
    return options_.always_recreate_deps ? RecreatePolicy::Force : RecreatePolicy::Diverged;
}

void UpPlanner::plan_orphans() {
    OrphanWarning warn = options_.remove_orphans || options_.ignore_orphans ? OrphanWarning::Skip
                                                                            : OrphanWarning::Give;
    plan_.warnings = observation_warnings(project_, observed_, warn);
    if (!options_.remove_orphans) return;
    for (const ObservedContainer& orphan : observed_.orphans) {
        ContainerRef ref{.name = orphan.name, .id = orphan.id};
        std::vector<int> after;
        if (orphan.running()) {
            after.push_back(plan_.add({.kind = ActionKind::StopContainer,
                                       .subject = orphan.name,
                                       .cause = "orphan",
                                       .container = ref,
                                       .timeout = options_.timeout}));
        }
        plan_.add({.kind = ActionKind::RemoveContainer,
                   .subject = orphan.name,
                   .after = after,
                   .cause = "orphan",
                   .container = ref,
                   .remove = {.force = true}});
    }
}

void UpPlanner::plan_resources() {
    std::set<std::string> networks, volumes;
    for (const std::string& service : selected_) {
        const Node& node = service_node(project_, service);
        for (std::string& key : service_networks(node)) networks.insert(std::move(key));
        for (std::string& key : service_volumes(node)) volumes.insert(std::move(key));
    }
    std::vector<ResourceDecl> declared = declared_networks(project_);
    for (const std::string& key : networks) {
        const ResourceDecl* decl = find_decl(declared, key);
        if (decl == nullptr || decl->external || observed_.networks.contains(key)) continue;
        network_actions_[key] = plan_.add({.kind = ActionKind::CreateNetwork,
                                           .subject = decl->name,
                                           .cause = "not found",
                                           .network = network_spec(project_, *decl)});
    }
    declared = declared_volumes(project_);
    for (const std::string& key : volumes) {
        const ResourceDecl* decl = find_decl(declared, key);
        if (decl == nullptr || decl->external || observed_.volumes.contains(key)) continue;
        volume_actions_[key] = plan_.add({.kind = ActionKind::CreateVolume,
                                          .subject = decl->name,
                                          .cause = "not found",
                                          .volume = volume_spec(project_, *decl)});
    }
}

std::vector<int> UpPlanner::infrastructure(const std::string& service) const {
    std::vector<int> out;
    const Node& node = service_node(project_, service);
    for (const std::string& key : service_networks(node)) {
        if (auto it = network_actions_.find(key); it != network_actions_.end())
            out.push_back(it->second);
    }
    for (const std::string& key : service_volumes(node)) {
        if (auto it = volume_actions_.find(key); it != volume_actions_.end())
            out.push_back(it->second);
    }
    return out;
}

Plan plan_up(const Project& project, const ServiceGraph& graph, const ObservedState& observed,
             const UpOptions& options) {
    return UpPlanner(project, graph, observed, options).build();
}

}  // namespace dc
