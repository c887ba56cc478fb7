// `include`: other compose projects pulled into this one, each with its own
// directory and .env.
#pragma once

#include "core/environment.h"
#include "core/loader.h"
#include "core/node.h"
#include "core/project_files.h"

namespace dc {

// Reads the file's tree through the same pipeline as a top-level file.
using ComposeFileReader = std::function<Node(const ComposeFile& file, const Environment& env)>;

// Loads every project named by `document`'s `include` and adds its services,
// networks, volumes, configs and secrets to `document`. A resource defined on
// both sides (differently) is a Config error; so is an include cycle.
// Removes `include`. `including_file` is the absolute path of the document's file.
void apply_includes(Node& document, const std::string& including_file, const Environment& env,
                    const std::string& cwd, const ComposeFileReader& read);

}  // namespace dc
