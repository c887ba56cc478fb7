#include "core/loader.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <set>
#include <utility>

#include "core/dotenv.h"
#include "core/error.h"
#include "core/extends.h"
#include "core/graph.h"
#include "core/include.h"
#include "core/interpolate.h"
#include "core/merge.h"
#include "core/normalize.h"
#include "core/normalize_consistency.h"
#include "core/profiles.h"
#include "core/project_files.h"
#include "core/schema.h"
#include "core/yaml_reader.h"

namespace fs = std::filesystem;

namespace dc {

namespace {

// State shared by the stages of one load.
struct LoadContext {
    const ProjectOptions& options;
    Environment env;
    std::set<std::string, std::less<>> warned_unset;

    void warn(const std::string& message) const {
        if (options.warn) {
            options.warn(message);
        } else {
            std::cerr << "dc: warning: " << message << '\n';
        }
    }

    std::function<void(const std::string&)> unset_reporter() {
        return [this](const std::string& name) {
            if (warned_unset.insert(name).second) {
                warn("The \"" + name + "\" variable is not set. Defaulting to a blank string.");
            }
        };
    }
};

// Reads, interpolates and validates every document of one file, and merges
// the documents of that file in order.
Node load_compose_file(LoadContext& ctx, const ComposeFile& file) {
    std::vector<Node> docs;
    if (file.path == "-") {
        std::string text = ctx.options.read_stdin
                               ? ctx.options.read_stdin()
                               : std::string(std::istreambuf_iterator<char>(std::cin), {});
        docs = read_yaml_documents(text, file.display_name);
    } else {
        docs = read_yaml_file(file.path, file.display_name);
    }
    Node result;
    bool first = true;
    for (Node& doc : docs) {
        if (doc.is_null()) continue;
        if (!doc.is_mapping()) {
            config_error(doc.mark, {}, "top-level object must be a mapping");
        }
        if (ctx.options.interpolation == Interpolation::Enabled) {
            interpolate_tree(doc, ctx.env, ctx.unset_reporter());
        }
        // Templates are not values yet: Compose does not validate them either.
        if (ctx.options.interpolation == Interpolation::Enabled) validate_compose_document(doc);
        if (first) {
            result = std::move(doc);
            first = false;
        } else {
            merge_documents(result, doc);
        }
    }
    if (first) config_error(Mark{std::make_shared<const std::string>(file.display_name)}, {},
                            "empty compose file");
    if (result.find("version")) {
        ctx.warn(file.display_name +
                 ": the attribute `version` is obsolete, it will be ignored, please remove it "
                 "to avoid potential confusion");
        result.erase("version");
    }
    return result;
}

std::string choose_project_name(const LoadContext& ctx, const Node& model,
                                const std::string& project_dir) {
    auto strict = [](const std::string& name) {
        if (!is_valid_project_name(name)) {
            config_error("invalid project name \"" + name +
                         "\": must consist only of lowercase alphanumeric characters, hyphens, "
                         "and underscores as well as start with a letter or number");
        }
        return name;
    };
    if (!ctx.options.project_name.empty()) return strict(ctx.options.project_name);
    if (auto env_name = lookup(ctx.env, "COMPOSE_PROJECT_NAME"); env_name && !env_name->empty()) {
        return strict(*env_name);
    }
    if (const Node* name = model.find("name"); name && !name->text.empty()) {
        std::string normalized = normalize_project_name(name->text);
        if (!normalized.empty()) return normalized;
    }
    std::string from_dir = normalize_project_name(fs::path(project_dir).filename().string());
    if (from_dir.empty()) {
        config_error("project name must not be empty: set one with -p or a top-level `name:`");
    }
    return from_dir;
}

std::vector<std::string> active_profiles(const LoadContext& ctx) {
    if (!ctx.options.profiles.empty()) return ctx.options.profiles;
    std::vector<std::string> out;
    if (auto env = lookup(ctx.env, "COMPOSE_PROFILES")) {
        std::string item;
        for (char c : *env + ",") {
            if (c == ',') {
                if (!item.empty()) out.push_back(item);
                item.clear();
            } else if (c != ' ') {
                item.push_back(c);
            }
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> Project::service_names() const {
    std::vector<std::string> names;
    if (const Node* services = model.find("services")) {
        for (const Entry& e : services->entries) names.push_back(e.key);
    }
    std::sort(names.begin(), names.end());
    return names;
}

Project load_project(const ProjectOptions& options) {
    LoadContext ctx{options, options.os_env, {}};
    ProjectFiles files = find_project_files(options, [&](const std::string& m) { ctx.warn(m); });
    ctx.env = files.environment;
    auto read_with_env = [&](const ComposeFile& file, const Environment& env) {
        Environment saved = std::exchange(ctx.env, env);
        Node doc = load_compose_file(ctx, file);
        ctx.env = std::move(saved);
        return doc;
    };

    // As Compose: each file resolves its own `extends` (paths against the
    // project directory) and includes before it is merged over the others.
    auto load_extended = [&](const std::string& path) {
        return load_compose_file(ctx, ComposeFile{path, display_path(path, files.cwd)});
    };
    Node model;
    bool first = true;
    for (const ComposeFile& file : files.compose_files) {
        Node doc = load_compose_file(ctx, file);
        resolve_extends(doc, files.project_dir, load_extended);
        std::string file_path = file.path == "-" ? files.project_dir + "/-" : file.path;
        apply_includes(doc, file_path, ctx.env, files.cwd, read_with_env);
        if (first) {
            model = std::move(doc);
            apply_reset_tags(model);
            enforce_unicity(model);
            first = false;
        } else {
            merge_documents(model, doc);
        }
    }
    apply_reset_tags(model);

    Project project;
    project.working_dir = files.project_dir;
    for (const ComposeFile& f : files.compose_files) project.config_files.push_back(f.path);
    project.name = choose_project_name(ctx, model, files.project_dir);
    project.profiles = active_profiles(ctx);

    NormalizeOptions normalize_options{project.name, files.project_dir, ctx.env, true};
    bool raw = options.interpolation == Interpolation::Disabled;
    if (raw) {
        name_raw_project(model, normalize_options);
    } else {
        normalize_project(model, normalize_options);
    }
    project.all_profiles = all_profiles(model);
    project.disabled_services = apply_profiles(model, project.profiles, options.services);
    if (!raw) check_consistency(model);
    ServiceGraph graph = ServiceGraph::from_project(model);
    if (!options.services.empty()) select_services(model, graph, options.services);
    if (!raw) remove_unused_resources(model);

    project.environment = std::move(ctx.env);
    project.model = std::move(model);
    return project;
}

bool is_valid_project_name(std::string_view name) {
    if (name.empty()) return false;
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(name[0])) return false;
    return std::all_of(name.begin(), name.end(),
                       [&](char c) { return alnum(c) || c == '_' || c == '-'; });
}

std::string normalize_project_name(std::string_view name) {
    std::string out;
    for (char c : name) {
        char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        bool keep = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') ||
                    lower == '_' || lower == '-';
        if (keep) out.push_back(lower);
    }
    std::size_t start = out.find_first_not_of("_-");
    return start == std::string::npos ? std::string() : out.substr(start);
}

}  // namespace dc
