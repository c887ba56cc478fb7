// Printing a canonical project: JSON and YAML in Docker Compose's layout.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/node.h"

namespace dc {

nlohmann::ordered_json to_json(const Node& node);
std::string emit_json(const Node& project);  // As `docker compose config --format json`.
std::string emit_yaml(const Node& project);  // As `docker compose config`.

}  // namespace dc
