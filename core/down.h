// `dc down`: stop and remove the project's containers, dependents first, then its networks, and
// with the options its images and volumes. Named volumes survive unless `volumes`; external
// networks and volumes are never touched; a network still in use is left with a warning.
#pragma once

#include <chrono>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/graph.h"
#include "core/loader.h"
#include "core/observed_state.h"
#include "core/plan.h"
#include "core/progress.h"

namespace dc {

// Which images `down --rmi` removes.
enum class RemoveImages {
    None,
    Local,  // Those without a custom tag: the images `build` names "<project>-<service>".
    All,    // Every image a service uses.
};

struct DownOptions {
    std::vector<std::string> services{};  // Empty: the whole project; else these and dependents.
    bool volumes = false;         // -v: named volumes declared by the project, and anonymous ones.
    bool remove_orphans = false;  // Also containers of services the project lacks, and one-offs.
    RemoveImages rmi = RemoveImages::None;
    std::optional<std::chrono::seconds> timeout{};  // -t: stop timeout.
    int parallel = 0;                               // 0 or less: no limit.
    bool dry_run = false;
    std::stop_token stop{};
};

// "local" or "all" (or empty) as --rmi takes them. Throws dc::Error (Usage) for anything else.
RemoveImages parse_remove_images(const std::string& text);

// Plans `down` without engine calls. Throws dc::Error (NotFound) for an unknown service.
Plan plan_down(const Project& project, const ServiceGraph& graph, const ObservedState& observed,
               const DownOptions& options);

// Observes, plans and (unless dry_run) runs `down`; returns the plan. When there is nothing to
// remove, reports Compose's warning. Throws dc::Error (Failure) with the first failure.
Plan run_down(const Project& project, Engine& engine, ProgressListener& progress,
              const DownOptions& options);

}  // namespace dc
