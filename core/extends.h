// `extends`: services built on other services, in the same file or another.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/node.h"

namespace dc {

// Loads, interpolates and validates another compose file for `extends: {file: ...}`.
// It is called with the file's path: `extends.file` joined to `file_dir` (for
// the document's own services) or to the directory of the extended file that
// names it, lexically cleaned. Each file is loaded once per resolve_extends.
// !reset / !override tags may be left in the returned tree.
using ComposeFileLoader = std::function<Node(const std::string& path)>;

// Resolves every `extends` in document.services. `file_dir` is the directory
// of the file the document came from (relative paths in an extended service
// from another file are rebased against it). Cycles are a Config error naming
// the chain: "extends cycle: a -> b -> a".
//
// Compose resolves `extends` in each file on its own, before merging it over
// the files before it: call this once per file (with the project directory as
// `file_dir`, which is what Compose resolves every top-level file's
// `extends.file` against), then apply_reset_tags / merge_documents. !reset and
// !override tags of the extending service are applied to what it inherits
// and kept in the result, so that merge_documents still applies them to the
// earlier files.
void resolve_extends(Node& document, const std::string& file_dir, const ComposeFileLoader& load);

// Rewrites the relative paths of a service definition taken from a file in
// directory `dir` (given relative to the extending file's directory, or
// absolute) so that they are relative to the extending file's directory: the
// build context and additional contexts, env_file paths, bind mount sources
// and develop.watch paths. Remote build contexts, absolute paths and "~" paths
// are left alone.
void rebase_service_paths(Node& service, std::string_view dir);

}  // namespace dc
