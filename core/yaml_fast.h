// A fast, single-pass reader for the YAML that compose files use. It builds
// the same Node trees as the yaml-cpp reader in core/yaml_reader.cpp and
// declines (returns std::nullopt) whenever it meets anything it does not
// handle exactly like yaml-cpp 0.7 does, malformed input included, so that
// the caller can fall back to yaml-cpp, which also produces every error
// message.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/node.h"
#include "core/yaml_reader.h"

namespace dc {

// Reads every document of `text`, or returns std::nullopt when the text needs
// the yaml-cpp reader. Marks name `file`. Never throws for bad input.
std::optional<std::vector<Node>> read_yaml_fast(std::string_view text,
                                                const std::shared_ptr<const std::string>& file,
                                                const YamlReadLimits& limits);

}  // namespace dc
