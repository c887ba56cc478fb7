// ${VAR} interpolation in compose values (never keys), with Docker Compose v2's
// syntax and quirks: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}, nesting in the operand
// and $$ for a literal $.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/environment.h"
#include "core/node.h"

namespace dc {

// Told the name of each unset variable that a plain $VAR or ${VAR} refers to,
// once per occurrence.
using UnsetCallback = std::function<void(const std::string&)>;

// Finds a variable: a pointer to its value, or nullptr when it is unset.
using VariableLookup = std::function<const std::string*(std::string_view name)>;

// Interpolates one string. Unset variables become empty and are reported
// through `on_unset` (the loader warns once per name). Throws dc::Error
// (Config) for a malformed template or a `${VAR:?msg}` / `${VAR?msg}` whose
// variable is missing; `where` is prefixed to that message ("compose.yaml:3:9: services.a.image").
std::string interpolate_string(std::string_view input, const Environment& env,
                               const std::function<void(const std::string&)>& on_unset,
                               std::string_view where = {});

// The same with variables from any source (the .env parser looks in two maps).
std::string interpolate_with(std::string_view input, const VariableLookup& lookup,
                             const UnsetCallback& on_unset, std::string_view where = {});

// Interpolates every string scalar in the tree (values only; mapping keys are
// left alone). Interpolated plain scalars are re-resolved (`${PORT}` with
// PORT=80 becomes an Int), except that a result YAML would read as null stays
// a String (`${UNSET}` is "", as in Compose). Errors name the node's file, line
// and path (`path` is the root's, "" for a whole document).
void interpolate_tree(Node& root, const Environment& env,
                      const std::function<void(const std::string&)>& on_unset,
                      std::string_view path = {});

// Quotes text for an error message the way Go's %q does: in double quotes,
// with \", \\ and escapes for control characters.
std::string quote_for_message(std::string_view text);

}  // namespace dc
