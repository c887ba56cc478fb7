// Deciding between a standalone cluster and one that joins the user's project, and loading it:
// the generated compose file is read through the loader's standard-input slot, placed before
// the user's files, so that a service of the same name in the user's file is merged over the
// generated one (to add a port or a volume to the master, say).
#include "core/spark_project.h"

#include <algorithm>
#include <optional>

#include "core/error.h"
#include "core/project_files.h"

namespace dc {

namespace {

struct UserProject {
    Project project{};
    std::vector<std::string> files{};  // The user's compose files, absolute.
};

// The user's project, or nullopt when no compose file was asked for and none was found. It is
// read over the default cluster, so that a file that completes a generated service (ports for
// spark-master, say) loads although that service has no image of its own there.
std::optional<UserProject> load_user_project(const ProjectOptions& user) {
    // The project is loaded again with the Spark services; warnings come from that load.
    auto ignore = [](const std::string&) {};
    ProjectFiles found{};
    try {
        found = find_project_files(user, ignore);
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::FileNotFound && user.files.empty()) return std::nullopt;
        throw;
    }
    UserProject own{};
    for (const ComposeFile& file : found.compose_files) own.files.push_back(file.path);
    ProjectOptions options = user;
    options.warn = ignore;
    options.files = {"-"};
    options.files.insert(options.files.end(), own.files.begin(), own.files.end());
    if (options.project_directory.empty()) options.project_directory = found.project_dir;
    options.read_stdin = [] { return spark_compose_yaml(SparkOptions{}); };
    own.project = load_project(options);
    return own;
}

bool wants_spark(const Project& project) {
    const auto& profiles = project.all_profiles;
    return project.model.find("x-spark") != nullptr ||
           std::find(profiles.begin(), profiles.end(), "spark") != profiles.end();
}

}  // namespace

SparkSetup prepare_spark_project(const ProjectOptions& user, const SparkFlags& flags) {
    std::optional<UserProject> user_project = load_user_project(user);
    SparkSetup setup{};
    // Naming files with -f asks for them, so the cluster joins them even without x-spark.
    setup.joined = user_project && (wants_spark(user_project->project) || !user.files.empty());
    const Project* own = setup.joined ? &user_project->project : nullptr;
    setup.options = resolve_spark_options(flags, own ? own->model.find("x-spark") : nullptr);
    SparkLayout layout{};
    setup.project = user;
    if (own) {
        const Node* services = own->model.find("services");
        if (services && services->find(kSparkPostgresService)) {
            layout.existing_postgres = std::string(kSparkPostgresService);
        }
        setup.project.files = {"-"};
        for (const std::string& file : user_project->files) setup.project.files.push_back(file);
        setup.project.project_name = own->name;
        setup.project.project_directory = own->working_dir;
        setup.project.profiles = own->profiles;
        if (std::find(own->profiles.begin(), own->profiles.end(), "spark") == own->profiles.end()) {
            setup.project.profiles.push_back("spark");
        }
    } else {
        setup.project.files = {"-"};
        if (setup.project.project_name.empty()) {
            setup.project.project_name = std::string(kSparkDefaultProject);
        }
        // The user's .env files belong to the user's project, not to the standalone cluster.
        setup.project.env_files = {};
    }
    setup.yaml = spark_compose_yaml(setup.options, layout);
    std::string yaml = setup.yaml;
    setup.project.read_stdin = [yaml] { return yaml; };
    return setup;
}

std::string spark_project_name(const ProjectOptions& user) {
    if (!user.project_name.empty()) return user.project_name;
    std::optional<UserProject> own = load_user_project(user);
    if (own && (wants_spark(own->project) || !user.files.empty())) return own->project.name;
    return std::string(kSparkDefaultProject);
}

Project load_spark_project(const SparkSetup& setup) {
    return load_project(setup.project);
}

}  // namespace dc
