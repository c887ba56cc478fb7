// Plain scalars as yaml.v3 resolves them, where it differs from YAML 1.2's
// core schema: timestamps, numbers with underscores, YAML 1.1 booleans. Used
// both to read values as Compose does and to decide when a string must be
// quoted so that it reads back as a string.
#include <cstdint>

#include "core/normalize_text.h"
#include "core/normalize_yaml.h"

namespace dc {

namespace {

// Reads 1 to `max` digits at `i`.
std::optional<int> read_digits(std::string_view s, std::size_t& i, std::size_t max) {
    std::size_t start = i;
    int value = 0;
    while (i < s.size() && i - start < max && s[i] >= '0' && s[i] <= '9') {
        value = value * 10 + (s[i++] - '0');
    }
    if (i == start) return std::nullopt;
    return value;
}

bool valid_date(int year, int month, int day) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::string two_digits(int value) {
    return std::string{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

bool expect(std::string_view s, std::size_t& i, char c) {
    if (i >= s.size() || s[i] != c) return false;
    ++i;
    return true;
}

// Reads "15:4:5[.999999999]" into `time`.
bool read_clock(std::string_view s, std::size_t& i, YamlTimestamp& time) {
    auto hour = read_digits(s, i, 2);
    if (!hour || !expect(s, i, ':')) return false;
    auto minute = read_digits(s, i, 2);
    if (!minute || !expect(s, i, ':')) return false;
    auto second = read_digits(s, i, 2);
    if (!second || *hour > 23 || *minute > 59 || *second > 59) return false;
    time.clock = two_digits(*hour) + ":" + two_digits(*minute) + ":" + two_digits(*second);
    if (i < s.size() && s[i] == '.') {
        std::size_t start = ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 9) ++i;
        if (i == start) return false;
        std::string digits(s.substr(start, i - start));
        while (!digits.empty() && digits.back() == '0') digits.pop_back();
        if (!digits.empty()) time.fraction = "." + digits;
    }
    return true;
}

// Reads "Z" or "+07:00"; a zero offset is UTC.
bool read_zone(std::string_view s, std::size_t& i, YamlTimestamp& time) {
    if (expect(s, i, 'Z')) return true;
    if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
    char sign = s[i++];
    auto hours = read_digits(s, i, 2);
    if (!hours || !expect(s, i, ':')) return false;
    auto minutes = read_digits(s, i, 2);
    if (!minutes) return false;
    if (*hours != 0 || *minutes != 0) {
        time.offset = sign + two_digits(*hours) + ":" + two_digits(*minutes);
    }
    return true;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_old_bool(std::string_view s) {
    // A static table: the words are measured once, not on every call (the
    // writer asks this for every scalar it prints).
    static constexpr std::string_view kWords[] = {"y",  "Y",  "yes", "Yes", "YES", "on",
                                                  "On", "ON", "n",   "N",   "no",  "No",
                                                  "NO", "off", "Off", "OFF"};
    if (s.size() > 3) return false;
    for (std::string_view b : kWords) {
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
    static constexpr std::string_view kSpecial[] = {
        "",      "~",     "null",  "Null",  "NULL",  "true",  "True", "TRUE",
        "false", "False", "FALSE", ".nan",  ".NaN",  ".NAN",  ".inf", ".Inf",
        ".INF",  "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};
    if (s.size() <= 5) {
        for (std::string_view special : kSpecial) {
            if (s == special) return false;
        }
    }
    char c = s[0];
    if (c == '.') return !parse_go_float(s).has_value();
    if (!(is_digit(c) || c == '-' || c == '+')) return true;
    if (parse_yaml_timestamp(s)) return false;
    std::string plain;
    for (char ch : s) {
        if (ch != '_') plain += ch;
    }
    if (parses_as_go_int(plain)) return false;
    if (is_yaml_style_float(plain) && parse_go_float(plain)) return false;
    return true;
}

}  // namespace

std::optional<YamlTimestamp> parse_yaml_timestamp(std::string_view s) {
    std::size_t i = 0;
    auto year = read_digits(s, i, 4);
    if (!year || i != 4 || !expect(s, i, '-')) return std::nullopt;
    auto month = read_digits(s, i, 2);
    if (!month || !expect(s, i, '-')) return std::nullopt;
    auto day = read_digits(s, i, 2);
    if (!day || !valid_date(*year, *month, *day)) return std::nullopt;
    YamlTimestamp time;
    time.date = std::to_string(*year) + "-" + two_digits(*month) + "-" + two_digits(*day);
    if (i == s.size()) return time;
    char separator = s[i++];
    if (separator != 'T' && separator != 't' && separator != ' ') return std::nullopt;
    if (!read_clock(s, i, time)) return std::nullopt;
    if (separator != ' ' && !read_zone(s, i, time)) return std::nullopt;
    if (i != s.size()) return std::nullopt;
    return time;
}

std::string format_go_time(const YamlTimestamp& time) {
    std::string zone = " +0000 UTC";
    if (!time.offset.empty()) {
        std::string compact = time.offset.substr(0, 3) + time.offset.substr(4);
        zone = " " + compact + " " + compact;
    }
    return time.date + " " + time.clock + time.fraction + zone;
}

std::string format_rfc3339(const YamlTimestamp& time) {
    return time.date + "T" + time.clock + time.fraction + (time.offset.empty() ? "Z" : time.offset);
}

std::optional<Node> parse_underscored_number(std::string_view text) {
    if (text.find('_') == std::string_view::npos || text.empty()) return std::nullopt;
    char first = text[0];
    if (!((first >= '0' && first <= '9') || first == '-' || first == '+')) return std::nullopt;
    std::string plain;
    for (char c : text) {
        if (c != '_') plain += c;
    }
    if (auto value = parse_go_int(plain)) return Node::integer(*value);
    if (auto value = parse_go_float(plain)) {
        Node number;
        number.kind = NodeKind::Float;
        number.text = plain;
        return number;
    }
    return std::nullopt;
}

bool yaml_can_be_plain_text(std::string_view s) {
    return resolves_to_string(s) && !is_base60_float(s) && !is_old_bool(s);
}

}  // namespace dc
