// Text conversions the canonical form needs, each matching the Go library
// Docker Compose uses for it: shell words, durations, byte sizes, integers,
// floats and paths.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/node.h"

namespace dc {

// Splits a command line the way go-shellwords does: quotes and backslashes,
// no variable expansion, and parsing stops at an unquoted ; & | < or >.
// Returns nothing for an unbalanced quote or a stray parenthesis.
std::optional<std::vector<std::string>> split_command_line(std::string_view line);

// Go's time.ParseDuration, in nanoseconds.
std::optional<long long> parse_go_duration(std::string_view text);
// Go's time.Duration.String(): "1m30s", "500ms", "0s".
std::string format_go_duration(long long nanoseconds);

// docker/go-units RAMInBytes: "512m" == 536870912, "1.5g", "100".
std::optional<long long> parse_ram_in_bytes(std::string_view text);

// An integer as gopkg.in/yaml.v3 reads it: underscores ignored, 0x / 0o /
// 0b prefixes, and a leading 0 meaning octal ("0400" == 256).
std::optional<long long> parse_go_int(std::string_view text);
// Go's strconv.ParseInt(text, 10, 64).
std::optional<long long> parse_decimal_int(std::string_view text);
// Go's strconv.ParseFloat for plain decimal and exponent forms.
std::optional<double> parse_go_float(std::string_view text);
// Go's strconv.ParseBool.
std::optional<bool> parse_go_bool(std::string_view text);

enum class FloatBits { Float32, Float64 };
// strconv.FormatFloat(value, 'g', -1, bits): "1.5", "1e+06".
std::string format_float_g(double value, FloatBits bits);
// How encoding/json writes a float: "1.5", "1000000", "1e+21".
std::string format_float_json(double value, FloatBits bits);

// A plain YAML timestamp as yaml.v3 decodes it (layouts 2006-1-2,
// "2006-1-2 15:4:5.999999999" and 2006-1-2T15:4:5.999999999Z07:00).
struct YamlTimestamp {
    std::string date;  // "2024-01-31"
    std::string clock = "00:00:00";
    std::string fraction;  // ".5", or empty.
    std::string offset;    // "+02:00"; empty for UTC.
};
std::optional<YamlTimestamp> parse_yaml_timestamp(std::string_view text);
// As Go's time.Time.String(): "2024-01-31 00:00:00 +0000 UTC".
std::string format_go_time(const YamlTimestamp& time);
// As RFC 3339 with nanoseconds: "2024-01-31T00:00:00Z".
std::string format_rfc3339(const YamlTimestamp& time);

// A plain scalar our YAML 1.2 reader left a string but yaml.v3 reads as a
// number because of underscores ("1_000"): the Int or Float it stands for.
std::optional<Node> parse_underscored_number(std::string_view text);

// fmt.Sprint of a scalar as yaml.v3 decoded it: ints in decimal, floats in
// 'g' form, booleans as true/false, plain timestamps as Go times, strings as
// written.
std::string go_sprint(const Node& scalar);

// Go's path.Clean.
std::string clean_path(std::string_view path);
// Go's filepath.Join(base, rel) for a relative rel.
std::string join_path(std::string_view base, std::string_view rel);
// compose-go's ExpandUser: a leading "~" becomes $HOME.
std::string expand_user(std::string_view path);
// Absolute paths stay; others are joined to `base` (after "~" expansion).
std::string absolute_path(std::string_view path, std::string_view base);

}  // namespace dc
