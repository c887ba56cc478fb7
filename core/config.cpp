#include "core/config.h"

#include <fstream>
#include <sstream>

#include "core/emit.h"
#include "core/error.h"
#include "core/graph.h"

namespace dc {

namespace {

void print_keys(const Node& model, std::string_view section, std::ostream& out) {
    const Node* map = model.find(section);
    if (!map) return;
    for (const Entry& e : map->entries) out << e.key << '\n';
}

// The image each service runs, in start order: its `image`, or the name dc
// gives the image it builds.
void print_images(const Project& project, const ServiceGraph& graph, std::ostream& out) {
    const Node* services = project.model.find("services");
    for (const std::string& name : graph.start_order()) {
        const Node* image = services->find(name)->find("image");
        out << (image && !image->text.empty() ? image->text : project.name + "-" + name) << '\n';
    }
}

void write_view(const Project& project, const ConfigOptions& options, std::ostream& out) {
    bool raw = options.raw;
    switch (options.view) {
    case ConfigView::Quiet: return;
    case ConfigView::Services:
        for (const std::string& name : ServiceGraph::from_project(project.model).start_order()) {
            out << name << '\n';
        }
        return;
    case ConfigView::Images:
        print_images(project, ServiceGraph::from_project(project.model), out);
        return;
    case ConfigView::Volumes: print_keys(project.model, "volumes", out); return;
    case ConfigView::Networks: print_keys(project.model, "networks", out); return;
    case ConfigView::Profiles:
        for (const std::string& p : project.all_profiles) out << p << '\n';
        return;
    case ConfigView::Model:
        if (options.format == ConfigFormat::Json) {
            out << (raw ? emit_raw_json(project.model) : emit_json(project.model));
        } else {
            out << (raw ? emit_raw_yaml(project.model) : emit_yaml(project.model));
        }
        return;
    }
}

}  // namespace

void run_config(const ProjectOptions& project_options, const ConfigOptions& options,
                std::ostream& out) {
    Project project = load_project(project_options);
    ConfigOptions effective = options;
    effective.raw = project_options.interpolation == Interpolation::Disabled;
    if (options.output_file.empty()) {
        write_view(project, effective, out);
        return;
    }
    std::ostringstream text;
    write_view(project, effective, text);
    std::ofstream file(options.output_file, std::ios::binary | std::ios::trunc);
    if (!file || !(file << text.str()) || !file.flush()) {
        throw Error(ErrorKind::Failure, "cannot write " + options.output_file);
    }
}

}  // namespace dc
