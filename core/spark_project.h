// The project `dc spark` works on. Standalone, it is the generated cluster alone, named "spark"
// (or -p). Joined, when the user's compose file has an `x-spark` block or services in the
// `spark` profile (or was named with -f), the generated services are added to the user's own
// project: same name, same network, the `spark` profile active, and a `postgres` service there
// reused by --with-postgres.
#pragma once

#include <string>

#include "core/loader.h"
#include "core/spark_profile.h"

namespace dc {

// The default project name of a standalone cluster.
inline constexpr std::string_view kSparkDefaultProject = "spark";

struct SparkSetup {
    ProjectOptions project{};  // Loads the project: the generated file first, then the user's.
    SparkOptions options{};
    bool joined = false;
    std::string yaml{};  // The generated compose file.
};

// Looks for the user's compose file (none is fine unless -f named one), resolves the options
// from `flags` over its `x-spark` block, and says how to load the Spark project. Throws
// dc::Error as load_project and resolve_spark_options do.
SparkSetup prepare_spark_project(const ProjectOptions& user, const SparkFlags& flags);

// The Spark project's name by the same rule, without generating anything: -p, else the user's
// project name when the cluster joins it, else "spark". For `dc spark submit` and the like.
std::string spark_project_name(const ProjectOptions& user);

// Loads the project that `setup` describes.
Project load_spark_project(const SparkSetup& setup);

}  // namespace dc
