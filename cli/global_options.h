// Flags every dc command shares, and how they become the loader's options.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/loader.h"

namespace dc::cli {

struct GlobalOptions {
    std::vector<std::string> files;
    std::string project_name;
    std::string project_directory;
    std::vector<std::string> env_files;
    std::vector<std::string> profiles;
    std::string progress = "auto";  // --progress
    bool dry_run = false;           // --dry-run
    std::string ansi = "auto";      // --ansi: never, always, auto
    int parallel = -1;              // --parallel: operations at once; -1 for no limit.
};

void add_global_options(CLI::App& app, GlobalOptions& options);

// The loader's options for these flags, the process environment and the
// current directory.
ProjectOptions project_options(const GlobalOptions& options);

// How many engine operations (pulls, pushes, builds, container actions) run at once, as Compose
// decides: --parallel when given above 0, else COMPOSE_PARALLEL_LIMIT, else 0 (no limit).
int parallel_limit(const GlobalOptions& options);

}  // namespace dc::cli
