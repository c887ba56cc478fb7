// Building the images of services with a `build:` section: which services build, what the engine
// is asked (context, Dockerfile, tags, args, labels, target...), builds of different services in
// parallel, and a failed build reported in one line naming the service and the failing step.
// `dc build` calls build_services; `dc up` calls build_for_up before it resolves images.
#pragma once

#include <functional>
#include <map>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine.h"
#include "core/graph.h"
#include "core/loader.h"
#include "core/progress.h"
#include "core/up.h"

namespace dc {

// The platforms a build is for. `dc build` makes the image of every platform build.platforms
// lists; `up`, `create` and `run` build the one their containers run on: the service's
// `platform` (or DOCKER_DEFAULT_PLATFORM), else the only one listed, else the engine's own, as
// Compose chooses.
enum class BuildPlatforms { ForContainers, AsDeclared };

struct BuildRequest {
    std::vector<std::string> services{};  // Empty: every service with a build section.
    // --build-arg: "KEY=value", or "KEY" for the value of KEY in the environment (left out when
    // the environment has none). Overrides the service's `args`.
    std::vector<std::string> build_args{};
    bool no_cache = false;
    bool pull = false;
    bool with_dependencies = false;  // Also build what the named services depend on.
    int parallel = 0;                // Builds at once; 0 or less: no limit.
    // Receives the builder's output by service (nothing when unset: -q).
    std::function<void(const std::string& service, std::string_view text)> output{};
    std::stop_token stop{};
    BuildPlatforms platforms = BuildPlatforms::ForContainers;
};

// Refuses what the engine's classic builder cannot do for `services`, before any build starts, as
// Compose's classic builder does: build.ssh, build.secrets, build.additional_contexts,
// build.privileged, and more than one of build.platforms for BuildPlatforms::AsDeclared. Throws
// dc::Error (Failure), one line naming the field's place, the service and the field:
// `compose.yaml:7:7: service "app": build.ssh needs BuildKit; dc builds with the engine's classic
// builder, which has no SSH forwarding`.
void check_classic_builds(const Project& project, const std::vector<std::string>& services,
                          const BuildRequest& request);

// The services that build, sorted by name: the named ones (and, with_dependencies, those
// they depend on) that have a build section. Throws dc::Error (NotFound) for an unknown service.
std::vector<std::string> services_to_build(const Project& project, const ServiceGraph& graph,
                                           const BuildRequest& request);

// What the engine is asked to build for `service`: its image name and `tags`, the Dockerfile
// (dockerfile_inline aside), args with --build-arg on top, labels (and dc's builder label),
// target, network, extra_hosts, shm_size, cache_from, no_cache and pull from the section or
// the request, and the platform (see BuildPlatforms).
BuildOptions build_options(const Project& project, const std::string& service,
                           const BuildRequest& request);

// Builds the services, in parallel up to request.parallel, reporting an Image event for each
// (Creating, then Created or Error), once check_classic_builds has passed them all. Returns the
// built images' ids by image name. Throws dc::Error (Failure) for the first failed build:
// `service "app": build failed at step "RUN false": The command '/bin/sh -c false' returned a
// non-zero code: 1`; EngineError when the engine could not be reached or the build was cancelled.
std::map<std::string, std::string> build_services(const Project& project, Engine& engine,
                                                  ProgressListener& progress,
                                                  const std::vector<std::string>& services,
                                                  const BuildRequest& request);

// `up`'s builds: with UpBuild::Always every selected service with a build section; with Missing
// those whose image the engine lacks, and those with pull_policy "build"; with Never none.
void build_for_up(const Project& project, const ServiceGraph& graph, Engine& engine,
                  ProgressListener& progress, const UpOptions& options);

}  // namespace dc
