// Reads YAML text into Node trees: positions, anchors and aliases, `<<` merge
// keys, explicit tags (!reset, !override) and several documents per file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/node.h"

namespace dc {

struct YamlReadLimits {
    // Upper bound on nodes produced while expanding aliases: a guard against
    // "billion laughs" alias bombs.
    std::size_t max_nodes = 2'000'000;
    std::size_t max_depth = 1000;
};

// Parses every document of `text`. `file_name` is what error marks show (the
// path as the user named it). Throws dc::Error (ErrorKind::Config) with
// "file:line:col: ..." for malformed YAML, duplicate keys or alias bombs.
std::vector<Node> read_yaml_documents(const std::string& text, const std::string& file_name,
                                      const YamlReadLimits& limits = {});

// The same with yaml-cpp only, never the fast reader (core/yaml_fast.h) that
// read_yaml_documents tries first; for tests that compare the two.
std::vector<Node> read_yaml_documents_slow(const std::string& text, const std::string& file_name,
                                           const YamlReadLimits& limits = {});

// Parses a single document (an empty text gives a Null node).
Node read_yaml(const std::string& text, const std::string& file_name = "<string>",
               const YamlReadLimits& limits = {});

// Reads a file from disk; a missing or unreadable file is a Config error.
std::vector<Node> read_yaml_file(const std::string& path, const std::string& display_name);

// Gives a scalar the kind a YAML core tag (!!str, !!int, !!float, !!bool,
// !!null; `type` without the prefix) asks for. False when the text cannot be
// read as that type. Shared by both readers so they agree.
bool apply_core_tag(Node& node, std::string_view type);

}  // namespace dc
