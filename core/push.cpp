// `dc push`: which services push (image and build both given), one push per image, run through
// the transfers `dc pull` uses.
#include "core/push.h"

#include <set>

#include "core/pull_internal.h"
#include "core/service_model.h"
#include "core/service_spec_internal.h"

namespace dc {

std::vector<std::string> push_services(const Project& project, const ServiceGraph& graph,
                                       Engine& engine, ProgressListener& progress,
                                       const PushRequest& request) {
    std::vector<std::string> services =
        request.services.empty() ? graph.services() : request.services;
    std::vector<transfer::Job> jobs;
    std::set<std::string> references;
    for (const std::string& service : services) {
        const Node& node = service_node(project, service);
        const std::string image = text_of(node, "image");
        if (image.empty() || node.find("build") == nullptr) {
            progress.on_event(
                {.kind = ResourceKind::Image, .name = service, .status = ProgressStatus::Skipped});
            continue;
        }
        if (references.insert(image).second) {
            jobs.push_back({.service = service, .reference = image});
        }
    }
    auto call = [&](const std::string& image, const std::string& tag, const std::string& auth,
                    const ProgressSink& sink) {
        return engine.push_image(image, tag, auth, sink, request.stop);
    };
    auto failures = transfer::run(jobs, call, progress,
                                  {.active = ProgressStatus::Pushing,
                                   .done = ProgressStatus::Pushed,
                                   .verb = "pushing",
                                   .parallel = request.parallel});
    std::vector<std::string> failed;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (!failures[i]) continue;
        if (failures[i]->kind() == ErrorKind::Cancelled || !request.ignore_failures) {
            throw *failures[i];
        }
        failed.push_back(jobs[i].service);
    }
    return failed;
}

}  // namespace dc
