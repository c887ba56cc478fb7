// The labels of a service container: the service's own, then the ones Compose adds (which win),
// as Compose v2.29 sets them in cmd/compose/compose.go, run.go and create.go.
#include <algorithm>

#include "core/labels.h"
#include "core/service_spec_internal.h"
#include "core/version.h"

namespace dc {

namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

// "db:service_healthy:false,migrate:service_completed_successfully:true", sorted by service.
std::string dependencies_label(const Node& service) {
    std::vector<std::string> items;
    const Node* depends_on = service.find("depends_on");
    if (depends_on == nullptr || !depends_on->is_mapping()) return {};
    for (const Entry& entry : depends_on->entries) {
        items.push_back(entry.key + ":" + text_of(*entry.value, "condition") + ":" +
                        (bool_of(*entry.value, "restart") ? "true" : "false"));
    }
    std::sort(items.begin(), items.end());
    return join(items, ",");
}

}  // namespace

Labels container_labels(const SpecContext& context, const std::string& hash) {
    const Project& project = context.project;
    const SpecOptions& options = context.options;
    Labels labels = string_map_of(context.service, "labels");
    labels[kLabelProject] = project.name;
    labels[kLabelService] = context.service_name;
    labels[kLabelVersion] = kVersion;
    labels[kLabelWorkingDir] = project.working_dir;
    labels[kLabelConfigFiles] = join(project.config_files, ",");
    labels[kLabelOneoff] = options.run ? kOneoffTrue : kOneoffFalse;
    if (!options.environment_files.empty()) {
        labels[kLabelEnvironmentFile] = join(options.environment_files, ",");
    }
    if (options.run) labels[kLabelSlug] = options.run->slug;
    if (!options.image_id.empty()) labels[kLabelImage] = options.image_id;
    if (!options.replaces.empty()) labels[kLabelReplace] = options.replaces;
    labels[kLabelConfigHash] = hash;
    labels[kLabelContainerNumber] = std::to_string(context.number);
    labels[kLabelDependsOn] = dependencies_label(context.service);
    return labels;
}

}  // namespace dc
