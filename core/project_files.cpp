#include "core/project_files.h"

#include <filesystem>

#include "core/dotenv.h"
#include "core/error.h"

namespace fs = std::filesystem;

namespace dc {

namespace {

bool parse_bool_env(const std::optional<std::string>& value) {
    if (!value) return false;
    const std::string& v = *value;
    return v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True";
}

std::string absolute_from(const std::string& path, const std::string& base) {
    fs::path p(path);
    if (p.is_relative()) p = fs::path(base) / p;
    return p.lexically_normal().string();
}

std::vector<std::string> split(const std::string& text, const std::string& separator) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        std::size_t at = text.find(separator, start);
        std::string part = text.substr(start, at == std::string::npos ? at : at - start);
        if (!part.empty()) out.push_back(part);
        if (at == std::string::npos) break;
        start = at + separator.size();
    }
    return out;
}

// The first of `names` present in `dir`; warns when several are.
std::string pick_file(const std::string& dir, const std::vector<std::string>& names,
                      std::string_view what,
                      const std::function<void(const std::string&)>& warn) {
    std::vector<std::string> found;
    for (const std::string& name : names) {
        fs::path candidate = fs::path(dir) / name;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec)) found.push_back(candidate.string());
    }
    if (found.size() > 1) {
        std::string list;
        for (const std::string& f : found) list += (list.empty() ? "" : ", ") + f;
        warn("Found multiple " + std::string(what) + " files with supported names: " + list);
        warn("Using " + found.front());
    }
    return found.empty() ? std::string() : found.front();
}

std::vector<std::string> discover(const std::string& start,
                                  const std::function<void(const std::string&)>& warn) {
    fs::path dir(start);
    while (true) {
        std::string main_file = pick_file(dir.string(), default_compose_file_names(), "config", warn);
        if (!main_file.empty()) {
            std::vector<std::string> files{main_file};
            std::string override_file =
                pick_file(dir.string(), default_override_file_names(), "override", warn);
            if (!override_file.empty()) files.push_back(override_file);
            return files;
        }
        if (!dir.has_parent_path() || dir.parent_path() == dir) break;
        dir = dir.parent_path();
    }
    throw Error(ErrorKind::FileNotFound, "no configuration file provided: not found");
}

}  // namespace

std::string display_path(const std::string& path, const std::string& cwd) {
    if (path == "-") return "<stdin>";
    std::string prefix = cwd.back() == '/' ? cwd : cwd + "/";
    if (path.rfind(prefix, 0) == 0) return path.substr(prefix.size());
    return path;
}

void add_env_files(Environment& env, const std::vector<std::string>& files) {
    // As Compose: a later file overrides an earlier one, values already in
    // `env` (the shell) override every file, and a file's ${VAR} references
    // see the shell and the earlier files.
    Environment from_files;
    for (const std::string& file : files) {
        Environment outer = from_files;
        for (const auto& [key, value] : env) outer[key] = value;
        for (DotenvEntry& entry : read_dotenv_file(file, outer)) {
            if (!entry.has_value) continue;
            from_files[entry.key] = std::move(entry.value);
        }
    }
    for (auto& [key, value] : from_files) env.emplace(key, std::move(value));
}

ProjectFiles find_project_files(const ProjectOptions& options,
                                const std::function<void(const std::string&)>& warn) {
    ProjectFiles out;
    out.cwd = options.working_dir.empty() ? fs::current_path().string() : options.working_dir;
    std::string project_dir =
        options.project_directory.empty() ? "" : absolute_from(options.project_directory, out.cwd);

    std::vector<std::string> paths;
    for (const std::string& f : options.files) {
        paths.push_back(f == "-" ? f : absolute_from(f, out.cwd));
    }
    std::string env_dir = project_dir;
    if (env_dir.empty()) {
        env_dir = (!paths.empty() && paths[0] != "-") ? fs::path(paths[0]).parent_path().string()
                                                      : out.cwd;
    }

    out.environment = options.os_env;
    if (!parse_bool_env(lookup(options.os_env, "COMPOSE_DISABLE_ENV_FILE"))) {
        std::vector<std::string> env_files;
        for (const std::string& f : options.env_files) env_files.push_back(absolute_from(f, out.cwd));
        std::error_code ec;
        if (env_files.empty() && fs::is_regular_file(fs::path(env_dir) / ".env", ec)) {
            env_files.push_back((fs::path(env_dir) / ".env").string());
        }
        add_env_files(out.environment, env_files);
    }

    if (paths.empty()) {
        if (auto from_env = lookup(out.environment, "COMPOSE_FILE"); from_env && !from_env->empty()) {
            std::string sep = lookup(out.environment, "COMPOSE_PATH_SEPARATOR").value_or(":");
            if (sep.empty()) sep = ":";
            std::string base = project_dir.empty() ? out.cwd : project_dir;
            for (const std::string& f : split(*from_env, sep)) paths.push_back(absolute_from(f, base));
        } else {
            paths = discover(project_dir.empty() ? out.cwd : project_dir, warn);
        }
    }
    for (const std::string& p : paths) {
        std::error_code ec;
        if (p != "-" && !fs::exists(p, ec)) {
            throw Error(ErrorKind::FileNotFound, "open " + display_path(p, out.cwd) +
                                                     ": no such file or directory");
        }
        out.compose_files.push_back(ComposeFile{p, display_path(p, out.cwd)});
    }
    if (project_dir.empty()) {
        project_dir = paths[0] == "-" ? out.cwd : fs::path(paths[0]).parent_path().string();
    }
    out.project_dir = project_dir;
    return out;
}

const std::vector<std::string>& default_compose_file_names() {
    static const std::vector<std::string> names{"compose.yaml", "compose.yml",
                                                "docker-compose.yml", "docker-compose.yaml"};
    return names;
}

const std::vector<std::string>& default_override_file_names() {
    static const std::vector<std::string> names{"compose.override.yml", "compose.override.yaml",
                                                "docker-compose.override.yml",
                                                "docker-compose.override.yaml"};
    return names;
}

}  // namespace dc
