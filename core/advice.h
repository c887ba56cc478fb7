// Advice on the mistakes a compose file makes that the engine never reports, found from the
// project alone: a database whose data lives in no volume (lost with its container), a
// PostgreSQL healthcheck that passes while the database still initializes, and a service that
// waits only for a database's start (connection refused while it initializes).
// `up` reports each piece as a warning before it starts anything.
#pragma once

#include <string>
#include <vector>

#include "core/graph.h"
#include "core/loader.h"

namespace dc {

// Database images dc knows the data directory of, by the image's name without registry, owner
// or tag: "postgres" (also "postgres:16", "docker.io/library/postgres"), "mysql", "mariadb",
// "mongo". Empty when the image is not one of them.
std::string database_data_dir(const std::string& image);

// One line per piece of advice for the `services` (all when empty), in service order:
// service "db": postgres:16 keeps its data in /var/lib/postgresql/data, which no volume holds:
//   it is lost when the container is removed (dc down); mount a named volume there
// service "db": its healthcheck runs pg_isready over the Unix socket, which the server that
//   initializes a new database answers too: ...; use pg_isready -h 127.0.0.1
// service "app": depends on "db" only being started; it may connect before db accepts
//   connections: give db a healthcheck and use condition: service_healthy
std::vector<std::string> project_advice(const Project& project, const ServiceGraph& graph,
                                        const std::vector<std::string>& services);

}  // namespace dc
