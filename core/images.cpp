// `dc images`: the images the project's containers use, one row a container, as Compose lists
// them: sorted by container name, "<none>" for an untagged image, sizes in decimal units.
#include <nlohmann/json.hpp>

#include "core/tools.h"

namespace dc {

namespace {

struct ImageRow {
    std::string id{};  // "sha256:..."
    std::string container{};
    std::string repository{};
    std::string tag{};
    std::int64_t size = 0;
};

// "dc-test/busybox:latest" into its repository and tag; the colon of a registry's port is not a
// tag's.
void split_reference(const std::string& reference, std::string& repository, std::string& tag) {
    std::size_t colon = reference.rfind(':');
    std::size_t slash = reference.rfind('/');
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) {
        repository = reference;
        return;
    }
    repository = reference.substr(0, colon);
    tag = reference.substr(colon + 1);
}

std::vector<ImageRow> image_rows(const Project& project, Engine& engine,
                                 const std::vector<std::string>& services) {
    std::vector<ImageRow> rows;
    for (const ContainerSummary& c :
         project_containers(project.name, engine, services, true, Oneoffs::Include)) {
        ImageRow row;
        row.container = container_name(c);
        row.id = c.image_id;
        auto image =
            value_or_throw(engine.inspect_image(c.image_id.empty() ? c.image : c.image_id));
        if (image) {
            row.id = image->id;
            row.size = image->size;
            if (!image->repo_tags.empty())
                split_reference(image->repo_tags.front(), row.repository, row.tag);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string without_algorithm(const std::string& id) {
    std::size_t colon = id.find(':');
    return colon == std::string::npos ? id : id.substr(colon + 1);
}

}  // namespace

void run_images(const Project& project, Engine& engine, const ImagesOptions& options,
                std::ostream& out) {
    check_services(project, options.services);
    std::vector<ImageRow> rows = image_rows(project, engine, options.services);
    if (options.quiet) {
        std::vector<std::string> seen;
        for (const ImageRow& row : rows) {
            std::string id = without_algorithm(row.id);
            if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
            seen.push_back(id);
            out << id << '\n';
        }
        return;
    }
    if (options.format == ToolFormat::Json) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const ImageRow& row : rows) {
            list.push_back({{"ID", row.id},
                            {"ContainerName", row.container},
                            {"Repository", row.repository},
                            {"Tag", row.tag},
                            {"Size", row.size}});
        }
        out << list.dump() << '\n';
        return;
    }
    std::string text = "CONTAINER\tREPOSITORY\tTAG\tIMAGE ID\tSIZE\n";
    for (const ImageRow& row : rows) {
        text += row.container + "\t" + (row.repository.empty() ? "<none>" : row.repository) + "\t" +
                (row.tag.empty() ? "<none>" : row.tag) + "\t" +
                without_algorithm(row.id).substr(0, 12) + "\t" +
                human_size(static_cast<double>(row.size)) + "\n";
    }
    out << tabwrite(text, 20, 3);
}

}  // namespace dc
