// `dc top`: each running container's processes, as Compose v2.29 prints them: the container's
// name, a table whose every process cell is tab-ended (so the last column is padded too), and a
// blank line.
#include "core/tools.h"

namespace dc {

void run_top(const Project& project, Engine& engine, const std::vector<std::string>& services,
             std::ostream& out) {
    check_services(project, services);
    for (const ContainerSummary& c :
         project_containers(project.name, engine, services, false, Oneoffs::Include)) {
        auto top = engine.top_container(c.id, "");
        // A container that stopped since the list has no processes to show.
        if (!top && top.error().kind == FailureKind::Conflict) continue;
        TopResult result = value_or_throw(std::move(top));
        std::string text;
        for (std::size_t i = 0; i < result.titles.size(); ++i) {
            text += (i == 0 ? "" : "\t") + result.titles[i];
        }
        text += '\n';
        for (const auto& process : result.processes) {
            for (const std::string& cell : process) text += cell + "\t";
            text += '\n';
        }
        out << container_name(c) << '\n' << tabwrite(text, 5, 3) << '\n';
    }
}

}  // namespace dc
