// Printing a canonical project: JSON and YAML in Docker Compose's layout.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/node.h"

namespace dc {

nlohmann::ordered_json to_json(const Node& node);
std::string emit_json(const Node& project);  // As `docker compose config --format json`.
std::string emit_yaml(const Node& project);  // As `docker compose config`.

// The not-normalized model of `config --no-interpolate`, keys sorted.
std::string emit_raw_json(const Node& project);
std::string emit_raw_yaml(const Node& project);

}  // namespace dc
