// YAML text as gopkg.in/yaml.v3 (indent 2) writes it, the encoder behind
// `docker compose config`: its key order for maps, its choice between plain,
// quoted and literal scalars, its layout.
#pragma once

#include <string>
#include <string_view>

#include "core/node.h"

namespace dc {

// The tag of a String node written as it is, never quoted (Go writes times
// that way).
inline constexpr std::string_view kPlainTag = "!dc-plain";

// Writes a tree whose mappings are already in output order. Strings are
// String nodes; Int, Float, Bool and Null nodes are written as their text.
std::string write_yaml_document(const Node& root);

// yaml.v3's order for map keys: letters after other characters, runs of
// digits compared as numbers ("a9" < "a10", "_z" < "A").
bool yaml_key_less(std::string_view a, std::string_view b);

// True when yaml.v3 may write the string unquoted as far as reading it back
// goes: it would not resolve to a number, boolean, null, timestamp or one of
// YAML 1.1's booleans and sexagesimal numbers.
bool yaml_can_be_plain_text(std::string_view text);

// The scalar as yaml.v3 would write it as a mapping value or a list item
// (plain, 'single', "double"); multi-line literals are not covered.
enum class ScalarRole { Value, Key };
std::string yaml_inline_scalar(std::string_view text, ScalarRole role);

}  // namespace dc
