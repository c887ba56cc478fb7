// What a command that works on a project's images opens before its work: the project as the
// global flags load it, its service graph, the engine and the progress output.
#pragma once

#include <memory>

#include "cli/global_options.h"
#include "core/engine.h"
#include "core/graph.h"
#include "core/loader.h"
#include "core/progress.h"

namespace dc::cli {

enum class Quiet { No, Yes };

struct Session {
    Project project;
    ServiceGraph graph;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<ProgressListener> progress;  // Shows nothing with Quiet::Yes (-q).
};

// Loads the project, then connects to the engine. Throws as load_project and connect_engine do.
Session open_session(const GlobalOptions& global, Quiet quiet);

}  // namespace dc::cli
