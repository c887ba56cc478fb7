// How yaml.v3 chooses a scalar's style: would the plain text read back as
// something other than a string (resolve), and may it be written plain or
// single-quoted at all (the emitter's analysis).
#include <cstdint>

#include "core/normalize_text.h"
#include "core/normalize_yaml.h"

namespace dc {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_old_bool(std::string_view s) {
    for (std::string_view b : {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no",
                               "No", "NO", "off", "Off", "OFF"}) {
        if (s == b) return true;
    }
    return false;
}

// ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
bool is_base60_float(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (i >= s.size() || !is_digit(s[i])) return false;
    while (i < s.size() && (is_digit(s[i]) || s[i] == '_')) ++i;
    int groups = 0;
    while (i < s.size() && s[i] == ':') {
        ++i;
        std::size_t start = i;
        while (i < s.size() && is_digit(s[i]) && i - start < 2) ++i;
        std::size_t n = i - start;
        if (n == 0 || (n == 2 && s[start] > '5')) return false;
        ++groups;
    }
    if (groups == 0) return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && (is_digit(s[i]) || s[i] == '_')) ++i;
    }
    return i == s.size();
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool is_yaml_style_float(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t digits = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i])) ++i, ++digits;
        if (digits == 0) return false;
    } else {
        while (i < s.size() && is_digit(s[i])) ++i, ++digits;
        if (digits == 0) return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            while (i < s.size() && is_digit(s[i])) ++i;
        }
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        std::size_t exp = 0;
        while (i < s.size() && is_digit(s[i])) ++i, ++exp;
        if (exp == 0) return false;
    }
    return i == s.size();
}

bool parses_as_go_int(const std::string& plain) {
    return parse_go_int(plain).has_value() ||
           (plain.size() > 2 && plain[0] == '0' && (plain[1] == 'b' || plain[1] == 'B'));
}

// True when yaml.v3 would read the plain text back as a string.
bool resolves_to_string(std::string_view s) {
    for (std::string_view special :
         {"",      "~",     "null",  "Null",  "NULL",  "true",  "True", "TRUE",
          "false", "False", "FALSE", ".nan",  ".NaN",  ".NAN",  ".inf", ".Inf",
          ".INF",  "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"}) {
        if (s == special) return false;
    }
    char c = s[0];
    if (c == '.') return !parse_go_float(s).has_value();
    if (!(is_digit(c) || c == '-' || c == '+')) return true;
    if (go_time_string(s)) return false;
    std::string plain;
    for (char ch : s) {
        if (ch != '_') plain += ch;
    }
    if (parses_as_go_int(plain)) return false;
    if (is_yaml_style_float(plain) && parse_go_float(plain)) return false;
    return true;
}

}  // namespace

bool yaml_can_be_plain_text(std::string_view s) {
    return resolves_to_string(s) && !is_base60_float(s) && !is_old_bool(s);
}

}  // namespace dc
