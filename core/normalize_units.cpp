// Durations, byte sizes, numbers and paths, parsed and printed as Go does.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "core/normalize_text.h"

namespace dc {

namespace {

constexpr std::uint64_t kMaxDuration = std::uint64_t{1} << 63;

std::optional<std::uint64_t> duration_unit(std::string_view unit) {
    if (unit == "ns") return 1;
    if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1000;
    if (unit == "ms") return 1000'000;
    if (unit == "s") return 1000'000'000;
    if (unit == "m") return 60ULL * 1000'000'000;
    if (unit == "h") return 3600ULL * 1000'000'000;
    return std::nullopt;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Appends the fraction v / 10^precision without trailing zeros (".5"), and
// returns the integer part.
std::uint64_t append_fraction(std::string& reversed, std::uint64_t v, int precision) {
    bool printed = false;
    for (int i = 0; i < precision; ++i) {
        char digit = static_cast<char>('0' + v % 10);
        printed = printed || digit != '0';
        if (printed) reversed += digit;
        v /= 10;
    }
    if (printed) reversed += '.';
    return v;
}

void append_integer(std::string& reversed, std::uint64_t v) {
    do {
        reversed += static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v > 0);
}

}  // namespace

std::optional<long long> parse_go_duration(std::string_view s) {
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s == "0") return 0;
    if (s.empty()) return std::nullopt;
    std::uint64_t total = 0;
    while (!s.empty()) {
        if (!(s[0] == '.' || is_digit(s[0]))) return std::nullopt;
        std::uint64_t whole = 0;
        std::size_t i = 0;
        for (; i < s.size() && is_digit(s[i]); ++i) {
            if (whole > (kMaxDuration - 1) / 10) return std::nullopt;
            whole = whole * 10 + static_cast<std::uint64_t>(s[i] - '0');
        }
        bool has_whole = i > 0;
        s.remove_prefix(i);
        std::uint64_t fraction = 0;
        double scale = 1;
        bool has_fraction = false;
        if (!s.empty() && s[0] == '.') {
            s.remove_prefix(1);
            bool overflow = false;
            for (i = 0; i < s.size() && is_digit(s[i]); ++i) {
                if (overflow) continue;
                if (fraction > (kMaxDuration - 1) / 10) {
                    overflow = true;
                    continue;
                }
                fraction = fraction * 10 + static_cast<std::uint64_t>(s[i] - '0');
                scale *= 10;
            }
            has_fraction = i > 0;
            s.remove_prefix(i);
        }
        if (!has_whole && !has_fraction) return std::nullopt;
        for (i = 0; i < s.size() && s[i] != '.' && !is_digit(s[i]); ++i) {
        }
        auto unit = duration_unit(s.substr(0, i));
        if (i == 0 || !unit) return std::nullopt;
        s.remove_prefix(i);
        if (whole > kMaxDuration / *unit) return std::nullopt;
        whole *= *unit;
        if (fraction > 0) {
            whole += static_cast<std::uint64_t>(static_cast<double>(fraction) *
                                                (static_cast<double>(*unit) / scale));
            if (whole > kMaxDuration) return std::nullopt;
        }
        total += whole;
        if (total > kMaxDuration) return std::nullopt;
    }
    if (negative) return -static_cast<long long>(total - 1) - 1;
    if (total > kMaxDuration - 1) return std::nullopt;
    return static_cast<long long>(total);
}

std::string format_go_duration(long long nanoseconds) {
    bool negative = nanoseconds < 0;
    std::uint64_t u = negative ? ~static_cast<std::uint64_t>(nanoseconds) + 1
                               : static_cast<std::uint64_t>(nanoseconds);
    std::string r;  // Built backwards.
    if (u < 1000'000'000) {
        if (u == 0) return "0s";
        r = "s";
        int precision = 0;
        if (u < 1000) {
            r += 'n';
        } else if (u < 1000'000) {
            precision = 3;
            r += "\xB5\xC2";  // U+00B5, reversed.
        } else {
            precision = 6;
            r += 'm';
        }
        u = append_fraction(r, u, precision);
        append_integer(r, u);
    } else {
        r = "s";
        u = append_fraction(r, u, 9);
        append_integer(r, u % 60);
        u /= 60;
        if (u > 0) {
            r += 'm';
            append_integer(r, u % 60);
            u /= 60;
            if (u > 0) {
                r += 'h';
                append_integer(r, u);
            }
        }
    }
    if (negative) r += '-';
    return std::string(r.rbegin(), r.rend());
}

std::optional<long long> parse_ram_in_bytes(std::string_view text) {
    std::size_t sep = text.find_last_of("01234567890. ");
    if (sep == std::string_view::npos) return std::nullopt;
    std::string_view number = text.substr(0, text[sep] == ' ' ? sep : sep + 1);
    std::string suffix(text.substr(sep + 1));
    auto size = parse_go_float(number);
    if (!size || *size < 0) return std::nullopt;
    if (suffix.empty()) return static_cast<long long>(*size);
    if (suffix.size() > 3) return std::nullopt;
    for (char& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (suffix[0] == 'b') {
        if (suffix.size() > 1) return std::nullopt;
        return static_cast<long long>(*size);
    }
    static const std::string_view prefixes = "kmgtp";
    std::size_t power = prefixes.find(suffix[0]);
    if (power == std::string_view::npos) return std::nullopt;
    if (suffix.size() == 2 && suffix[1] != 'b') return std::nullopt;
    if (suffix.size() == 3 && suffix.substr(1) != "ib") return std::nullopt;
    return static_cast<long long>(*size * std::pow(1024.0, static_cast<double>(power + 1)));
}

std::optional<long long> parse_decimal_int(std::string_view text) {
    if (!text.empty() && text[0] == '+') text.remove_prefix(1);
    long long value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<long long> parse_go_int(std::string_view text) {
    std::string plain;
    for (char c : text) {
        if (c != '_') plain += c;
    }
    std::string_view s = plain;
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    int base = 10;
    if (s.size() > 2 && s[0] == '0') {
        char prefix = static_cast<char>(s[1] | 0x20);
        base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : prefix == 'b' ? 2 : 10;
        if (base != 10) s.remove_prefix(2);
    }
    if (base == 10 && s.size() > 1 && s[0] == '0') {
        base = 8;
        s.remove_prefix(1);
    }
    unsigned long long value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    if (value > static_cast<unsigned long long>(INT64_MAX) + (negative ? 1 : 0)) {
        return std::nullopt;
    }
    if (negative) return static_cast<long long>(0 - value);
    return static_cast<long long>(value);
}

std::optional<double> parse_go_float(std::string_view text) {
    if (!text.empty() && text[0] == '+') text.remove_prefix(1);
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<bool> parse_go_bool(std::string_view text) {
    if (text == "1" || text == "t" || text == "T" || text == "true" || text == "TRUE" ||
        text == "True") {
        return true;
    }
    if (text == "0" || text == "f" || text == "F" || text == "false" || text == "FALSE" ||
        text == "False") {
        return false;
    }
    return std::nullopt;
}

std::string clean_path(std::string_view path) {
    if (path.empty()) return ".";
    bool rooted = path[0] == '/';
    std::vector<std::string_view> parts;
    std::size_t leading_dotdots = 0;
    std::size_t i = 0;
    while (i < path.size()) {
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        std::string_view part = path.substr(i, j - i);
        i = j + 1;
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (parts.size() > leading_dotdots) {
                parts.pop_back();
            } else if (!rooted) {
                parts.push_back(part);
                ++leading_dotdots;
            }
            continue;
        }
        parts.push_back(part);
    }
    std::string out = rooted ? "/" : "";
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k > 0) out += '/';
        out.append(parts[k]);
    }
    return out.empty() ? "." : out;
}

std::string join_path(std::string_view base, std::string_view rel) {
    if (base.empty()) return clean_path(rel);
    if (rel.empty()) return clean_path(base);
    std::string joined(base);
    joined += '/';
    joined.append(rel);
    return clean_path(joined);
}

std::string expand_user(std::string_view path) {
    if (path.empty() || path[0] != '~') return std::string(path);
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0') return std::string(path);
    return join_path(home, path.substr(1));
}

std::string absolute_path(std::string_view path, std::string_view base) {
    std::string expanded = expand_user(path);
    if (expanded.empty() || expanded[0] == '/') return expanded;
    return join_path(base, expanded);
}

}  // namespace dc
