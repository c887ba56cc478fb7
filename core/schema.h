// Validation of a compose document against the project's own schema
// (schemas/compose.schema.yaml, compiled into the binary).
#pragma once

#include <string_view>

#include "core/node.h"

namespace dc {

// Checks one compose file's tree (after interpolation, before merging).
// The first problem is thrown as dc::Error (Config) in the form
// "compose.yaml:12:7: services.web.ports[0]: <what is wrong>".
void validate_compose_document(const Node& document);

}  // namespace dc
