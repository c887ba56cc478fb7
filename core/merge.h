// Merging several compose files by Compose's rules.
#pragma once

#include "core/node.h"

namespace dc {

// Merges `override_doc` into `base` (both whole compose documents, already
// interpolated and validated). Honours !reset and !override on the override side.
void merge_documents(Node& base, const Node& override_doc);

// Merges one service definition over another (used by `extends` too).
void merge_service(Node& base, const Node& override_service);

// Removes !reset-tagged entries left in a single document (a !reset in the first
// file means "unset"), and clears tags.
void apply_reset_tags(Node& document);

}  // namespace dc
