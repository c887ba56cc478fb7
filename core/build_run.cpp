// Running builds: one service's context scanned and sent, its output followed for the step that
// failed; several services at once up to the parallel limit; and `up`'s choice of what to build.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "core/build.h"
#include "core/build_context.h"
#include "core/service_model.h"
#include "core/service_spec_internal.h"

namespace dc {

namespace {

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

// Follows a build's output for its current step: "Step 2/3 : RUN false" -> "RUN false".
class StepTracker {
  public:
    void feed(std::string_view text) {
        std::size_t start = 0;
        while (start < text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string_view::npos) end = text.size();
            std::string_view line = text.substr(start, end - start);
            if (line.starts_with("Step ")) {
                if (std::size_t colon = line.find(" : "); colon != std::string_view::npos) {
                    step_ = std::string(line.substr(colon + 3));
                    while (!step_.empty() && (step_.back() == '\r' || step_.back() == ' ')) {
                        step_.pop_back();
                    }
                }
            }
            start = end + 1;
        }
    }
    const std::string& step() const { return step_; }

  private:
    std::string step_{};
};

struct BuildOutcome {
    std::string id{};
    std::optional<Error> error{};
};

// One service's build. Failures come back as values, so that the other builds can finish.
BuildOutcome build_one(const Project& project, const std::string& service, Engine& engine,
                       const BuildRequest& request, std::mutex& output_mutex) {
    const std::string prefix = "service " + quoted(service) + ": ";
    const Node& build = *service_node(project, service).find("build");
    BuildOptions options = build_options(project, service, request);
    ContextSpec spec{.dir = text_of(build, "context")};
    if (!options.dockerfile.empty()) spec.dockerfile = options.dockerfile;
    if (const Node* inline_file = build.find("dockerfile_inline");
        inline_file && !inline_file->is_null()) {
        spec.dockerfile_inline = inline_file->text;
    }
    BuildContext context;
    try {
        context = scan_context(spec);
    } catch (const Error& e) {
        return {.error = Error(e.kind(), prefix + e.what())};
    }
    options.dockerfile = context.dockerfile;
    StepTracker steps;
    auto sink = [&](const BuildMessage& message) {
        steps.feed(message.stream);
        if (request.output && !message.stream.empty()) {
            std::lock_guard<std::mutex> lock(output_mutex);
            request.output(service, message.stream);
        }
    };
    EngineResult<std::string> built =
        engine.build_image(context_tar(context), options, sink, request.stop);
    if (built) return {.id = *built};
    const EngineFailure& failure = built.error();
    if (failure.kind == FailureKind::Cancelled || failure.kind == FailureKind::Unavailable) {
        return {.error = EngineError(failure)};
    }
    std::string where = steps.step().empty() ? "" : " at step " + quoted(steps.step());
    return {.error = Error(ErrorKind::Failure,
                           prefix + "build failed" + where + ": " + failure.message)};
}

std::vector<std::string> selected_services(const ServiceGraph& graph, const UpOptions& options) {
    if (options.services.empty()) return graph.services();
    if (options.no_deps) return options.services;
    return graph.dependency_closure(options.services);
}

}  // namespace

std::map<std::string, std::string> build_services(const Project& project, Engine& engine,
                                                  ProgressListener& progress,
                                                  const std::vector<std::string>& services,
                                                  const BuildRequest& request) {
    check_classic_builds(project, services, request);
    // Services that share an image name build it once.
    std::vector<std::string> todo;
    std::set<std::string> images;
    for (const std::string& service : services) {
        if (images.insert(service_image(project, service)).second) todo.push_back(service);
    }
    std::vector<BuildOutcome> outcomes(todo.size());
    std::mutex mutex;  // Guards the listener, which takes one thread at a time, and `failed`.
    std::mutex output_mutex;
    std::atomic<std::size_t> next{0};
    bool failed = false;
    auto report = [&](const std::string& service, ProgressStatus status, std::string text = {}) {
        std::lock_guard<std::mutex> lock(mutex);
        progress.on_event({.kind = ResourceKind::Image,
                           .name = service_image(project, service),
                           .status = status,
                           .text = std::move(text)});
    };
    auto worker = [&] {
        for (std::size_t i = next++; i < todo.size(); i = next++) {
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (failed) return;  // No new build after a failure.
            }
            report(todo[i], ProgressStatus::Creating);
            outcomes[i] = build_one(project, todo[i], engine, request, output_mutex);
            if (outcomes[i].error) {
                report(todo[i], ProgressStatus::Error, outcomes[i].error->what());
                std::lock_guard<std::mutex> lock(mutex);
                failed = true;
            } else {
                report(todo[i], ProgressStatus::Created);
            }
        }
    };
    std::size_t limit =
        request.parallel > 0 ? static_cast<std::size_t>(request.parallel) : todo.size();
    std::size_t count = std::min(limit, todo.size());
    {
        std::vector<std::jthread> threads;
        for (std::size_t i = 1; i < count; ++i) threads.emplace_back(worker);
        if (count > 0) worker();
    }
    std::map<std::string, std::string> ids;
    for (std::size_t i = 0; i < todo.size(); ++i) {
        if (outcomes[i].error) throw *outcomes[i].error;
        if (!outcomes[i].id.empty()) ids[service_image(project, todo[i])] = outcomes[i].id;
    }
    return ids;
}

void build_for_up(const Project& project, const ServiceGraph& graph, Engine& engine,
                  ProgressListener& progress, const UpOptions& options) {
    if (options.build == UpBuild::Never || options.dry_run) return;
    std::vector<std::string> services;
    for (const std::string& service : selected_services(graph, options)) {
        const Node& node = service_node(project, service);
        if (node.find("build") == nullptr) continue;
        const std::string policy =
            options.pull.empty() ? text_of(node, "pull_policy") : options.pull;
        bool wanted = options.build == UpBuild::Always || policy == "build";
        if (!wanted) {
            wanted = !value_or_throw(engine.inspect_image(service_image(project, service)));
        }
        if (wanted) services.push_back(service);
    }
    if (services.empty()) return;
    BuildRequest request{.parallel = options.parallel, .stop = options.stop};
    build_services(project, engine, progress, services, request);
}

}  // namespace dc
