// Turns a merged compose document into Compose's canonical form, the model
// `dc config` prints and everything after the loader uses.
#pragma once

#include <string>

#include "core/environment.h"
#include "core/node.h"

namespace dc {

struct NormalizeOptions {
    std::string project_name;
    std::string project_dir;  // Absolute; relative paths are resolved against it.
    Environment environment;  // For env_file lookups and `KEY` without a value.
    bool resolve_paths = true;
};

// Rewrites `document` in place: every short syntax expanded, env_file folded
// into environment, paths absolute, durations and sizes in Compose's form,
// resource names filled in, the default network added where used.
void normalize_project(Node& document, const NormalizeOptions& options);

// What Compose still does to a model it does not normalize (with
// --no-interpolate): the project name, resource names and the default network.
void name_raw_project(Node& document, const NormalizeOptions& options);

}  // namespace dc

namespace dc {

// Makes the relative paths of a (not yet normalized) document absolute against
// `base_dir`: build contexts, bind-mount sources, env_file, configs and
// secrets files, extends files. Used for included projects, whose paths are
// relative to their own directory.
void resolve_relative_paths(Node& document, const std::string& base_dir);

}  // namespace dc
