#include "cli/session.h"

#include "cli/engine_connect.h"
#include "cli/progress.h"

namespace dc::cli {

Session open_session(const GlobalOptions& global, Quiet quiet) {
    Project project = load_project(project_options(global));
    ServiceGraph graph = ServiceGraph::from_project(project.model);
    std::unique_ptr<Engine> engine = connect_engine();
    std::unique_ptr<ProgressListener> progress =
        quiet == Quiet::Yes ? std::make_unique<NullProgress>() : make_progress(global);
    return {std::move(project), std::move(graph), std::move(engine), std::move(progress)};
}

}  // namespace dc::cli
