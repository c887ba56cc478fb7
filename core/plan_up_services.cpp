// Planning one service's containers, their starts and the waits that gate them. The facts follow
// Docker Compose v2: the up-to-date containers with the lowest numbers are kept and the extra ones
// removed (replaced ones first); new containers take the numbers after the highest one in use; a
// replacement is created under the name "<old id, 12 digits>_<name>", then the old container is
// stopped and removed and the new one renamed; dependents with `restart: true` are stopped first
// and started again afterwards.
#include <algorithm>

#include "core/labels.h"
#include "core/plan_up_internal.h"
#include "core/service_model.h"

namespace dc {

namespace {

// The current id of the service's image, when up resolved it (empty otherwise: no image rule).
std::string image_id_of(const Project& project, const ObservedState& observed,
                        const std::string& service) {
    auto it = observed.images.find(service_image(project, service));
    return it != observed.images.end() ? it->second : std::string();
}

// Whether the container runs another image than the service's current one. Compose compares the
// image id it wrote in the com.docker.compose.image label; a container without the label (made
// by another tool) is compared by the image the engine says it runs.
bool image_changed(const ObservedContainer& container, const std::string& current) {
    if (current.empty()) return false;
    auto label = container.labels.find(kLabelImage);
    if (label != container.labels.end()) return label->second != current;
    return !container.image_id.empty() && container.image_id != current;
}

}  // namespace

std::vector<int> UpPlanner::plan_containers(const std::string& service,
                                            const std::vector<int>& after_dependencies) {
    const std::string hash = expected_config_hash(project_, service, observed_ids_);
    struct Observed {
        const ObservedContainer* container;
        std::string cause;  // Why it must be replaced; empty when it is up to date.
    };
    std::vector<Observed> containers;
    int highest = 0;
    for (const ObservedContainer& container : observed_.of(service)) {
        containers.push_back({&container, recreate_cause(service, container, hash)});
        highest = std::max(highest, container.number);
    }
    std::stable_partition(containers.begin(), containers.end(),
                          [](const Observed& o) { return o.cause.empty(); });

    std::vector<int> after = infrastructure(service);
    append(after, after_dependencies);
    const int wanted = scale_of(service);
    std::vector<int> finished;
    std::vector<StartPlanner::Slot>& slots = starts_.slots(service);
    for (int i = 0; i < static_cast<int>(containers.size()); ++i) {
        const ObservedContainer& container = *containers[i].container;
        if (i >= wanted) {
            plan_scale_down(container, finished);
        } else if (!containers[i].cause.empty()) {
            slots.push_back(plan_recreate(service, container, after, containers[i].cause));
            finished.push_back(slots.back().ready);
        } else {
            bool up = container.running() || container.state == "paused";
            slots.push_back({.ref = {.name = container.name, .id = container.id},
                             .running = up && !stopped_.contains(container.id)});
        }
    }
    for (int count = static_cast<int>(containers.size()); count < wanted; ++count) {
        int number = ++highest;
        std::string name = container_name(project_, service, number);
        int create = plan_.add({.kind = ActionKind::CreateContainer,
                                .subject = name,
                                .after = after,
                                .cause = "no container",
                                .container = {.name = name},
                                .service = service,
                                .number = number,
                                .image_id = image_id_of(project_, observed_, service)});
        slots.push_back({.ref = {.name = name, .created_by = create}, .ready = create});
        finished.push_back(create);
    }
    return finished;
}

std::string UpPlanner::recreate_cause(const std::string& service,
                                      const ObservedContainer& container,
                                      const std::string& hash) const {
    switch (policy_for(service)) {
    case RecreatePolicy::Never: return "";
    case RecreatePolicy::Force: return "forced";
    case RecreatePolicy::Diverged: break;
    }
    for (const std::string& parent : namespace_parents(service_node(project_, service))) {
        if (recreated_.contains(parent)) return "shares a namespace with recreated " + parent;
    }
    if (container.config_hash != hash) return "config changed";
    return image_changed(container, image_id_of(project_, observed_, service)) ? "image changed"
                                                                               : "";
}

StartPlanner::Slot UpPlanner::plan_recreate(const std::string& service,
                                            const ObservedContainer& old, std::vector<int> after,
                                            const std::string& cause) {
    recreated_.insert(service);
    append(after, stop_restarting_dependents(service));
    const std::string name = container_name(project_, service, old.number);
    const std::string temporary = old.id.substr(0, 12) + "_" + name;
    const int group = plan_.next_id();
    int create =
        plan_.add({.kind = ActionKind::CreateContainer,
                   .subject = temporary,
                   .after = after,
                   .cause = cause,
                   .group = group,
                   .container = {.name = name},
                   .service = service,
                   .number = old.number,
                   .replaces = old.id,
                   .anonymous_volumes = options_.renew_anon_volumes ? AnonymousVolumes::Renew
                                                                    : AnonymousVolumes::Keep,
                   .image_id = image_id_of(project_, observed_, service)});
    const std::string replaced = "replaced by #" + std::to_string(create);
    const ContainerRef old_ref{.name = old.name, .id = old.id};
    std::vector<int> remove_after{create};
    if (auto it = stopped_.find(old.id); it != stopped_.end()) {
        remove_after.push_back(it->second);
    } else {
        int stop = plan_.add({.kind = ActionKind::StopContainer,
                              .subject = old.name,
                              .after = {create},
                              .cause = replaced,
                              .group = group,
                              .container = old_ref,
                              .timeout = options_.timeout});
        stopped_[old.id] = stop;
        remove_after.push_back(stop);
    }
    int remove = plan_.add({.kind = ActionKind::RemoveContainer,
                            .subject = old.name,
                            .after = remove_after,
                            .cause = replaced,
                            .group = group,
                            .container = old_ref,
                            .remove = {.force = true}});
    int rename = plan_.add({.kind = ActionKind::RenameContainer,
                            .subject = temporary,
                            .after = {remove},
                            .group = group,
                            .container = {.name = temporary, .created_by = create},
                            .new_name = name});
    return {.ref = {.name = name, .created_by = create}, .ready = rename};
}

std::vector<int> UpPlanner::stop_restarting_dependents(const std::string& service) {
    std::vector<int> out;
    for (const std::string& dependent : graph_.dependents(service)) {
        const auto& dependencies = graph_.dependencies(dependent);
        auto edge = std::find_if(dependencies.begin(), dependencies.end(),
                                 [&](const Dependency& d) { return d.service == service; });
        if (!is_selected(dependent) || edge == dependencies.end() || !edge->restart) continue;
        for (const ObservedContainer& container : observed_.of(dependent)) {
            if (!container.running()) continue;
            auto [it, added] = stopped_.try_emplace(container.id, 0);
            if (added) {
                it->second = plan_.add({.kind = ActionKind::StopContainer,
                                        .subject = container.name,
                                        .cause = "dependency " + service + " being recreated",
                                        .container = {.name = container.name, .id = container.id},
                                        .timeout = options_.timeout});
            }
            out.push_back(it->second);
        }
    }
    return out;
}

void UpPlanner::plan_scale_down(const ObservedContainer& container, std::vector<int>& finished) {
    const ContainerRef ref{.name = container.name, .id = container.id};
    std::vector<int> after;
    if (auto it = stopped_.find(container.id); it != stopped_.end()) {
        after.push_back(it->second);
    } else if (container.running()) {
        after.push_back(plan_.add({.kind = ActionKind::StopContainer,
                                   .subject = container.name,
                                   .cause = "scale down",
                                   .container = ref,
                                   .timeout = options_.timeout}));
    }
    finished.push_back(plan_.add({.kind = ActionKind::RemoveContainer,
                                  .subject = container.name,
                                  .after = after,
                                  .cause = "scale down",
                                  .container = ref,
                                  .remove = {.force = true}}));
}

}  // namespace dc
