// The configuration hash of a service (label com.docker.compose.config-hash): what `up` compares
// to decide whether an existing container still matches its service or must be recreated.
#pragma once

#include <string>

#include "core/node.h"

namespace dc {

// The hash of one canonical service (a value under the model's `services`), as 64 hex digits.
// Like Compose's ServiceHash it is a SHA-256 over the service's JSON with the attributes that
// never require a new container left out: build, pull_policy, scale, deploy.replicas, depends_on
// and profiles. Extensions (x-*) are not part of it either, as Compose's JSON leaves them out.
//
// The JSON is Compose's layout (the one `docker compose config --format json` prints: canonical
// forms, empty values dropped) with keys sorted, so the hash is stable across runs, key order in
// the files and short or long syntax. It is not byte-for-byte the JSON Compose hashes (Go writes
// struct fields in declaration order and a few values differently), so a container created by
// Docker Compose is seen as changed once and recreated by dc, and the other way round.
//
// Callers hash the service as the container will be created from it: after `run` overrides and
// with `service:` references resolved to container ids, so that replacing the container a service
// shares a namespace with also changes the hash of its dependents.
std::string config_hash(const Node& service);

}  // namespace dc
