// Relative paths made absolute, as compose-go's ResolveRelativePaths does:
// against the project directory while normalizing, and against an included
// project's own directory before it is imported.
#include <filesystem>

#include "core/normalize.h"
#include "core/normalize_internal.h"
#include "core/normalize_text.h"

namespace dc {

namespace {

bool is_remote_context(std::string_view context) {
    if (context.find("://") != std::string_view::npos) return true;
    for (std::string_view prefix : {"github.com/", "git@"}) {
        if (context.rfind(prefix, 0) == 0) return true;
    }
    return false;
}

void absolute_text(Node* node, const std::string& base_dir) {
    if (node != nullptr && node->kind == NodeKind::String) {
        node->text = absolute_path(node->text, base_dir);
    }
}

void resolve_build_paths(Node& service, const NormalizeOptions& options) {
    Node* build = service.find("build");
    if (build == nullptr) return;
    if (build->kind == NodeKind::String) {
        build->text = context_path(build->text, options);
        return;
    }
    if (!build->is_mapping()) return;
    Node* context = build->find("context");
    if (context == nullptr) {
        build->set("context", Node::string(options.project_dir, build->mark));
    } else if (context->kind == NodeKind::String) {
        context->text = context_path(context->text, options);
    }
    Node* contexts = build->find("additional_contexts");
    if (contexts && contexts->is_mapping()) {
        for (Entry& entry : contexts->entries) {
            if (entry.value->kind == NodeKind::String) {
                entry.value->text = context_path(entry.value->text, options);
            }
        }
    } else if (contexts && contexts->is_sequence()) {
        for (Node& item : contexts->items) {
            std::size_t eq = item.text.find('=');
            if (eq == std::string::npos) continue;
            item.text =
                item.text.substr(0, eq + 1) + context_path(item.text.substr(eq + 1), options);
        }
    }
}

void resolve_env_file_paths(Node& service, const std::string& base_dir) {
    Node* env_file = service.find("env_file");
    if (env_file == nullptr) return;
    auto resolve = [&](Node& item) {
        absolute_text(item.is_mapping() ? item.find("path") : &item, base_dir);
    };
    if (env_file->is_sequence()) {
        for (Node& item : env_file->items) resolve(item);
    } else {
        resolve(*env_file);
    }
}

void resolve_service_paths(Node& service, const NormalizeOptions& options,
                           const std::string& path) {
    if (!service.is_mapping()) return;
    resolve_build_paths(service, options);
    resolve_env_file_paths(service, options.project_dir);
    if (Node* extends = service.find("extends"); extends && extends->is_mapping()) {
        absolute_text(extends->find("file"), options.project_dir);
    }
    if (Node* volumes = service.find("volumes"); volumes && volumes->is_sequence()) {
        expand_volumes(*volumes, options, path_join(path, "volumes"));
    }
    Node* develop = service.find("develop");
    Node* watch = develop ? develop->find("watch") : nullptr;
    if (watch && watch->is_sequence()) {
        for (Node& trigger : watch->items) {
            Node* trigger_path = trigger.is_mapping() ? trigger.find("path") : nullptr;
            if (trigger_path && trigger_path->kind == NodeKind::String) {
                trigger_path->text = watch_path(trigger_path->text, options.project_dir);
            }
        }
    }
}

}  // namespace

std::string context_path(const std::string& context, const NormalizeOptions& options) {
    if (!options.resolve_paths || is_remote_context(context) || context.empty()) return context;
    return absolute_path(context, options.project_dir);
}

std::string watch_path(const std::string& path, const std::string& base_dir) {
    std::string resolved = absolute_path(path, base_dir);
    std::error_code ec;
    if (std::filesystem::is_symlink(resolved, ec)) {
        auto target = std::filesystem::canonical(resolved, ec);
        if (!ec) resolved = target.string();
    }
    return resolved;
}

void resolve_resource_paths(Node& resource, std::string_view kind, const std::string& base_dir) {
    if (!resource.is_mapping()) return;
    if (kind == "secrets" || kind == "configs") absolute_text(resource.find("file"), base_dir);
    if (kind != "volumes") return;
    const Node* driver = resource.find("driver");
    Node* opts = resource.find("driver_opts");
    if (driver == nullptr || driver->text != "local" || opts == nullptr || !opts->is_mapping()) {
        return;
    }
    const Node* o = opts->find("o");
    if (o && o->text == "bind") absolute_text(opts->find("device"), base_dir);
}

void resolve_relative_paths(Node& document, const std::string& base_dir) {
    NormalizeOptions options{{}, base_dir, {}, true};
    if (Node* services = document.find("services"); services && services->is_mapping()) {
        for (Entry& entry : services->entries) {
            resolve_service_paths(*entry.value, options, path_join("services", entry.key));
        }
    }
    for (std::string_view kind : {"volumes", "secrets", "configs"}) {
        Node* resources = document.find(kind);
        if (resources == nullptr || !resources->is_mapping()) continue;
        for (Entry& entry : resources->entries) {
            resolve_resource_paths(*entry.value, kind, base_dir);
        }
    }
}

}  // namespace dc
