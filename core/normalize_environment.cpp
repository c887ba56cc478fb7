// A service's environment as `docker compose config` shows it: `environment`
// resolved against the project environment, with the `env_file` files
// folded underneath.
#include <filesystem>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/dotenv.h"
#include "core/error.h"
#include "core/normalize_internal.h"
#include "core/normalize_text.h"

namespace dc {

namespace {

// Keys in first-seen order with their value, std::nullopt for "no value".
class EnvironmentMap {
  public:
    void set(const std::string& key, std::optional<std::string> value, const Mark& mark) {
        auto [it, inserted] = index_.emplace(key, entries_.size());
        if (inserted) {
            entries_.push_back({key, std::move(value), mark});
        } else {
            entries_[it->second].value = std::move(value);
        }
    }

    struct Item {
        std::string key;
        std::optional<std::string> value;
        Mark mark;
    };
    std::vector<Item>& items() { return entries_; }

  private:
    std::vector<Item> entries_;
    std::map<std::string, std::size_t, std::less<>> index_;
};

EnvironmentMap read_environment(const Node& node, const std::string& path) {
    EnvironmentMap env;
    if (node.is_sequence()) {
        for (const Node& item : node.items) {
            std::string text = go_sprint(item);
            std::size_t eq = text.find('=');
            if (eq == std::string::npos) {
                env.set(text, std::nullopt, item.mark);
            } else {
                env.set(text.substr(0, eq), text.substr(eq + 1), item.mark);
            }
        }
    } else if (node.is_mapping()) {
        for (const Entry& entry : node.entries) {
            const Node& value = *entry.value;
            if (!value.is_scalar()) {
                config_error(value.mark, path_join(path, entry.key), "expected a scalar value");
            }
            std::optional<std::string> text;
            if (!value.is_null()) text = go_sprint(value);
            env.set(entry.key, std::move(text), value.mark);
        }
    } else if (!node.is_null()) {
        config_error(node.mark, path, "expected a list or a mapping");
    }
    return env;
}

struct EnvFileRef {
    std::string path;
    bool required = true;
    Mark mark;
};

std::vector<EnvFileRef> env_file_refs(const Node& node, const NormalizeOptions& options,
                                      const std::string& path) {
    std::vector<EnvFileRef> refs;
    auto add = [&](const Node& item, const std::string& item_path) {
        EnvFileRef ref{{}, true, item.mark};
        if (item.is_mapping()) {
            const Node* file = item.find("path");
            if (file == nullptr) config_error(item.mark, item_path, "env_file entry needs a path");
            ref.path = file->text;
            if (const Node* required = item.find("required")) ref.required = required->as_bool();
        } else if (item.kind == NodeKind::String) {
            ref.path = item.text;
        } else {
            config_error(item.mark, item_path, "expected a path or a mapping");
        }
        if (options.resolve_paths && !ref.path.empty()) {
            ref.path = absolute_path(ref.path, options.project_dir);
        }
        refs.push_back(std::move(ref));
    };
    if (node.is_sequence()) {
        for (std::size_t i = 0; i < node.items.size(); ++i) add(node.items[i], path_index(path, i));
    } else {
        add(node, path);
    }
    return refs;
}

// Reads the env files in order; later files override earlier ones, and
// ${VAR} in a file sees the earlier files before the project environment.
EnvironmentMap read_env_files(const std::vector<EnvFileRef>& refs, const NormalizeOptions& options,
                              const std::string& path) {
    EnvironmentMap env;
    Environment outer;
    bool first = true;
    for (const EnvFileRef& ref : refs) {
        std::error_code ec;
        if (!std::filesystem::exists(ref.path, ec)) {
            if (!ref.required) continue;
            config_error(ref.mark, path,
                         "env file " + ref.path + " not found: stat " + ref.path +
                             ": no such file or directory");
        }
        if (first) {
            outer = options.environment;
            first = false;
        }
        for (DotenvEntry& entry : read_dotenv_file(ref.path, outer)) {
            std::optional<std::string> value;
            if (entry.has_value) {
                value = std::move(entry.value);
            } else {
                value = lookup(outer, entry.key);
                if (!value) continue;
            }
            outer.insert_or_assign(entry.key, *value);
            env.set(entry.key, std::move(value), ref.mark);
        }
    }
    return env;
}

Node to_mapping(EnvironmentMap& env, const Mark& mark) {
    Node out = Node::mapping(mark);
    out.entries.reserve(env.items().size());
    for (auto& item : env.items()) {
        Node value =
            item.value ? Node::string(std::move(*item.value), item.mark) : Node::null(item.mark);
        out.entries.push_back(
            Entry{std::move(item.key), item.mark, std::make_unique<Node>(std::move(value))});
    }
    return out;
}

}  // namespace

void resolve_environment(Node& service, const NormalizeOptions& options, const std::string& path) {
    Node* environment = service.find("environment");
    Node* env_file = service.find("env_file");
    if (environment == nullptr && env_file == nullptr) return;
    Mark mark = environment ? environment->mark : env_file->mark;
    EnvironmentMap own;
    if (environment) own = read_environment(*environment, path_join(path, "environment"));
    for (auto& item : own.items()) {
        if (!item.value) item.value = lookup(options.environment, item.key);
    }
    EnvironmentMap merged;
    if (env_file && !env_file->is_null()) {
        std::string file_path = path_join(path, "env_file");
        merged = read_env_files(env_file_refs(*env_file, options, file_path), options, file_path);
    }
    for (auto& item : own.items()) merged.set(item.key, std::move(item.value), item.mark);
    service.erase("env_file");
    service.set("environment", to_mapping(merged, mark));
}

void resolve_build_args(Node& build, const NormalizeOptions& options) {
    Node* args = build.find("args");
    if (args == nullptr || !(args->is_mapping() || args->is_sequence())) return;
    EnvironmentMap env = read_environment(*args, "build.args");
    EnvironmentMap resolved;
    for (auto& item : env.items()) {
        if (!item.value) item.value = lookup(options.environment, item.key);
        if (item.value) resolved.set(item.key, std::move(item.value), item.mark);
    }
    *args = to_mapping(resolved, args->mark);
}

}  // namespace dc
