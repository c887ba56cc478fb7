// Text formats behind the compose schema's scalar types. Each follows the Go
// function that Docker Compose uses to read the value, so that dc accepts the
// same spellings.
#include <arpa/inet.h>

#include <charconv>
#include <string>

#include "core/schema_model.h"

namespace dc::schema {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::size_t count_digits(std::string_view text, std::size_t from) {
    std::size_t i = from;
    while (i < text.size() && is_digit(text[i])) ++i;
    return i - from;
}

// One number of a duration, [0-9]*(\.[0-9]*)? with a digit somewhere; returns
// its length, or 0.
std::size_t duration_number(std::string_view text) {
    std::size_t whole = count_digits(text, 0);
    std::size_t i = whole;
    std::size_t fraction = 0;
    if (i < text.size() && text[i] == '.') {
        fraction = count_digits(text, i + 1);
        i += 1 + fraction;
    }
    return whole + fraction == 0 ? 0 : i;
}

bool is_duration_unit(std::string_view unit) {
    static constexpr std::string_view kUnits[] = {"ns", "us", "\xc2\xb5s", "\xce\xbcs",
                                                  "ms", "s",  "m",         "h"};
    for (std::string_view known : kUnits) {
        if (unit == known) return true;
    }
    return false;
}

// The unit part of a go-units size: "", b, or k/m/g/t/p with an optional b or ib.
bool is_size_suffix(std::string_view suffix) {
    if (suffix.empty()) return true;
    if (suffix.size() > 3) return false;
    char first = to_lower(suffix[0]);
    if (first == 'b') return suffix.size() == 1;
    if (std::string_view("kmgtp").find(first) == std::string_view::npos) return false;
    if (suffix.size() == 2) return to_lower(suffix[1]) == 'b';
    return suffix.size() == 1 || (to_lower(suffix[1]) == 'i' && to_lower(suffix[2]) == 'b');
}

}  // namespace

std::string quoted(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('"');
    out.append(text);
    out.push_back('"');
    return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    }
    return true;
}

std::optional<long long> parse_decimal(std::string_view text) {
    bool negative = !text.empty() && text[0] == '-';
    if (!text.empty() && (text[0] == '+' || negative)) text.remove_prefix(1);
    if (text.empty() || count_digits(text, 0) != text.size()) return std::nullopt;
    unsigned long long magnitude = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), magnitude);
    constexpr unsigned long long kMax = 9223372036854775807ULL;
    if (error != std::errc() || magnitude > kMax + (negative ? 1 : 0)) return std::nullopt;
    if (negative) return magnitude == kMax + 1 ? (-static_cast<long long>(kMax) - 1)
                                               : -static_cast<long long>(magnitude);
    return static_cast<long long>(magnitude);
}

bool is_go_float(std::string_view text) {
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
    if (equals_ignoring_case(text, "inf") || equals_ignoring_case(text, "infinity") ||
        equals_ignoring_case(text, "nan")) {
        return true;
    }
    std::size_t whole = count_digits(text, 0);
    std::size_t i = whole;
    std::size_t fraction = 0;
    if (i < text.size() && text[i] == '.') {
        fraction = count_digits(text, i + 1);
        i += 1 + fraction;
    }
    if (whole + fraction == 0) return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
        std::size_t exponent = count_digits(text, i);
        if (exponent == 0) return false;
        i += exponent;
    }
    return i == text.size();
}

bool is_go_duration(std::string_view text) {
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
    if (text == "0") return true;
    if (text.empty()) return false;
    while (!text.empty()) {
        std::size_t number = duration_number(text);
        if (number == 0) return false;
        text.remove_prefix(number);
        std::size_t unit = 0;
        while (unit < text.size() && !is_digit(text[unit]) && text[unit] != '.') ++unit;
        if (!is_duration_unit(text.substr(0, unit))) return false;
        text.remove_prefix(unit);
    }
    return true;
}

bool is_byte_size(std::string_view text) {
    std::size_t split = text.find_last_of("0123456789. ");
    if (split == std::string_view::npos) return false;
    std::string_view number = text.substr(0, text[split] == ' ' ? split : split + 1);
    std::string_view suffix = text.substr(split + 1);
    if (!is_go_float(number) || number[0] == '-') return false;
    return is_size_suffix(suffix);
}

bool is_ip_address(std::string_view text) {
    std::string address(text);
    unsigned char buffer[16];
    return inet_pton(AF_INET, address.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, address.c_str(), buffer) == 1;
}

bool is_protocol(std::string_view text) {
    return equals_ignoring_case(text, "tcp") || equals_ignoring_case(text, "udp") ||
           equals_ignoring_case(text, "sctp");
}

}  // namespace dc::schema
