// The steps of normalize_project, shared between the normalize_*.cpp files.
#pragma once

#include <string>
#include <string_view>

#include "core/node.h"
#include "core/normalize.h"
#include "core/normalize_model.h"

namespace dc {

// Converts `node` in place to the model type, the way compose-go decodes the
// YAML tree into its Go structs: numbers and sizes parsed, lists of "k=v"
// turned into mappings, null fields and unknown attributes dropped (x-*
// extensions are kept).
void decode_value(Node& node, const ValueType& type, const std::string& path);
void decode_struct(Node& node, const StructModel& model, const std::string& path);

// The attributes with a shape of their own (normalize_lists.cpp): extra_hosts
// as a sorted "host=ip" list, a ulimit as a number or {soft, hard}, build.ssh
// as "id" / "id: path" strings.
void decode_host_list(Node& node, const std::string& path);
void decode_ulimit(Node& node, const std::string& path);
void decode_ssh_keys(Node& node, const std::string& path);

// Expands a service's `ports` list: every short form becomes one or more
// {mode, host_ip, target, published, protocol} mappings.
Node expand_ports(const Node& ports, const std::string& path);

// Expands a service's `volumes` list into long syntax and makes bind sources
// absolute.
void expand_volumes(Node& volumes, const NormalizeOptions& options, const std::string& path);

// Resolves `environment` (bare keys from the project environment) and folds
// the `env_file` files into it; `env_file` itself is dropped, as
// `docker compose config` does.
void resolve_environment(Node& service, const NormalizeOptions& options, const std::string& path);

// Resolves build args given without a value; unresolved ones are dropped.
void resolve_build_args(Node& build, const NormalizeOptions& options);

// Rewrites one service's short syntax into the canonical form (everything
// except `networks`, which depends on the whole project).
void normalize_service(Node& service, const NormalizeOptions& options, const std::string& path);

// Top-level networks, volumes, configs and secrets: `external: {name}` made
// canonical, relative files made absolute, `name` filled in.
void normalize_resources(Node& document, const NormalizeOptions& options);

// Gives services without `networks` (and without `network_mode`) the
// `default` network and declares it at the top level when used.
void add_default_network(Node& document);

// Paths (normalize_paths.cpp). A build context made absolute unless it is a
// URL or a Git reference; a develop.watch path made absolute with symbolic
// links resolved; a top-level config's or secret's `file` and a local bind
// volume's `device` made absolute.
std::string context_path(const std::string& context, const NormalizeOptions& options);
std::string watch_path(const std::string& path, const std::string& base_dir);
void resolve_resource_paths(Node& resource, std::string_view kind, const std::string& base_dir);

// A fresh mapping entry's value, created when missing.
Node& ensure_mapping(Node& parent, std::string_view key);

}  // namespace dc
