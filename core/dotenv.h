// .env files parsed the way Docker Compose v2 parses them: `KEY=value` or
// `KEY: value`, an optional `export ` prefix, '#' comments (after whitespace
// when they follow an unquoted value), 'single' quotes taken literally,
// "double" quotes with backslash escapes, both able to span lines, ${VAR}
// references in unquoted and double-quoted values, and bare `KEY` lines.
#pragma once

#include <string>
#include <vector>

#include "core/environment.h"
#include "core/interpolate.h"

namespace dc {

struct DotenvEntry {
    std::string key;
    std::string value;
    // False for a bare `KEY` line (no '='): Compose takes such a key from the
    // environment when it is set there, and otherwise leaves it as it was.
    bool has_value = true;
    int line = 0;
};

// Parses .env text. `file_name` is used in errors ("app.env:3: ..."). ${VAR}
// references in unquoted and double-quoted values are resolved from `outer`
// first, then from earlier keys of the same file (Compose's order: a key set
// in the shell wins). Throws dc::Error (Config) on bad input.
std::vector<DotenvEntry> parse_dotenv(const std::string& text, const std::string& file_name,
                                      const Environment& outer = {});

// The same, reporting each unset variable a value refers to through `on_unset`
// (Compose warns about those too).
std::vector<DotenvEntry> parse_dotenv(const std::string& text, const std::string& file_name,
                                      const Environment& outer, const UnsetCallback& on_unset);

// Reads and parses a file; a missing file is a Config error naming it.
std::vector<DotenvEntry> read_dotenv_file(const std::string& path, const Environment& outer = {});
std::vector<DotenvEntry> read_dotenv_file(const std::string& path, const Environment& outer,
                                          const UnsetCallback& on_unset);

}  // namespace dc
