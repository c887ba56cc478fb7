// `dc pull` and the image transfers it shares with `dc push`: which services' images are pulled
// (as Compose decides: a service with no `image:` is skipped, pull_policy never and build skip,
// missing skips an image the engine has), pulls of different images in parallel with progress
// per image and per layer, credentials from the docker CLI's config, and failures reported one
// line per service or, with ignore_failures, as warnings.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/graph.h"
#include "core/loader.h"
#include "core/progress.h"

namespace dc {

// --policy: unset leaves each service's pull_policy in charge.
enum class PullPolicyOverride { None, Missing, Always };

struct PullRequest {
    std::vector<std::string> services{};  // Empty: every service.
    PullPolicyOverride policy = PullPolicyOverride::None;
    bool ignore_failures = false;
    bool include_deps = false;      // Also pull what the named services depend on.
    bool ignore_buildable = false;  // Skip the services that have a build section.
    int parallel = 0;               // Pulls at once; 0 or less: no limit.
    std::stop_token stop{};
};

// Pulls the services' images, reporting Image events named by service (Pulling, then Pulled,
// Skipped with the reason, or Error) and layer events named by layer id. Throws dc::Error
// (Failure) for the first failed pull of a service that cannot be built, unless
// ignore_failures: `service "web": pulling image "x:1" failed: engine: <reason>`; a failed
// service that builds is a warning, as in Compose. Returns the services whose pull failed.
std::vector<std::string> pull_services(const Project& project, const ServiceGraph& graph,
                                       Engine& engine, ProgressListener& progress,
                                       const PullRequest& request);

// "127.0.0.1:5000/a/b:1" -> {"127.0.0.1:5000/a/b", "1"}; "x@sha256:..." -> {"x", "sha256:..."};
// "nginx" -> {"nginx", "latest"}. A colon before the last slash belongs to a registry's port.
std::pair<std::string, std::string> split_image_reference(const std::string& reference);

}  // namespace dc
