// Which services `dc watch` watches and the rules it applies, as Compose 2.29's watch() reads
// them, and the pure mapping of a batch of changed paths to what must be done.
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/error.h"
#include "core/service_model.h"
#include "core/watch.h"

namespace fs = std::filesystem;

namespace dc {

namespace {

WatchAction parse_action(const std::string& text) {
    if (text == "rebuild") return WatchAction::Rebuild;
    if (text == "sync+restart") return WatchAction::SyncRestart;
    return WatchAction::Sync;
}

std::string text_at(const Node& node, std::string_view key) {
    const Node* value = node.find(key);
    return value != nullptr ? value->text : std::string();
}

// A .dockerignore that cannot be read is an empty one, as for the docker CLI.
IgnoreRules read_dockerignore(const std::string& context) {
    std::ifstream file(fs::path(context) / ".dockerignore");
    if (!file) return {};
    std::stringstream text;
    text << file.rdbuf();
    return IgnoreRules::parse(text.str());
}

// The editor and tool files Compose's EphemeralPathMatcher leaves out, anywhere in a tree.
const IgnoreRules& ephemeral_rules() {
    static const IgnoreRules rules = [] {
        IgnoreRules r;
        for (const char* p : {"**/*___jb_old___", "**/*___jb_tmp___", "**/.idea/**", "**/.#*",
                              "**/#*#", "**/4913", "**/*~", "**/.*.swp", "**/.*.swx", "**/.*.swo",
                              "**/.*.swn", "**/.*.kate-swp", "**/*-go-tmp-umask", "**/.git"}) {
            r.add(p);
        }
        return r;
    }();
    return rules;
}

// `path` relative to `base` ("/"-separated), or nullopt when it is not under `base`.
std::optional<std::string> relative_to(const std::string& base, const std::string& path) {
    fs::path rel =
        fs::path(path).lexically_normal().lexically_relative(fs::path(base).lexically_normal());
    std::string text = rel.generic_string();
    if (rel.empty() || text == ".." || text.rfind("../", 0) == 0) return std::nullopt;
    return text;
}

ServiceWatch read_rules(const Project& project, const std::string& name, const Node& watch) {
    ServiceWatch w;
    w.service = name;
    w.context = text_at(*service_node(project, name).find("build"), "context");
    w.dockerignore = read_dockerignore(w.context);
    for (const Node& item : watch.items) {
        WatchRule rule;
        rule.path = text_at(item, "path");
        rule.action = parse_action(text_at(item, "action"));
        rule.target = text_at(item, "target");
        if (const Node* ignore = item.find("ignore")) {
            for (const Node& pattern : ignore->items) rule.ignore.add(pattern.text);
        }
        w.rules.push_back(std::move(rule));
    }
    return w;
}

}  // namespace

std::vector<ServiceWatch> watch_config(const Project& project,
                                       const std::vector<std::string>& services) {
    std::vector<std::string> names = services.empty() ? project.service_names() : services;
    std::vector<ServiceWatch> watched;
    for (const std::string& name : names) {
        const Node& node = service_node(project, name);
        const Node* develop = node.find("develop");
        const Node* watch = develop != nullptr ? develop->find("watch") : nullptr;
        if (watch == nullptr) continue;
        bool has_build = node.find("build") != nullptr;
        for (const Node& item : watch->items) {
            if (text_at(item, "action") == "rebuild" && !has_build) {
                throw Error(ErrorKind::Failure, "can't watch service \"" + name +
                                                    "\" with action rebuild without a build "
                                                    "context");
            }
        }
        if (!has_build && !services.empty()) {
            throw Error(ErrorKind::Failure,
                        "can't watch service \"" + name + "\" without a build context");
        }
        if (!has_build) continue;
        watched.push_back(read_rules(project, name, *watch));
    }
    if (watched.empty()) {
        throw Error(ErrorKind::Failure,
                    "none of the selected services is configured for watch, consider setting an "
                    "'develop' section");
    }
    return watched;
}

bool ignored_for_service(const ServiceWatch& watch, const std::string& path) {
    std::string from_root = fs::path(path).lexically_normal().generic_string().substr(1);
    if (ephemeral_rules().excluded(from_root)) return true;
    std::optional<std::string> in_context = relative_to(watch.context, path);
    return in_context && *in_context != "." && watch.dockerignore.excluded(*in_context);
}

WatchBatch plan_batch(const ServiceWatch& watch, const std::vector<std::string>& changed,
                      const std::function<bool(const std::string&)>& exists) {
    WatchBatch batch;
    for (const std::string& path : changed) {
        if (ignored_for_service(watch, path)) continue;
        for (const WatchRule& rule : watch.rules) {
            std::optional<std::string> rel = relative_to(rule.path, path);
            if (!rel || (*rel != "." && rule.ignore.excluded(*rel))) continue;
            ++batch.changes;
            if (rule.action == WatchAction::Rebuild) {
                batch.rebuild = true;
                continue;
            }
            if (rule.action == WatchAction::SyncRestart) batch.restart = true;
            std::string target =
                *rel == "." ? rule.target : (fs::path(rule.target) / *rel).generic_string();
            if (exists(path)) {
                batch.copies.push_back({path, target});
            } else {
                batch.deletes.push_back(target);
            }
        }
    }
    return batch;
}

}  // namespace dc
