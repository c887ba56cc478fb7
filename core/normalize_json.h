// JSON text in the layout of Go's json.MarshalIndent(v, "", "  ").
#pragma once

#include <string>

#include "core/node.h"

namespace dc {

// Writes a tree whose mappings are already in output order. Int, Float and
// Bool nodes are written as their text.
std::string write_json_document(const Node& root);

}  // namespace dc
