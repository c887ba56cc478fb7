// One service's short syntax rewritten into Compose's canonical form.
#include "core/error.h"
#include "core/normalize_internal.h"
#include "core/normalize_text.h"

namespace dc {

namespace {

void list_of_sources(Node& list) {
    if (!list.is_sequence()) return;
    for (Node& item : list.items) {
        if (item.kind != NodeKind::String) continue;
        Node mount = Node::mapping(item.mark);
        mount.set("source", std::move(item));
        item = std::move(mount);
    }
}

void normalize_build(Node& service, const NormalizeOptions& options, const std::string& path) {
    Node* build = service.find("build");
    if (build == nullptr) return;
    if (build->is_scalar() && !build->is_null()) {
        Node mapping = Node::mapping(build->mark);
        mapping.set("context", std::move(*build));
        *build = std::move(mapping);
    }
    if (!build->is_mapping()) config_error(build->mark, path, "invalid type for build");
    Node* context = build->find("context");
    if (context == nullptr || context->is_null()) {
        context = &build->set("context", Node::string(".", build->mark));
    }
    context->text = context_path(go_sprint(*context), options);
    context->kind = NodeKind::String;
    const Node* dockerfile = build->find("dockerfile");
    const Node* inline_file = build->find("dockerfile_inline");
    if ((dockerfile == nullptr || dockerfile->is_null()) &&
        (inline_file == nullptr || inline_file->is_null())) {
        build->set("dockerfile", Node::string("Dockerfile", build->mark));
    }
    if (Node* contexts = build->find("additional_contexts"); contexts && contexts->is_sequence()) {
        for (const Node& item : contexts->items) {
            if (item.text.find('=') == std::string::npos) {
                config_error(item.mark, path_join(path, "additional_contexts"),
                             "invalid value " + item.text + ", expected key=value");
            }
        }
    }
    if (Node* contexts = build->find("additional_contexts"); contexts && !contexts->is_null()) {
        static const ValueType string_map{ValueKind::StringMap};
        decode_value(*contexts, string_map, path_join(path, "additional_contexts"));
        for (Entry& entry : contexts->entries) {
            entry.value->text = context_path(entry.value->text, options);
        }
    }
    resolve_build_args(*build, options);
    if (Node* secrets = build->find("secrets")) list_of_sources(*secrets);
}

void normalize_secrets(Node& service) {
    Node* secrets = service.find("secrets");
    if (secrets == nullptr) return;
    list_of_sources(*secrets);
    if (!secrets->is_sequence()) return;
    for (Node& secret : secrets->items) {
        const Node* source = secret.find("source");
        if (!secret.is_mapping() || secret.find("target") || source == nullptr) continue;
        secret.set("target", Node::string("/run/secrets/" + source->text, secret.mark));
    }
}

enum class Restart { No, Yes };

Node dependency(Restart restart, const Mark& mark) {
    Node node = Node::mapping(mark);
    node.set("condition", Node::string("service_started", mark));
    if (restart == Restart::Yes) node.set("restart", Node::boolean(true, mark));
    node.set("required", Node::boolean(true, mark));
    return node;
}

void normalize_depends_on(Node& service, const std::string& path) {
    Node* depends_on = service.find("depends_on");
    if (depends_on && depends_on->is_sequence()) {
        Node mapping = Node::mapping(depends_on->mark);
        // Keys keep the list item's position, so that graph errors can name it.
        for (const Node& item : depends_on->items)
            mapping.set(item.text, dependency(Restart::No, item.mark), item.mark);
        *depends_on = std::move(mapping);
    } else if (depends_on && depends_on->is_mapping()) {
        for (Entry& entry : depends_on->entries) {
            Node& value = *entry.value;
            if (!value.is_mapping()) {
                config_error(value.mark, path_join(path_join(path, "depends_on"), entry.key),
                             "unsupported value, expected a mapping");
            }
            if (!value.find("condition")) value.set("condition", Node::string("service_started"));
            if (!value.find("required")) value.set("required", Node::boolean(true));
        }
    }
}

// Services named by links, `service:` namespaces and volumes_from become
// implicit dependencies.
void add_implicit_dependencies(Node& service) {
    Node implied = Node::mapping();
    auto add = [&](const std::string& name, Restart restart, const Mark& mark) {
        if (!implied.find(name)) implied.set(name, dependency(restart, mark), mark);
    };
    if (const Node* links = service.find("links"); links && links->is_sequence()) {
        for (const Node& link : links->items)
            add(link.text.substr(0, link.text.find(':')), Restart::Yes, link.mark);
    }
    for (std::string_view key : {"network_mode", "ipc", "pid", "uts", "cgroup"}) {
        const Node* ref = service.find(key);
        if (ref && ref->kind == NodeKind::String && ref->text.rfind("service:", 0) == 0) {
            add(ref->text.substr(8), Restart::Yes, ref->mark);
        }
    }
    if (const Node* from = service.find("volumes_from"); from && from->is_sequence()) {
        for (const Node& item : from->items) {
            if (item.text.rfind("container:", 0) == 0) continue;
            add(item.text.substr(0, item.text.find(':')), Restart::No, item.mark);
        }
    }
    if (implied.entries.empty()) return;
    Node& depends_on = ensure_mapping(service, "depends_on");
    for (Entry& entry : implied.entries) {
        if (!depends_on.find(entry.key)) {
            depends_on.set(entry.key, std::move(*entry.value), entry.key_mark);
        }
    }
}

void normalize_devices(Node& service, const std::string& path) {
    Node* devices = service.find("devices");
    if (devices == nullptr || !devices->is_sequence()) return;
    for (std::size_t i = 0; i < devices->items.size(); ++i) {
        Node& item = devices->items[i];
        if (item.kind != NodeKind::String) continue;
        std::vector<std::string> parts;
        std::size_t start = 0;
        while (true) {
            std::size_t colon = item.text.find(':', start);
            parts.push_back(item.text.substr(start, colon - start));
            if (colon == std::string::npos) break;
            start = colon + 1;
        }
        if (parts.size() > 3) {
            config_error(item.mark, path_index(path_join(path, "devices"), i),
                         "confusing device mapping, please use long syntax: " + item.text);
        }
        Node device = Node::mapping(item.mark);
        device.set("source", Node::string(parts[0], item.mark));
        std::string target = parts.size() > 1 && !parts[1].empty() ? parts[1] : parts[0];
        device.set("target", Node::string(target, item.mark));
        device.set("permissions", Node::string(parts.size() > 2 ? parts[2] : "rwm", item.mark));
        item = std::move(device);
    }
}

void normalize_develop(Node& service, const NormalizeOptions& options) {
    Node* develop = service.find("develop");
    Node* watch = develop ? develop->find("watch") : nullptr;
    if (watch == nullptr || !watch->is_sequence() || !options.resolve_paths) return;
    for (Node& trigger : watch->items) {
        Node* trigger_path = trigger.is_mapping() ? trigger.find("path") : nullptr;
        if (trigger_path) trigger_path->text = watch_path(trigger_path->text, options.project_dir);
    }
}

}  // namespace

void normalize_service(Node& service, const NormalizeOptions& options, const std::string& path) {
    if (!service.is_mapping()) config_error(service.mark, path, "a service must be a mapping");
    service.erase("extends");
    if (Node* policy = service.find("pull_policy"); policy && policy->text == "if_not_present") {
        policy->text = "missing";
    }
    normalize_build(service, options, path_join(path, "build"));
    if (Node* configs = service.find("configs")) list_of_sources(*configs);
    normalize_secrets(service);
    normalize_depends_on(service, path);
    add_implicit_dependencies(service);
    normalize_devices(service, path);
    resolve_environment(service, options, path);
    if (Node* health = service.find("healthcheck"); health && health->is_mapping()) {
        Node* test = health->find("test");
        if (test && test->kind == NodeKind::String) {
            Node list = Node::sequence(test->mark);
            list.items.push_back(Node::string("CMD-SHELL", test->mark));
            list.items.push_back(std::move(*test));
            *test = std::move(list);
        }
    }
    if (Node* networks = service.find("networks"); networks && networks->is_sequence()) {
        Node mapping = Node::mapping(networks->mark);
        for (const Node& item : networks->items) mapping.set(item.text, Node::null(item.mark));
        *networks = std::move(mapping);
    }
    if (Node* ports = service.find("ports"))
        *ports = expand_ports(*ports, path_join(path, "ports"));
    if (Node* volumes = service.find("volumes")) {
        expand_volumes(*volumes, options, path_join(path, "volumes"));
    }
    normalize_develop(service, options);
    decode_struct(service, service_model(), path);
}

}  // namespace dc
