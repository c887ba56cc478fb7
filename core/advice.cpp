#include "core/advice.h"

#include <algorithm>
#include <string_view>

#include "core/service_model.h"

namespace dc {

namespace {

struct KnownDatabase {
    std::string_view name;
    std::string_view data_dir;
    std::string_view data_env;  // The variable that moves the data directory, if any.
};

constexpr KnownDatabase kDatabases[] = {
    {"postgres", "/var/lib/postgresql/data", "PGDATA"},
    {"mysql", "/var/lib/mysql", ""},
    {"mariadb", "/var/lib/mysql", ""},
    {"mongo", "/data/db", ""},
};

// "docker.io/library/postgres:16@sha256:..." -> "postgres".
std::string_view image_base_name(std::string_view image) {
    if (std::size_t at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
    if (std::size_t slash = image.rfind('/'); slash != std::string_view::npos) {
        image = image.substr(slash + 1);
    }
    if (std::size_t colon = image.find(':'); colon != std::string_view::npos) {
        image = image.substr(0, colon);
    }
    return image;
}

const KnownDatabase* known_database(const std::string& image) {
    std::string_view base = image_base_name(image);
    for (const KnownDatabase& db : kDatabases) {
        if (db.name == base) return &db;
    }
    return nullptr;
}

std::string text_at(const Node& node, std::string_view key) {
    const Node* value = node.find(key);
    return value != nullptr ? value->text : std::string();
}

// Whether a mount at `target` holds `dir`: the same path, or one of its parents.
bool holds(const std::string& target, const std::string& dir) {
    std::string t = target;
    while (t.size() > 1 && t.back() == '/') t.pop_back();
    if (t == dir) return true;
    return dir.size() > t.size() && dir.compare(0, t.size(), t) == 0 &&
           (t == "/" || dir[t.size()] == '/');
}

// The data directory of a database service (honouring PGDATA), or empty for other services.
std::string data_dir_of(const Node& service, const std::string& image) {
    const KnownDatabase* db = known_database(image);
    if (db == nullptr) return {};
    if (!db->data_env.empty()) {
        const Node* env = service.find("environment");
        if (env != nullptr && env->is_mapping()) {
            std::string moved = text_at(*env, db->data_env);
            if (!moved.empty()) return moved;
        }
    }
    return std::string(db->data_dir);
}

bool has_persistent_mount(const Node& service, const std::string& dir) {
    const Node* volumes = service.find("volumes");
    if (volumes == nullptr || !volumes->is_sequence()) return false;
    return std::any_of(volumes->items.begin(), volumes->items.end(), [&](const Node& v) {
        std::string type = text_at(v, "type");
        bool persistent = (type == "volume" && !text_at(v, "source").empty()) || type == "bind";
        return persistent && holds(text_at(v, "target"), dir);
    });
}

bool has_healthcheck(const Node& service) {
    const Node* check = service.find("healthcheck");
    if (check == nullptr || !check->is_mapping()) return false;
    const Node* disable = check->find("disable");
    return disable == nullptr || disable->text != "true";
}

// Whether a PostgreSQL service's healthcheck asks pg_isready over the Unix socket (no -h): the
// image's entrypoint initializes a new database with a server that listens on that socket only,
// then stops it and starts the real one, so such a check turns healthy before the database is
// ready for good and a dependent may meet "the database system is shutting down".
bool checks_socket_only(const Node& service, const std::string& image) {
    if (image_base_name(image) != "postgres" || !has_healthcheck(service)) return false;
    const Node* test = service.find("healthcheck")->find("test");
    if (test == nullptr) return false;
    std::string command = test->text;
    for (const Node& item : test->items) command += " " + item.text;
    if (command.find("pg_isready") == std::string::npos) return false;
    return command.find(" -h") == std::string::npos && command.find("--host") == std::string::npos;
}

}  // namespace

std::string database_data_dir(const std::string& image) {
    const KnownDatabase* db = known_database(image);
    return db != nullptr ? std::string(db->data_dir) : std::string();
}

std::vector<std::string> project_advice(const Project& project, const ServiceGraph& graph,
                                        const std::vector<std::string>& services) {
    std::vector<std::string> out;
    for (const std::string& name : graph.start_order()) {
        if (!services.empty() &&
            std::find(services.begin(), services.end(), name) == services.end()) {
            continue;
        }
        const Node& service = service_node(project, name);
        const std::string image = service_image(project, name);
        if (std::string dir = data_dir_of(service, image);
            !dir.empty() && !has_persistent_mount(service, dir)) {
            out.push_back("service \"" + name + "\": " + image + " keeps its data in " + dir +
                          ", which no volume holds: it is lost when the container is removed "
                          "(dc down); mount a named volume there");
        }
        if (checks_socket_only(service, image)) {
            out.push_back("service \"" + name +
                          "\": its healthcheck runs pg_isready over the Unix socket, which the "
                          "server that initializes a new database answers too: it turns healthy "
                          "before the database is ready for good; use pg_isready -h 127.0.0.1");
        }
        for (const Dependency& dependency : graph.dependencies(name)) {
            if (dependency.condition != DependencyCondition::Started || dependency.implicit)
                continue;
            if (known_database(service_image(project, dependency.service)) == nullptr) continue;
            const Node& db = service_node(project, dependency.service);
            out.push_back("service \"" + name + "\": depends on \"" + dependency.service +
                          "\" only being started, and may connect before it accepts "
                          "connections: " +
                          (has_healthcheck(db)
                               ? std::string()
                               : "give " + dependency.service + " a healthcheck and ") +
                          "use condition: service_healthy");
        }
    }
    return out;
}

}  // namespace dc
