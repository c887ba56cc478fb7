// Whether a container meets the condition an Await waits for, judged from one inspection, with
// Docker Compose's messages for the ways it can fail.
#pragma once

#include <string>

#include "core/engine_info.h"
#include "core/plan.h"

namespace dc {

enum class Verdict { Pending, Met, Failed };

struct Judgement {
    Verdict verdict = Verdict::Pending;
    std::string reason{};  // When Failed: "container p-db-1 exited (1)", "... is unhealthy".
};

// Judges `info` (nullopt: the container is gone) of the container called `name`.
Judgement judge(AwaitCondition condition, const std::string& name,
                const std::optional<ContainerInfo>& info);

// The error an Await fails with, given the failed container's reason:
// Healthy: "dependency failed to start: container p-db-1 is unhealthy";
// CompletedSuccessfully: "service \"migrate\" didn't complete successfully: container
// p-migrate-1 exited (1)"; RunningOrHealthy: the reason as it is.
std::string await_failure(const Action& await, const std::string& reason);

// The warning when an optional dependency fails: "optional dependency \"db\" failed to start:
// container p-db-1 is unhealthy".
std::string optional_failure(const Action& await, const std::string& reason);

}  // namespace dc
