// `dc ps`: the project's containers, as a table, JSON lines, ids or services.
#pragma once

#include <ctime>
#include <ostream>
#include <string>
#include <vector>

#include "core/engine.h"

namespace dc {

enum class PsFormat { Table, Json };
enum class PsView { Containers, Ids, Services };

struct PsOptions {
    bool all = false;  // Stopped containers too.
    PsView view = PsView::Containers;
    PsFormat format = PsFormat::Table;
    std::vector<std::string> status;  // Keep only these states ("running", "exited", ...).
    std::vector<std::string> filters;  // "key=value"; only status= is supported, as in Compose.
    std::vector<std::string> services;  // Keep only these services.
};

// Lists the containers of project `project_name` (one-offs excluded, as Compose
// does). `now` is the clock used for "3 seconds ago".
void run_ps(const std::string& project_name, Engine& engine, const PsOptions& options,
            std::ostream& out, std::time_t now = std::time(nullptr));

// Go's units.HumanDuration, as the docker CLI prints ages: "3 seconds", "About a minute".
std::string human_duration(long long seconds);

}  // namespace dc
