// Relative paths of a service inherited from another file, rebased onto the
// extending file's directory (compose-go's paths.ResolveRelativePaths, which
// Compose runs on a file loaded for `extends`).
#include <string>

#include "core/extends.h"
#include "core/normalize_text.h"

namespace dc {

namespace {

enum class PathKind { File, BuildContext };

bool is_remote_context(std::string_view path) {
    if (path.find("://") != std::string_view::npos) return true;
    for (std::string_view prefix : {"github.com/", "git@"}) {
        if (path.substr(0, prefix.size()) == prefix) return true;
    }
    return false;
}

std::string rebase(std::string_view dir, std::string_view path) {
    if (path.empty() || path[0] == '/' || path[0] == '~') return std::string(path);
    return join_path(dir, path);
}

void rebase_scalar(Node& value, std::string_view dir, PathKind kind) {
    if (value.kind != NodeKind::String) return;
    if (kind == PathKind::BuildContext && is_remote_context(value.text)) return;
    value.text = rebase(dir, value.text);
}

// "./data:/data:ro" from directory "sub" becomes "./sub/data:/data:ro"; the
// result keeps a leading "." so that it still reads as a bind mount rather
// than a named volume. Named volumes, absolute and "~" paths stay.
void rebase_short_volume(Node& volume, std::string_view dir) {
    std::string_view spec = volume.text;
    if (volume.kind != NodeKind::String || spec.size() <= 2 || spec[0] != '.') return;
    std::size_t end = spec.find(':');
    if (end == std::string_view::npos) return;  // An anonymous volume.
    std::string source = join_path(dir, spec.substr(0, end));
    if (source[0] != '.' && source[0] != '/') source = "./" + source;
    volume.text = source + std::string(spec.substr(end));
}

void rebase_volumes(Node& volumes, std::string_view dir) {
    if (!volumes.is_sequence()) return;
    for (Node& volume : volumes.items) {
        if (!volume.is_mapping()) {
            rebase_short_volume(volume, dir);
            continue;
        }
        const Node* type = volume.find("type");
        Node* source = volume.find("source");
        if (type && type->text == "bind" && source) rebase_scalar(*source, dir, PathKind::File);
    }
}

void rebase_env_files(Node& env_file, std::string_view dir) {
    if (!env_file.is_sequence()) {
        rebase_scalar(env_file, dir, PathKind::File);
        return;
    }
    for (Node& item : env_file.items) {
        if (Node* path = item.is_mapping() ? item.find("path") : &item) {
            rebase_scalar(*path, dir, PathKind::File);
        }
    }
}

void rebase_additional_contexts(Node& contexts, std::string_view dir) {
    if (contexts.is_mapping()) {
        for (Entry& e : contexts.entries) rebase_scalar(*e.value, dir, PathKind::BuildContext);
        return;
    }
    if (!contexts.is_sequence()) return;
    for (Node& item : contexts.items) {
        std::size_t eq = item.text.find('=');
        if (item.kind != NodeKind::String || eq == std::string::npos) continue;
        Node path = Node::string(item.text.substr(eq + 1));
        rebase_scalar(path, dir, PathKind::BuildContext);
        item.text = item.text.substr(0, eq + 1) + path.text;
    }
}

void rebase_build(Node& build, std::string_view dir) {
    if (!build.is_mapping()) {
        rebase_scalar(build, dir, PathKind::BuildContext);
        return;
    }
    // A build without `context` is left alone: Compose only fills in the
    // default "." later, against the project directory.
    if (Node* context = build.find("context")) rebase_scalar(*context, dir, PathKind::BuildContext);
    if (Node* contexts = build.find("additional_contexts"))
        rebase_additional_contexts(*contexts, dir);
}

void rebase_watch(Node& develop, std::string_view dir) {
    Node* watch = develop.is_mapping() ? develop.find("watch") : nullptr;
    if (!watch || !watch->is_sequence()) return;
    for (Node& rule : watch->items) {
        if (Node* path = rule.is_mapping() ? rule.find("path") : nullptr) {
            rebase_scalar(*path, dir, PathKind::File);
        }
    }
}

}  // namespace

void rebase_service_paths(Node& service, std::string_view dir) {
    if (!service.is_mapping()) return;
    for (Entry& e : service.entries) {
        Node& value = *e.value;
        if (e.key == "build") {
            rebase_build(value, dir);
        } else if (e.key == "env_file") {
            rebase_env_files(value, dir);
        } else if (e.key == "volumes") {
            rebase_volumes(value, dir);
        } else if (e.key == "develop") {
            rebase_watch(value, dir);
        }
    }
}

}  // namespace dc
