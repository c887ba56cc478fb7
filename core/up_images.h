// The images `up`, `create` and `run` need, made present as Compose makes them: first the pulls
// each service's pull policy (or --pull) asks for, in parallel with progress per layer and the
// registry's credentials; then the builds; then every image inspected, so that a missing one
// stops the command with one line before anything is created.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/engine.h"
#include "core/graph.h"
#include "core/loader.h"
#include "core/progress.h"
#include "core/up.h"

namespace dc {

// A pull policy as Compose reads one: `always`, `never`, `build`, `missing` (also
// `if_not_present`, the empty text and any word it does not know), and the refreshing ones,
// `daily`, `weekly` and `every_<duration>` (`every_12h`, `every_1w2d`), which pull an image
// whose last tag is older than `every`.
struct PullPolicy {
    enum class Kind { Missing, Always, Never, Build, Refresh };
    Kind kind = Kind::Missing;
    std::chrono::seconds every{0};
};

PullPolicy parse_pull_policy(std::string_view text);

// Whether an image under `policy` is pulled now: `local` is what the engine has (nullopt: not
// present). A refreshing policy pulls an image never tagged, or tagged longer ago than `every`.
bool pull_due(const PullPolicy& policy, const std::optional<ImageInfo>& local,
              std::chrono::system_clock::time_point now);

// When the engine last tagged the image (pulled, built or tagged it), from its
// Metadata.LastTagTime; nullopt when it never did ("0001-01-01T00:00:00Z") or the text is not a
// time.
std::optional<std::chrono::system_clock::time_point> last_tagged(const ImageInfo& image);

// Pulls, builds and inspects the images of the services `options` selects; returns the local
// images' ids by reference, for ObservedState::images (an image built or missing in a dry run
// has none). A pull that fails for a service that can be built (it, or another service naming
// the same image, has a build section) is a warning, as in Compose. Throws dc::Error (Failure):
// `service "db": pulling image "x:1" failed: engine: <reason>`, `service "db": image
// "postgres:16" is not present and pull_policy is "never"`; EngineError when cancelled.
std::map<std::string, std::string> prepare_images(const Project& project, const ServiceGraph& graph,
                                                  Engine& engine, ProgressListener& progress,
                                                  const UpOptions& options);

}  // namespace dc
