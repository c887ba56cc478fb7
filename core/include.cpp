#include "core/include.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/emit.h"
#include "core/error.h"
#include "core/extends.h"
#include "core/merge.h"
#include "core/normalize.h"

namespace fs = std::filesystem;

namespace dc {

namespace {

struct IncludeSpec {
    std::vector<std::string> paths;
    std::string project_directory;
    std::vector<std::string> env_files;
    Mark mark;
};

std::string absolute_from(const std::string& path, const std::string& base) {
    fs::path p(path);
    if (p.is_relative()) p = fs::path(base) / p;
    return p.lexically_normal().string();
}

std::vector<std::string> strings_of(const Node& node) {
    std::vector<std::string> out;
    if (node.is_sequence()) {
        for (const Node& item : node.items) out.push_back(item.text);
    } else if (!node.is_null()) {
        out.push_back(node.text);
    }
    return out;
}

IncludeSpec parse_spec(const Node& item, const std::string& including_dir) {
    IncludeSpec spec;
    spec.mark = item.mark;
    if (item.is_mapping()) {
        if (const Node* p = item.find("path")) spec.paths = strings_of(*p);
        if (const Node* d = item.find("project_directory")) spec.project_directory = d->text;
        if (const Node* e = item.find("env_file")) spec.env_files = strings_of(*e);
    } else {
        spec.paths.push_back(item.text);
    }
    for (std::string& p : spec.paths) p = absolute_from(p, including_dir);
    if (spec.project_directory.empty() && !spec.paths.empty()) {
        spec.project_directory = fs::path(spec.paths[0]).parent_path().string();
    } else {
        spec.project_directory = absolute_from(spec.project_directory, including_dir);
    }
    for (std::string& e : spec.env_files) e = absolute_from(e, including_dir);
    return spec;
}

Environment included_environment(const IncludeSpec& spec, const Environment& parent) {
    Environment env = parent;
    std::vector<std::string> files = spec.env_files;
    std::error_code ec;
    fs::path default_env = fs::path(spec.project_directory) / ".env";
    if (files.empty() && fs::is_regular_file(default_env, ec)) files.push_back(default_env.string());
    add_env_files(env, files);
    return env;
}

void import_resources(Node& document, Node& included, const Mark& mark) {
    static const char* const kSections[] = {"services", "networks", "volumes", "configs",
                                            "secrets"};
    for (const char* section : kSections) {
        Node* source = included.find(section);
        if (!source || !source->is_mapping()) continue;
        Node* target = document.find(section);
        if (!target || !target->is_mapping()) target = &document.set(section, Node::mapping(mark));
        for (Entry& e : source->entries) {
            if (const Node* existing = target->find(e.key)) {
                if (to_json(*existing) == to_json(*e.value)) continue;
                config_error(mark, {},
                             std::string(section) + "." + e.key +
                                 " conflicts with imported resource");
            }
            target->set(e.key, std::move(*e.value), e.key_mark);
        }
    }
}

void include_all(Node& document, const std::string& including_dir, const Environment& env,
                 const std::string& cwd, const ComposeFileReader& read,
                 std::vector<std::string>& chain) {
    const Entry* include = document.find_entry("include");
    if (!include) return;
    Node list = *include->value;
    document.erase("include");
    for (const Node& item : list.items) {
        IncludeSpec spec = parse_spec(item, including_dir);
        Environment sub_env = included_environment(spec, env);
        Node merged;
        bool first = true;
        for (const std::string& path : spec.paths) {
            std::error_code ec;
            if (!fs::exists(path, ec)) {
                config_error(item.mark, "include", "open " + display_path(path, cwd) +
                                                       ": no such file or directory");
            }
            if (std::find(chain.begin(), chain.end(), path) != chain.end()) {
                std::string cycle;
                for (const std::string& c : chain) cycle += display_path(c, cwd) + " -> ";
                config_error(item.mark, "include", "include cycle: " + cycle + display_path(path, cwd));
            }
            Node doc = read(ComposeFile{path, display_path(path, cwd)}, sub_env);
            resolve_extends(doc, spec.project_directory, [&](const std::string& extended) {
                return read(ComposeFile{extended, display_path(extended, cwd)}, sub_env);
            });
            chain.push_back(path);
            include_all(doc, spec.project_directory, sub_env, cwd, read, chain);
            chain.pop_back();
            if (first) {
                merged = std::move(doc);
                first = false;
            } else {
                merge_documents(merged, doc);
            }
        }
        if (first) continue;
        apply_reset_tags(merged);
        resolve_relative_paths(merged, spec.project_directory);
        import_resources(document, merged, item.mark);
    }
}

}  // namespace

void apply_includes(Node& document, const std::string& including_file, const Environment& env,
                    const std::string& cwd, const ComposeFileReader& read) {
    std::vector<std::string> chain{including_file};
    include_all(document, fs::path(including_file).parent_path().string(), env, cwd, read, chain);
}

}  // namespace dc
