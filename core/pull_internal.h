// What pull and push share: running image transfers in parallel, each with its credentials and
// its progress per layer, and the failures they leave.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/error.h"
#include "core/progress.h"

namespace dc::transfer {

// One image to move, for the service that names it.
struct Job {
    std::string service{};
    std::string reference{};
};

// The engine call of a transfer: image, tag, X-Registry-Auth value, progress.
using Call =
    std::function<EngineResult<Outcome>(const std::string& image, const std::string& tag,
                                        const std::string& auth, const ProgressSink& progress)>;

struct Options {
    ProgressStatus active = ProgressStatus::Pulling;  // Or Pushing.
    ProgressStatus done = ProgressStatus::Pulled;     // Or Pushed.
    std::string verb = "pulling";                     // For messages.
    int parallel = 0;
    // Jobs whose failure is reported as a Warning rather than an Error (an image that can be
    // built instead); unset: none.
    std::function<bool(const Job&)> tolerated{};
    bool layers = true;  // Report each layer's progress (not with --quiet-pull).
};

// Runs the jobs, at most `parallel` at once (0: all), reporting Image events by service and
// layer events by layer id. Returns each job's failure (nullopt for a success), in job order;
// an Error event was reported for each.
std::vector<std::optional<Error>> run(const std::vector<Job>& jobs, const Call& call,
                                      ProgressListener& progress, const Options& options);

}  // namespace dc::transfer
