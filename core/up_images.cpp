// The images of `up`, `create` and `run`: pulls as the pull policies say, then builds, then a
// check that every image is there. Compose's order: a service with both `image:` and `build:`
// takes the registry's image when there is one and is built when the pull fails.
#include "core/up_images.h"

#include <set>
#include <vector>

#include "core/build.h"
#include "core/error.h"
#include "core/log_time.h"
#include "core/pull.h"
#include "core/pull_internal.h"
#include "core/service_model.h"
#include "core/up_checks_internal.h"

namespace dc {

namespace {

using up_checks::fail;
using up_checks::quoted;
using up_checks::text_at;

// "1w2d", "12h", "90m": the text after "every_", in units of w, d, h, m and s; nullopt when it
// is not one (the schema lets none through).
std::optional<std::chrono::seconds> parse_every(std::string_view text) {
    std::chrono::seconds total{0};
    if (text.empty()) return std::nullopt;
    while (!text.empty()) {
        std::size_t digits = text.find_first_not_of("0123456789");
        if (digits == 0 || digits == std::string_view::npos || digits > 9) return std::nullopt;
        long long count = std::stoll(std::string(text.substr(0, digits)));
        long long unit = 0;
        switch (text[digits]) {
        case 'w': unit = 7 * 24 * 3600; break;
        case 'd': unit = 24 * 3600; break;
        case 'h': unit = 3600; break;
        case 'm': unit = 60; break;
        case 's': unit = 1; break;
        default: return std::nullopt;
        }
        total += std::chrono::seconds(count * unit);
        text.remove_prefix(digits + 1);
    }
    return total;
}

// The services the command works on: the named ones and, without no_deps, what they depend on.
std::vector<std::string> selected_services(const ServiceGraph& graph, const UpOptions& options) {
    if (options.services.empty()) return graph.services();
    if (options.no_deps) return options.services;
    return graph.dependency_closure(options.services);
}

// The policy a service's image follows: --build makes every service that builds "build"; else
// --pull, else its pull_policy. `source` names where it came from, for messages.
PullPolicy service_policy(const Node& node, const UpOptions& options, std::string& source) {
    if (options.build == UpBuild::Always && node.find("build") != nullptr) {
        source = "--build";
        return {.kind = PullPolicy::Kind::Build};
    }
    if (!options.pull.empty()) {
        source = "--pull is " + quoted(options.pull);
        return parse_pull_policy(options.pull);
    }
    source = "pull_policy is " + quoted(text_at(node, "pull_policy"));
    return parse_pull_policy(text_at(node, "pull_policy"));
}

// The images some service builds: a pull of one of them that fails is not fatal.
std::set<std::string> buildable_images(const Project& project, const ServiceGraph& graph) {
    std::set<std::string> images;
    for (const std::string& service : graph.services()) {
        const Node& node = service_node(project, service);
        if (node.find("build") != nullptr) images.insert(service_image(project, service));
    }
    return images;
}

void pull_images(const Project& project, const ServiceGraph& graph, Engine& engine,
                 ProgressListener& progress, const UpOptions& options) {
    if (options.dry_run) return;
    const auto now = std::chrono::system_clock::now();
    std::vector<transfer::Job> jobs;
    std::set<std::string> seen;
    for (const std::string& service : selected_services(graph, options)) {
        const Node& node = service_node(project, service);
        const std::string image = text_at(node, "image");
        if (image.empty() || !seen.insert(image).second) continue;
        std::string source;
        PullPolicy policy = service_policy(node, options, source);
        if (policy.kind == PullPolicy::Kind::Never || policy.kind == PullPolicy::Kind::Build) {
            continue;
        }
        std::optional<ImageInfo> local;
        if (policy.kind != PullPolicy::Kind::Always) {
            local = value_or_throw(engine.inspect_image(image));
        }
        if (pull_due(policy, local, now)) jobs.push_back({.service = service, .reference = image});
    }
    if (jobs.empty()) return;
    const std::set<std::string> buildable = buildable_images(project, graph);
    auto tolerated = [&](const transfer::Job& job) { return buildable.contains(job.reference); };
    auto call = [&](const std::string& image, const std::string& tag, const std::string& auth,
                    const ProgressSink& sink) {
        return engine.pull_image(image, tag, auth, sink, options.stop);
    };
    auto failures = transfer::run(
        jobs, call, progress,
        {.parallel = options.parallel, .tolerated = tolerated, .layers = !options.quiet_pull});
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (!failures[i]) continue;
        if (failures[i]->kind() == ErrorKind::Failure && tolerated(jobs[i])) continue;
        throw *failures[i];
    }
}

// The ids of the selected services' images; one missing stops the command, saying why it is.
std::map<std::string, std::string> inspect_images(const Project& project, const ServiceGraph& graph,
                                                  Engine& engine, const UpOptions& options) {
    std::map<std::string, std::string> ids;
    std::set<std::string> seen;
    for (const std::string& service : selected_services(graph, options)) {
        const std::string reference = service_image(project, service);
        if (!seen.insert(reference).second) continue;
        if (auto found = value_or_throw(engine.inspect_image(reference))) {
            ids[reference] = found->id;
            continue;
        }
        if (options.dry_run) continue;
        const Node& node = service_node(project, service);
        const std::string prefix =
            "service " + quoted(service) + ": image " + quoted(reference) + " is not present";
        if (node.find("build") != nullptr) fail(prefix + " and --no-build was given");
        std::string source;
        PullPolicy policy = service_policy(node, options, source);
        if (policy.kind == PullPolicy::Kind::Never || policy.kind == PullPolicy::Kind::Build) {
            fail(prefix + " and " + source);
        }
        fail(prefix);
    }
    return ids;
}

}  // namespace

PullPolicy parse_pull_policy(std::string_view text) {
    using Kind = PullPolicy::Kind;
    using std::chrono::hours;
    if (text == "always") return {.kind = Kind::Always};
    if (text == "never") return {.kind = Kind::Never};
    if (text == "build") return {.kind = Kind::Build};
    if (text == "daily") return {.kind = Kind::Refresh, .every = hours(24)};
    if (text == "weekly") return {.kind = Kind::Refresh, .every = hours(7 * 24)};
    constexpr std::string_view kEvery = "every_";
    if (text.starts_with(kEvery)) {
        if (auto every = parse_every(text.substr(kEvery.size()))) {
            return {.kind = Kind::Refresh, .every = *every};
        }
    }
    return {.kind = Kind::Missing};
}

bool pull_due(const PullPolicy& policy, const std::optional<ImageInfo>& local,
              std::chrono::system_clock::time_point now) {
    switch (policy.kind) {
    case PullPolicy::Kind::Always: return true;
    case PullPolicy::Kind::Never:
    case PullPolicy::Kind::Build: return false;
    case PullPolicy::Kind::Missing: return !local;
    case PullPolicy::Kind::Refresh: {
        if (!local) return true;
        auto tagged = last_tagged(*local);
        return !tagged || now >= *tagged + policy.every;
    }
    }
    return !local;
}

std::optional<std::chrono::system_clock::time_point> last_tagged(const ImageInfo& image) {
    const std::string& text = image.last_tag_time;
    // The engine's zero time is year 1, before anything a time_point can hold.
    if (text.size() < 4 || text.substr(0, 4) < "1970") return std::nullopt;
    try {
        return parse_log_time("LastTagTime", text, std::chrono::system_clock::now());
    } catch (const Error&) {
        return std::nullopt;
    }
}

std::map<std::string, std::string> prepare_images(const Project& project, const ServiceGraph& graph,
                                                  Engine& engine, ProgressListener& progress,
                                                  const UpOptions& options) {
    pull_images(project, graph, engine, progress, options);
    build_for_up(project, graph, engine, progress, options);
    return inspect_images(project, graph, engine, options);
}

}  // namespace dc
