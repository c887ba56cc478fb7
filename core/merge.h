// Merging several compose files by Compose's rules.
#pragma once

#include <string_view>

#include "core/node.h"

namespace dc {

// Merges `override_doc` into `base` (both whole compose documents, already
// interpolated and validated). Honours !reset and !override on the override side.
// The result carries no tags and has its keyed lists de-duplicated
// (enforce_unicity). Values keep their short syntax, except where Compose's
// merge itself rewrites them (a mapping merged into a list becomes "KEY=value"
// items, a list of depends_on or networks becomes a mapping, ...).
void merge_documents(Node& base, const Node& override_doc);

// Merges one service definition over another (used by `extends` too).
// Same as merge_service(base, override_service, ResetMarkers::Resolve, "service").
void merge_service(Node& base, const Node& override_service);

// What a merge leaves of the override side's !reset and !override tags.
enum class ResetMarkers {
    // Apply them and leave a tag-free, de-duplicated result (merging files).
    Resolve,
    // Apply them, and keep the tagged values in the result, so that they
    // still act when this document is later merged over an earlier file
    // (resolving `extends` inside a file).
    Keep,
};

// As above; `path` names the service in error messages ("services.web").
void merge_service(Node& base, const Node& override_service, ResetMarkers markers,
                   std::string_view path);

// Removes !reset-tagged entries left in a single document (a !reset in the first
// file means "unset"), and clears !override tags. Other tags are left alone.
void apply_reset_tags(Node& document);

// Compose's EnforceUnicity: in keyed lists (ports by binding, volumes by
// target, secrets and configs by target, devices, expose, env_file by path,
// environment/labels/dns/cap_add/... lists by the part before "="), a later
// duplicate replaces the earlier item in place. merge_documents does this
// itself; call it once on the first file's document (after apply_reset_tags),
// since Compose de-duplicates a single file too.
void enforce_unicity(Node& document);

}  // namespace dc
