// `dc config`: the project in canonical form, or one facet of it.
#pragma once

#include <ostream>
#include <string>

#include "core/loader.h"

namespace dc {

enum class ConfigFormat { Yaml, Json };

enum class ConfigView { Model, Services, Volumes, Networks, Images, Profiles, Quiet };

struct ConfigOptions {
    ConfigFormat format = ConfigFormat::Yaml;
    ConfigView view = ConfigView::Model;
    std::string output_file;  // Empty means `out`.
    bool raw = false;  // Set by run_config for --no-interpolate: print the model as merged.
};

// Loads the project and prints what `options` asks for. Throws dc::Error.
void run_config(const ProjectOptions& project_options, const ConfigOptions& options,
                std::ostream& out);

}  // namespace dc
