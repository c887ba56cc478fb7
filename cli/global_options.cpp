#include "cli/global_options.h"

#include <cstdlib>

namespace dc::cli {

void add_global_options(CLI::App& app, GlobalOptions& options) {
    app.add_option("-f,--file", options.files, "Compose configuration files (- reads stdin)")
        ->take_all()
        ->allow_extra_args(false);
    app.add_option("-p,--project-name", options.project_name, "Project name");
    app.add_option("--project-directory", options.project_directory,
                   "Alternate working directory (default: the first compose file's directory)");
    app.add_option("--env-file", options.env_files, "Alternate environment files")
        ->allow_extra_args(false);
    app.add_option("--profile", options.profiles, "Profiles to enable")->allow_extra_args(false);
    app.add_option("--progress", options.progress, "Progress output: auto, tty, plain, json, quiet")
        ->check(CLI::IsMember({"auto", "tty", "plain", "json", "quiet"}));
    app.add_option("--ansi", options.ansi, "Control characters: never, always, auto")
        ->check(CLI::IsMember({"never", "always", "auto"}));
    app.add_flag("--dry-run", options.dry_run, "Show what would be done, change nothing");
    app.add_option("--parallel", options.parallel, "Control max parallelism, -1 for unlimited");
}

ProjectOptions project_options(const GlobalOptions& options) {
    ProjectOptions out;
    out.files = options.files;
    out.project_name = options.project_name;
    out.project_directory = options.project_directory;
    out.env_files = options.env_files;
    out.profiles = options.profiles;
    out.os_env = os_environment();
    return out;
}

int parallel_limit(const GlobalOptions& options) {
    if (options.parallel > 0) return options.parallel;
    const char* text = std::getenv("COMPOSE_PARALLEL_LIMIT");
    return text != nullptr ? std::atoi(text) : 0;
}

}  // namespace dc::cli
