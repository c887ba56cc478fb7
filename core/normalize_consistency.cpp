// Cross-attribute rules on the canonical project, with Compose's messages.
#include "core/normalize_consistency.h"

#include <map>

#include "core/error.h"
#include "core/normalize_text.h"

namespace dc {

namespace {

struct ServiceRef {
    const std::string& name;
    Node& node;
    std::string path;
};

[[noreturn]] void fail(const Node& at, const std::string& path, const std::string& message) {
    config_error(at.mark, path, message);
}

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

bool declared(const Node& project, std::string_view kind, const std::string& name) {
    const Node* resources = project.find(kind);
    return resources != nullptr && resources->find(name) != nullptr;
}

// Each `source` of a list of mounts must be declared at the top level.
void check_sources(const Node& project, const ServiceRef& s, const Node* mounts,
                   std::string_view kind, std::string_view what) {
    if (mounts == nullptr) return;
    for (const Node& mount : mounts->items) {
        const Node* source = mount.find("source");
        if (source && !declared(project, kind, source->text)) {
            fail(*source, s.path,
                 "service " + quoted(s.name) + " refers to undefined " + std::string(what) + " " +
                     source->text);
        }
    }
}

void check_references(const Node& project, const ServiceRef& s) {
    const Node* networks = s.node.find("networks");
    if (const Node* mode = s.node.find("network_mode"); mode && networks) {
        fail(*mode, s.path,
             "service " + s.name + " declares mutually exclusive `network_mode` and `networks`");
    }
    if (networks) {
        for (const Entry& network : networks->entries) {
            if (!declared(project, "networks", network.key)) {
                fail(*networks, s.path,
                     "service " + quoted(s.name) + " refers to undefined network " + network.key);
            }
        }
    }
    if (const Node* volumes = s.node.find("volumes")) {
        for (const Node& volume : volumes->items) {
            const Node* type = volume.find("type");
            const Node* source = volume.find("source");
            if (type && type->text == "volume" && source && !source->text.empty() &&
                !declared(project, "volumes", source->text)) {
                fail(*source, s.path,
                     "service " + quoted(s.name) + " refers to undefined volume " + source->text);
            }
        }
    }
    if (const Node* build = s.node.find("build")) {
        check_sources(project, s, build->find("secrets"), "secrets", "build secret");
    }
    check_sources(project, s, s.node.find("configs"), "configs", "config");
    check_sources(project, s, s.node.find("secrets"), "secrets", "secret");
}

void check_build(const ServiceRef& s) {
    const Node* build = s.node.find("build");
    if (build == nullptr && s.node.find("image") == nullptr) {
        fail(s.node, s.path,
             "service " + quoted(s.name) + " has neither an image nor a build context specified");
    }
    if (build == nullptr) return;
    if (build->find("dockerfile") && build->find("dockerfile_inline")) {
        fail(*build, s.path,
             "service " + quoted(s.name) +
                 " declares mutually exclusive dockerfile and dockerfile_inline");
    }
    const Node* platforms = build->find("platforms");
    const Node* platform = s.node.find("platform");
    if (platforms == nullptr || platforms->items.empty() || platform == nullptr) return;
    for (const Node& item : platforms->items) {
        if (item.text == platform->text) return;
    }
    fail(*platforms, s.path,
         "service.build.platforms MUST include service.platform " + quoted(platform->text));
}

// A service attribute and its deploy.resources counterpart must agree.
void check_same(const ServiceRef& s, std::string_view attribute, const Node* limits,
                std::string_view limit_key, std::string_view deploy_attribute) {
    const Node* value = s.node.find(attribute);
    if (value == nullptr || value->text == "0" || limits == nullptr) return;
    const Node* limit = limits->find(limit_key);
    bool same =
        limit != nullptr &&
        (value->kind == NodeKind::Float ? parse_go_float(value->text) == parse_go_float(limit->text)
                                        : value->text == limit->text);
    if (!same) {
        fail(*value, {},
             "services." + s.name + ": can't set distinct values on '" + std::string(attribute) +
                 "' and '" + std::string(deploy_attribute) + "'");
    }
}

void check_deploy(const ServiceRef& s) {
    Node* deploy = s.node.find("deploy");
    Node* scale = s.node.find("scale");
    if (scale && deploy) {
        const Node* replicas = deploy->find("replicas");
        if (replicas && replicas->text != scale->text) {
            fail(*scale, {},
                 "services." + s.name +
                     ": can't set distinct values on 'scale' and "
                     "'deploy.replicas'");
        }
        deploy->set("replicas", *scale);
    }
    const Node* resources = deploy ? deploy->find("resources") : nullptr;
    const Node* limits = resources ? resources->find("limits") : nullptr;
    const Node* reservations = resources ? resources->find("reservations") : nullptr;
    if (deploy) {
        check_same(s, "cpus", limits, "cpus", "deploy.resources.limits.cpus");
        check_same(s, "mem_limit", limits, "memory", "deploy.resources.limits.memory");
        check_same(s, "mem_reservation", reservations, "memory",
                   "deploy.resources.reservations.memory");
        check_same(s, "pids_limit", limits, "pids", "deploy.resources.limits.pids");
    }
    const Node* replicas = deploy ? deploy->find("replicas") : nullptr;
    const Node* count = scale ? scale : replicas;
    const Node* container_name = s.node.find("container_name");
    if (count && container_name && parse_go_int(count->text).value_or(1) > 1) {
        fail(*container_name, {},
             "services." + s.name + ": can't set container_name and " +
                 (scale ? "scale" : "deploy.replicas") + " as container name must be unique");
    }
}

void check_service(const Node& project, const ServiceRef& s) {
    check_build(s);
    check_references(project, s);
    const Node* health = s.node.find("healthcheck");
    const Node* test = health ? health->find("test") : nullptr;
    if (test && !test->items.empty()) {
        const std::string& first = test->items[0].text;
        if (first != "CMD" && first != "CMD-SHELL" && first != "NONE") {
            fail(*test, path_join(s.path, "healthcheck.test"),
                 "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"");
        }
    }
    check_deploy(s);
    const Node* develop = s.node.find("develop");
    const Node* watch = develop ? develop->find("watch") : nullptr;
    if (watch == nullptr) return;
    for (const Node& rule : watch->items) {
        const Node* action = rule.find("action");
        if ((action == nullptr || action->text != "rebuild") && rule.find("target") == nullptr) {
            fail(rule, {},
                 "services." + s.name +
                     ".develop.watch: target is required for non-rebuild actions");
        }
    }
}

}  // namespace

void check_consistency(Node& project) {
    std::map<std::string, std::string, std::less<>> container_names;
    if (Node* services = project.find("services")) {
        for (Entry& entry : services->entries) {
            ServiceRef s{entry.key, *entry.value, path_join("services", entry.key)};
            check_service(project, s);
            const Node* name = s.node.find("container_name");
            if (name == nullptr) continue;
            auto [it, inserted] = container_names.emplace(name->text, entry.key);
            if (!inserted) {
                fail(*name, {},
                     "services." + entry.key + ": container name " + quoted(name->text) +
                         " is already in use by service " + it->second);
            }
        }
    }
    if (const Node* secrets = project.find("secrets")) {
        for (const Entry& entry : secrets->entries) {
            const Node& secret = *entry.value;
            const Node* external = secret.find("external");
            if ((external && external->as_bool()) || secret.find("file") ||
                secret.find("environment")) {
                continue;
            }
            fail(secret, path_join("secrets", entry.key),
                 "secret " + quoted(entry.key) + " must declare either `file` or `environment`");
        }
    }
}

}  // namespace dc
