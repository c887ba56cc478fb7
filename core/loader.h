// Loading a compose project: finding its files, reading .env, then the
// pipeline read -> interpolate -> validate -> include -> merge -> extends ->
// profiles -> normalize -> graph check.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/environment.h"
#include "core/node.h"

namespace dc {

enum class Interpolation { Enabled, Disabled };

struct ProjectOptions {
    std::vector<std::string> files;  // -f, in order; "-" reads standard input.
    std::string project_name;  // -p
    std::string project_directory;  // --project-directory
    std::vector<std::string> env_files;  // --env-file
    std::vector<std::string> profiles;  // --profile
    std::vector<std::string> services;  // Services named on the command line.
    Interpolation interpolation = Interpolation::Enabled;
    Environment os_env;  // The shell environment.
    std::string working_dir;  // The current directory; empty means getcwd().
    std::function<std::string()> read_stdin;  // For "-"; empty means std::cin.
    std::function<void(const std::string&)> warn;  // Empty means stderr.
};

struct Project {
    std::string name;
    std::string working_dir;  // The project directory (absolute).
    std::vector<std::string> config_files;  // Absolute paths ("-" for stdin).
    Environment environment;  // Shell environment over the .env files.
    std::vector<std::string> profiles;  // Active profiles.
    std::vector<std::string> all_profiles;  // Every profile any service names.
    std::vector<std::string> disabled_services;  // Left out by profiles.
    Node model;  // The canonical compose document.

    std::vector<std::string> service_names() const;  // Sorted.
};

// Loads the project described by `options`. Throws dc::Error.
Project load_project(const ProjectOptions& options);

// Compose's project-name rule: lowercase, only [a-z0-9_-], starting with a
// letter or digit.
bool is_valid_project_name(std::string_view name);
// Lowercases and drops characters Compose does not allow (for names taken
// from a directory or a `name:` attribute).
std::string normalize_project_name(std::string_view name);

// Files Compose looks for, in order of preference.
const std::vector<std::string>& default_compose_file_names();
const std::vector<std::string>& default_override_file_names();

}  // namespace dc
