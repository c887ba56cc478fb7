// Helpers shared by the lifecycle tests (plan, executor, up and down): a project loaded from
// compose text, containers as an earlier `up` would have left them in a FakeEngine, and the
// progress lines of one container.
#pragma once

#include <string>
#include <vector>

#include "core/loader.h"
#include "core/progress.h"
#include "core/service_spec.h"
#include "tests/unit/fake_engine.h"
#include "tests/unit/test_util.h"

namespace dc::test {

// The project "p" of `yaml`, written to `dir` (which keeps build contexts and the like) and
// loaded as `dc` loads it.
inline Project project_in(const TempDir& dir, const std::string& yaml) {
    dir.write("compose.yaml", yaml);
    ProjectOptions options;
    options.working_dir = dir.path();
    options.project_name = "p";
    options.warn = [](const std::string&) {};
    return load_project(options);
}

// The project "p" of `yaml`, loaded as `dc` loads it.
inline Project project_of(const std::string& yaml) {
    TempDir dir;
    return project_in(dir, yaml);
}

// Puts container `number` of `service` in `engine` as `up` would have created it from `project`
// (its labels, config hash and name), in `status`; returns its id.
inline std::string seed(FakeEngine& engine, const Project& project, const std::string& service,
                        int number, const std::string& status = "running") {
    return engine.add_container(container_spec(project, service, number, {}).spec, status);
}

// The progress lines that name `name`, in order: "Container p-db-1 Healthy".
inline std::vector<std::string> lines_of(const RecordedProgress& progress,
                                         const std::string& name) {
    std::vector<std::string> out;
    for (const std::string& line : progress.lines()) {
        if (line.find(" " + name + " ") != std::string::npos) out.push_back(line);
    }
    return out;
}

// The position of a line in the progress, or -1.
inline int line_position(const RecordedProgress& progress, const std::string& line) {
    std::vector<std::string> lines = progress.lines();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i] == line) return static_cast<int>(i);
    }
    return -1;
}

}  // namespace dc::test
