// Which compose files make up a project, where its directory is, and the
// environment its files are interpolated with.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/environment.h"
#include "core/loader.h"

namespace dc {

struct ComposeFile {
    std::string path;  // Absolute, or "-" for standard input.
    std::string display_name;  // As error messages show it.
};

struct ProjectFiles {
    std::string cwd;
    std::string project_dir;  // Absolute.
    std::vector<ComposeFile> compose_files;
    Environment environment;  // The shell environment over the .env files.
};

// Applies Compose's rules: -f files, else COMPOSE_FILE (split on
// COMPOSE_PATH_SEPARATOR), else the default names searched from the working
// directory upwards with their override file. The .env file (or --env-file
// files) is read unless COMPOSE_DISABLE_ENV_FILE is true.
ProjectFiles find_project_files(const ProjectOptions& options,
                                const std::function<void(const std::string&)>& warn);

// How a path is shown in messages: relative to `cwd` when inside it.
std::string display_path(const std::string& path, const std::string& cwd);

// Reads dotenv files into `env` without overriding what is already set.
void add_env_files(Environment& env, const std::vector<std::string>& files);

}  // namespace dc
