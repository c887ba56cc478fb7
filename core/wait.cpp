// `dc wait`: block until the services' containers stop, printing each one's exit code as it
// stops (Compose's line), in parallel; with --down-project the project goes down once the first
// one has stopped.
#include <mutex>
#include <thread>

#include "core/error.h"
#include "core/tools.h"

namespace dc {

int run_wait(const Project& project, Engine& engine, const WaitOptions& options, std::ostream& out,
             const std::function<void()>& down) {
    check_services(project, options.services);
    auto containers =
        project_containers(project.name, engine, options.services, false, Oneoffs::Include);
    if (containers.empty()) {
        throw Error(ErrorKind::Failure, "no containers for project \"" + project.name + "\"");
    }
    std::mutex mutex;
    int last_code = 0;
    std::optional<EngineFailure> failure;
    bool first = true;
    std::stop_source stop_all;
    std::stop_callback forward(options.stop, [&] { stop_all.request_stop(); });
    {
        std::vector<std::jthread> waiters;
        for (const ContainerSummary& c : containers) {
            waiters.emplace_back([&, id = c.id] {
                auto result =
                    engine.wait_container(id, WaitCondition::NotRunning, stop_all.get_token());
                std::lock_guard<std::mutex> lock(mutex);
                if (!result) {
                    if (!failure && result.error().kind != FailureKind::Cancelled) {
                        failure = result.error();
                    }
                    if (!failure && options.stop.stop_requested()) failure = result.error();
                    return;
                }
                out << "container \"" << id << "\" exited with status code " << result->exit_code
                    << '\n'
                    << std::flush;
                last_code = result->exit_code;
                if (first && options.down_project && down) {
                    first = false;
                    down();
                }
            });
        }
    }
    if (failure) throw EngineError(*failure);
    return last_code;
}

}  // namespace dc
