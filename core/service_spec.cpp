// The effective service (run overrides, resolved references) and the container's own
// configuration; the host settings, mounts and networks are mapped by the service_spec_*.cpp
// steps.
#include "core/service_spec.h"

#include <algorithm>
#include <map>
#include <random>

#include "core/config_hash.h"
#include "core/error.h"
#include "core/normalize_internal.h"
#include "core/service_spec_internal.h"

namespace dc {

namespace {

const Node& find_service(const Project& project, const std::string& name) {
    const Node* services = project.model.find("services");
    const Node* service = services ? services->find(name) : nullptr;
    if (service == nullptr) throw Error(ErrorKind::NotFound, "no such service: " + name);
    return *service;
}

void remove_all(std::vector<std::string>& list, const std::vector<std::string>& values) {
    std::erase_if(list, [&](const std::string& item) {
        return std::find(values.begin(), values.end(), item) != values.end();
    });
}

// cap_add and cap_drop from the command line: each adds to its list and takes the same
// capabilities out of the other.
void apply_capabilities(Node& service, const RunOptions& run) {
    std::vector<std::string> add = strings_of(service, "cap_add");
    std::vector<std::string> drop = strings_of(service, "cap_drop");
    add.insert(add.end(), run.cap_add.begin(), run.cap_add.end());
    remove_all(drop, run.cap_add);
    drop.insert(drop.end(), run.cap_drop.begin(), run.cap_drop.end());
    remove_all(add, run.cap_drop);
    if (!add.empty()) service.set("cap_add", string_sequence(add));
    if (!drop.empty()) service.set("cap_drop", string_sequence(drop));
    if (add.empty()) service.erase("cap_add");
    if (drop.empty()) service.erase("cap_drop");
}

// -e KEY=value sets, -e KEY takes the project environment's value and is dropped without one.
void apply_environment(Node& service, const Project& project, const RunOptions& run) {
    if (run.environment.empty()) return;
    Node* environment = service.find("environment");
    if (environment == nullptr || !environment->is_mapping()) {
        environment = &service.set("environment", Node::mapping());
    }
    for (const std::string& item : run.environment) {
        std::size_t eq = item.find('=');
        std::string key = item.substr(0, eq);
        if (eq != std::string::npos) {
            environment->set(key, Node::string(item.substr(eq + 1)));
        } else if (auto value = lookup(project.environment, key)) {
            environment->set(key, Node::string(*value));
        }
    }
}

void apply_ports(Node& service, const RunOptions& run) {
    if (run.service_ports) return;
    if (run.publish.empty()) {
        service.erase("ports");
        return;
    }
    service.set("ports", expand_ports(string_sequence(run.publish), "--publish"));
}

void apply_run(Node& service, const Project& project, const std::string& name,
               const RunOptions& run) {
    service.set("tty", Node::boolean(run.tty));
    service.set("stdin_open", Node::boolean(run.interactive));
    std::string slug = run.slug.empty() ? random_slug() : run.slug;
    service.set(
        "container_name",
        Node::string(!run.name.empty() ? run.name
                                       : project.name + "-" + name + "-run-" + slug.substr(0, 12)));
    if (run.command) service.set("command", string_sequence(*run.command));
    if (!run.user.empty()) service.set("user", Node::string(run.user));
    apply_capabilities(service, run);
    if (!run.working_dir.empty()) service.set("working_dir", Node::string(run.working_dir));
    if (run.entrypoint) {
        service.set("entrypoint", string_sequence(*run.entrypoint));
        if (!run.command) service.set("command", Node::sequence());
    }
    apply_environment(service, project, run);
    if (!run.labels.empty()) {
        Node* labels = service.find("labels");
        if (labels == nullptr || !labels->is_mapping()) {
            labels = &service.set("labels", Node::mapping());
        }
        for (const auto& [key, value] : run.labels) labels->set(key, Node::string(value));
    }
    apply_ports(service, run);
    service.erase("restart");
    if (Node* deploy = service.find("deploy"); deploy && deploy->is_mapping()) {
        deploy->erase("restart_policy");
    }
}

std::string container_of(const ContainerLookup& lookup, const std::string& service,
                         std::string_view what) {
    std::string id = lookup.container_id ? lookup.container_id(service) : std::string();
    if (id.empty()) {
        throw Error(ErrorKind::Failure, "cannot share " + std::string(what) + " with service " +
                                            service + ": container missing");
    }
    return id;
}

// `service:x` namespaces and volumes_from services become the containers standing for them.
void resolve_references(Node& service, const ContainerLookup& lookup) {
    static const std::pair<const char*, const char*> namespaces[] = {
        {"network_mode", "network namespace"}, {"ipc", "IPC namespace"}, {"pid", "PID namespace"}};
    for (const auto& [key, what] : namespaces) {
        Node* mode = service.find(key);
        if (mode == nullptr || mode->text.rfind("service:", 0) != 0) continue;
        mode->text = "container:" + container_of(lookup, mode->text.substr(8), what);
    }
    Node* from = service.find("volumes_from");
    if (from == nullptr) return;
    for (Node& item : from->items) {
        // "service[:mode]" or "container:name[:mode]"; the access mode is kept (Compose drops it).
        if (item.text.rfind("container:", 0) == 0) {
            item.text = item.text.substr(10);
            continue;
        }
        std::size_t colon = item.text.find(':');
        std::string mode = colon == std::string::npos ? "" : item.text.substr(colon);
        item.text = container_of(lookup, item.text.substr(0, colon), "volume") + mode;
    }
}

std::optional<std::vector<std::string>> command_of(const Node& service, std::string_view key) {
    const Node* value = service.find(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    return strings_of(service, key);
}

// Compose sends a variable without a value as a bare "KEY", which makes the engine drop the
// variable (also one the image sets).
std::vector<std::string> environment_of(const Node& service) {
    std::vector<std::string> out;
    const Node* environment = service.find("environment");
    if (environment == nullptr) return out;
    std::map<std::string, const Node*> sorted;
    for (const Entry& entry : environment->entries) sorted[entry.key] = entry.value.get();
    for (const auto& [key, value] : sorted) {
        out.push_back(value->is_null() ? key : key + "=" + value->text);
    }
    return out;
}

void map_container(const SpecContext& context, ContainerSpec& spec) {
    const Node& service = context.service;
    const RunOptions* run = context.options.run ? &*context.options.run : nullptr;
    spec.name = context.container_name;
    spec.image = text_of(service, "image");
    if (spec.image.empty()) spec.image = context.project.name + "-" + context.service_name;
    spec.cmd = command_of(service, "command");
    spec.entrypoint = command_of(service, "entrypoint");
    spec.env = environment_of(service);
    spec.working_dir = text_of(service, "working_dir");
    spec.user = text_of(service, "user");
    spec.hostname = text_of(service, "hostname");
    spec.domainname = text_of(service, "domainname");
    spec.tty = bool_of(service, "tty");
    spec.open_stdin = bool_of(service, "stdin_open");
    spec.attach_stdin = run != nullptr && run->interactive;
    spec.stdin_once = spec.attach_stdin && spec.open_stdin;
    spec.attach_stdout = true;
    spec.attach_stderr = true;
    spec.stop_signal = text_of(service, "stop_signal");
    if (auto grace = duration_of(service, "stop_grace_period")) {
        spec.stop_timeout =
            static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(*grace).count());
    }
    spec.healthcheck = map_healthcheck(service);
    spec.platform = text_of(service, "platform");
    if (spec.platform.empty()) {
        spec.platform = lookup(context.project.environment, "DOCKER_DEFAULT_PLATFORM").value_or("");
    }
    spec.host.auto_remove = run != nullptr && run->auto_remove;
}

}  // namespace

Node effective_service(const Project& project, const std::string& service,
                       const SpecOptions& options) {
    Node effective = find_service(project, service);
    if (options.run) apply_run(effective, project, service, *options.run);
    resolve_references(effective, options.lookup);
    return effective;
}

std::vector<std::string> networks_by_priority(const Node& service) {
    std::vector<std::pair<long long, std::string>> keyed;
    if (const Node* networks = service.find("networks"); networks && networks->is_mapping()) {
        for (const Entry& entry : networks->entries) {
            keyed.emplace_back(int_of(*entry.value, "priority").value_or(0), entry.key);
        }
    }
    std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> out;
    for (auto& [priority, name] : keyed) out.push_back(std::move(name));
    return out;
}

std::string random_slug() {
    static const char digits[] = "0123456789abcdef";
    std::random_device device;
    while (true) {
        std::string slug;
        for (int i = 0; i < 64; ++i) slug += digits[device() % 16];
        if (!std::all_of(slug.begin(), slug.begin() + 12, [](char c) { return c <= '9'; })) {
            return slug;
        }
    }
}

ServiceContainerSpec container_spec(const Project& project, const std::string& service, int number,
                                    const SpecOptions& options) {
    SpecOptions resolved = options;
    if (resolved.run && resolved.run->slug.empty()) resolved.run->slug = random_slug();
    Node effective = effective_service(project, service, resolved);
    std::string name = text_of(effective, "container_name");
    if (name.empty()) name = project.name + "-" + service + "-" + std::to_string(number);
    SpecContext context{project, service, effective, number, resolved, name};

    ServiceContainerSpec out;
    out.config_hash = config_hash(effective);
    map_container(context, out.spec);
    out.spec.labels = container_labels(context, out.config_hash);
    map_host(context, out);
    map_mounts(context, out);
    map_networking(context, out);
    return out;
}

}  // namespace dc
