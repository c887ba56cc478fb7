// The config hash: Compose's JSON of the service, minus what never needs a new container, through
// SHA-256.
#include "core/config_hash.h"

#include <nlohmann/json.hpp>

#include "core/emit.h"
#include "core/sha256.h"

namespace dc {

namespace {

// Attributes Compose's ServiceHash clears before hashing: how an image is obtained (build,
// pull_policy), how many replicas run (scale, deploy.replicas), start order (depends_on) and
// profiles. Changing them leaves running containers alone.
constexpr const char* kIgnored[] = {"build", "pull_policy", "scale", "depends_on", "profiles"};

// The service as `docker compose config --format json` would print it, as a JSON value. The
// emitter lays out whole projects, so the service goes through a project of its own.
nlohmann::ordered_json compose_json(const Node& service) {
    Node services = Node::mapping();
    services.set("service", service);
    Node project = Node::mapping();
    project.set("name", Node::string("hash"));
    project.set("services", std::move(services));
    nlohmann::ordered_json document = nlohmann::ordered_json::parse(emit_json(project));
    return std::move(document["services"]["service"]);
}

}  // namespace

std::string config_hash(const Node& service) {
    // Compose hashes Go's JSON of the service: keys in the order of its structs' fields, which
    // is the order `config --format json` prints and emit_json follows. ordered_json keeps it
    // (a sorted dump differs as soon as a nested object, a volume say, is not in sorted order).
    nlohmann::ordered_json json = compose_json(service);
    for (const char* key : kIgnored) json.erase(key);
    if (auto deploy = json.find("deploy"); deploy != json.end() && deploy->is_object()) {
        deploy->erase("replicas");
    }
    return sha256_hex(json.dump());
}

}  // namespace dc
