// `dc push`: the images of the services that have both `image:` and `build:` (the others are
// skipped, as Compose does: only an image the project builds is the project's to push), pushed
// in parallel to their registries with the docker CLI's credentials, progress per image and
// per layer.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/graph.h"
#include "core/loader.h"
#include "core/progress.h"

namespace dc {

struct PushRequest {
    std::vector<std::string> services{};  // Empty: every service.
    bool ignore_failures = false;
    int parallel = 0;  // Pushes at once; 0 or less: no limit.
    std::stop_token stop{};
};

// Pushes the services' images, reporting Image events named by service (Pushing, then Pushed,
// Skipped or Error) and layer events named by layer id. Throws dc::Error (Failure) for the
// first failed push unless ignore_failures: `service "web": pushing image "r:5000/x:1" failed:
// engine: <the registry's reason>`. Returns the services whose push failed.
std::vector<std::string> push_services(const Project& project, const ServiceGraph& graph,
                                       Engine& engine, ProgressListener& progress,
                                       const PushRequest& request);

}  // namespace dc
