// `dc logs`: the output of a project's service containers, each line behind its container's
// prefix; with `follow`, until every followed container has stopped (containers that start
// meanwhile are followed too) or the stop token is triggered.
#pragma once

#include <optional>
#include <ostream>
#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/loader.h"
#include "core/log_printer.h"

namespace dc {

struct LogsOptions {
    // Empty: every service but those with `attach: false`, as Compose.
    std::vector<std::string> services{};
    bool follow = false;
    std::optional<int> tail{};  // nullopt: every line.
    std::optional<TimePoint> since{};
    std::optional<TimePoint> until{};
    bool timestamps = false;  // The engine's timestamp before each line.
    int index = 0;            // Only container number `index` of the one service named.
    LogFormat format{};
    std::stop_token stop{};
};

// The services a command shows the output of when none are named: those without `attach: false`.
std::vector<std::string> attached_services(const Project& project);

// Writes the logs to `out`. Throws dc::Error: NotFound "no such service: x" for an unknown
// service and `service "web" is not running container #2` for a missing --index, Usage for
// --index without exactly one service, Cancelled ("canceled") when stopped while following,
// EngineError when the engine fails.
void run_logs(const Project& project, Engine& engine, const LogsOptions& options, std::ostream& out,
              std::ostream& err);

}  // namespace dc
