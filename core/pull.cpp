// `dc pull`: choosing the images as Compose does, and the parallel transfers that `dc push`
// shares (transfer::run), with credentials resolved per image and progress per layer.
#include "core/pull.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/credentials.h"
#include "core/pull_internal.h"
#include "core/service_model.h"
#include "core/service_spec_internal.h"

namespace dc {

namespace {

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

// A layer's status as Compose's plain progress groups it: finished, or still under way.
bool layer_done(const std::string& status) {
    return status == "Pull complete" || status == "Already exists" || status == "Pushed" ||
           status == "Layer already exists" || status == "Mounted from";
}

// Whether a progress line is about a layer: the engine also names the tag in "Pulling from
// x", and a pushed repository in "The push refers to repository [...]".
bool is_layer(const std::string& status) {
    return !status.starts_with("Pulling from") && !status.starts_with("The push refers to") &&
           !status.starts_with("Digest:") && !status.starts_with("Status:");
}

}  // namespace

std::pair<std::string, std::string> split_image_reference(const std::string& reference) {
    if (std::size_t at = reference.find('@'); at != std::string::npos) {
        return {reference.substr(0, at), reference.substr(at + 1)};
    }
    std::size_t slash = reference.rfind('/');
    std::size_t colon = reference.rfind(':');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        return {reference.substr(0, colon), reference.substr(colon + 1)};
    }
    return {reference, "latest"};
}

namespace transfer {

std::vector<std::optional<Error>> run(const std::vector<Job>& jobs, const Call& call,
                                      ProgressListener& progress, const Options& options) {
    std::vector<std::optional<Error>> failures(jobs.size());
    std::mutex mutex;  // The listener takes one thread at a time.
    auto report = [&](const std::string& name, ProgressStatus status, std::string text = {}) {
        std::lock_guard<std::mutex> lock(mutex);
        progress.on_event(
            {.kind = ResourceKind::Image, .name = name, .status = status, .text = std::move(text)});
    };
    auto one = [&](const Job& job) -> std::optional<Error> {
        const std::string prefix = "service " + quoted(job.service) + ": ";
        report(job.service, options.active);
        std::string auth;
        try {
            auth = registry_auth_for(job.reference);
        } catch (const Error& e) {
            return Error(ErrorKind::Failure, prefix + e.what());
        }
        std::map<std::string, std::string> layers;  // The last status reported, by layer.
        auto sink = [&](const ProgressLine& line) {
            if (!options.layers || line.id.empty() || line.status.empty()) return;
            if (!is_layer(line.status)) return;
            std::string& last = layers[line.id];
            if (last == line.status) return;  // Byte counts only: no new event.
            last = line.status;
            report(line.id, layer_done(line.status) ? options.done : options.active, line.status);
        };
        auto [image, tag] = split_image_reference(job.reference);
        EngineResult<Outcome> moved = call(image, tag, auth, sink);
        if (moved) return std::nullopt;
        const EngineFailure& failure = moved.error();
        if (failure.kind == FailureKind::Cancelled || failure.kind == FailureKind::Unavailable) {
            return EngineError(failure);
        }
        return Error(ErrorKind::Failure, prefix + options.verb + " image " + quoted(job.reference) +
                                             " failed: " + engine_message(failure));
    };
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < jobs.size(); i = next++) {
            failures[i] = one(jobs[i]);
            if (failures[i]) {
                const bool tolerated = options.tolerated && options.tolerated(jobs[i]);
                report(jobs[i].service, tolerated ? ProgressStatus::Warning : ProgressStatus::Error,
                       failures[i]->what());
            } else {
                report(jobs[i].service, options.done);
            }
        }
    };
    std::size_t limit =
        options.parallel > 0 ? static_cast<std::size_t>(options.parallel) : jobs.size();
    std::size_t count = std::min(limit, jobs.size());
    std::vector<std::jthread> threads;
    for (std::size_t i = 1; i < count; ++i) threads.emplace_back(worker);
    if (count > 0) worker();
    threads.clear();  // Joins.
    return failures;
}

}  // namespace transfer

std::vector<std::string> pull_services(const Project& project, const ServiceGraph& graph,
                                       Engine& engine, ProgressListener& progress,
                                       const PullRequest& request) {
    std::vector<std::string> services = request.services.empty() ? graph.services()
                                        : request.include_deps
                                            ? graph.dependency_closure(request.services)
                                            : request.services;
    for (const std::string& service : services) service_node(project, service);  // Known?
    std::vector<transfer::Job> jobs;
    std::set<std::string> builds;  // Services that can be built when their pull fails.
    std::map<std::string, std::string> pulling;  // Reference -> the service pulling it.
    auto skip = [&](const std::string& service, std::string text) {
        progress.on_event({.kind = ResourceKind::Image,
                           .name = service,
                           .status = ProgressStatus::Skipped,
                           .text = std::move(text)});
    };
    for (const std::string& service : services) {
        const Node& node = service_node(project, service);
        const std::string image = text_of(node, "image");
        if (image.empty()) {
            skip(service, "No image to be pulled");
            continue;
        }
        std::string policy = text_of(node, "pull_policy");
        if (request.policy == PullPolicyOverride::Missing) policy = "missing";
        if (request.policy == PullPolicyOverride::Always) policy = "always";
        if (policy == "never" || policy == "build") {
            skip(service, "");
            continue;
        }
        if ((policy == "missing" || policy == "if_not_present") &&
            value_or_throw(engine.inspect_image(image))) {
            skip(service, "Image is already present locally");
            continue;
        }
        if (request.ignore_buildable && node.find("build") != nullptr) {
            skip(service, "Image can be built");
            continue;
        }
        if (auto [it, added] = pulling.try_emplace(image, service); !added) {
            skip(service, "Image is already being pulled by " + it->second);
            continue;
        }
        if (node.find("build") != nullptr) builds.insert(service);
        jobs.push_back({.service = service, .reference = image});
    }
    auto call = [&](const std::string& image, const std::string& tag, const std::string& auth,
                    const ProgressSink& sink) {
        return engine.pull_image(image, tag, auth, sink, request.stop);
    };
    // A service that can be built is only warned about, as in Compose.
    auto buildable = [&](const transfer::Job& job) { return builds.contains(job.service); };
    auto failures =
        transfer::run(jobs, call, progress, {.parallel = request.parallel, .tolerated = buildable});
    std::vector<std::string> failed;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (!failures[i]) continue;
        if (failures[i]->kind() == ErrorKind::Cancelled) throw *failures[i];
        if (!request.ignore_failures && !builds.contains(jobs[i].service)) throw *failures[i];
        failed.push_back(jobs[i].service);
    }
    return failed;
}

}  // namespace dc
