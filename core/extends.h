// `extends`: services built on other services, in the same file or another.
#pragma once

#include <functional>
#include <string>

#include "core/node.h"

namespace dc {

// Loads, interpolates and validates another compose file for `extends: {file: ...}`.
// Given a path relative to the working directory of the file that names it.
using ComposeFileLoader = std::function<Node(const std::string& path)>;

// Resolves every `extends` in document.services. `file_dir` is the directory
// of the file the document came from (relative paths in an extended service
// from another file are rebased against it). Cycles are a Config error naming
// the chain: "extends cycle: a -> b -> a".
void resolve_extends(Node& document, const std::string& file_dir, const ComposeFileLoader& load);

}  // namespace dc
