#include "core/normalize_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace dc {

namespace {

bool is_shell_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

enum class ArgState { None, Plain, Quoted };

struct ShellSplitter {
    std::vector<std::string> args;
    std::string buf;
    bool escaped = false, double_quoted = false, single_quoted = false;
    bool back_quoted = false, dollar_quoted = false;
    ArgState got = ArgState::None;

    bool quoted() const { return single_quoted || double_quoted || back_quoted || dollar_quoted; }

    // Feeds one character; returns false to stop (an operator was reached).
    bool feed(char c, bool& failed) {
        if (escaped) {
            buf += c;
            escaped = false;
            got = ArgState::Plain;
            return true;
        }
        if (c == '\\') {
            if (single_quoted) {
                buf += c;
            } else {
                escaped = true;
            }
            return true;
        }
        if (is_shell_space(c)) {
            if (quoted()) {
                buf += c;
            } else if (got != ArgState::None) {
                args.push_back(std::move(buf));
                buf.clear();
                got = ArgState::None;
            }
            return true;
        }
        switch (c) {
        case '`':
            if (!single_quoted && !double_quoted && !dollar_quoted) back_quoted = !back_quoted;
            break;
        case ')':
            if (!single_quoted && !double_quoted && !back_quoted) dollar_quoted = !dollar_quoted;
            break;
        case '(':
            if (!single_quoted && !double_quoted && !back_quoted) {
                if (!dollar_quoted && !buf.empty() && buf.back() == '$') {
                    dollar_quoted = true;
                    buf += '(';
                    return true;
                }
                failed = true;
                return false;
            }
            break;
        case '"':
            if (!single_quoted && !dollar_quoted) {
                if (double_quoted) got = ArgState::Quoted;
                double_quoted = !double_quoted;
                return true;
            }
            break;
        case '\'':
            if (!double_quoted && !dollar_quoted) {
                if (single_quoted) got = ArgState::Quoted;
                single_quoted = !single_quoted;
                return true;
            }
            break;
        case ';':
        case '&':
        case '|':
        case '<':
        case '>':
            if (!quoted()) {
                if (c == '>' && !buf.empty() && buf[0] >= '0' && buf[0] <= '9') {
                    got = ArgState::None;
                }
                return false;
            }
            break;
        default: break;
        }
        got = ArgState::Plain;
        buf += c;
        return true;
    }
};

// The shortest decimal digits of a value and the position of its decimal
// point (Go's decimalSlice: value == 0.digits * 10^point).
struct Decimal {
    std::string digits;
    int point = 0;
    bool negative = false;
};

Decimal shortest_decimal(double value, FloatBits bits) {
    char buf[64];
    std::to_chars_result result =
        bits == FloatBits::Float32
            ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(value),
                            std::chars_format::scientific)
            : std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    std::string_view s(buf, static_cast<std::size_t>(result.ptr - buf));
    Decimal d;
    if (!s.empty() && s[0] == '-') {
        d.negative = true;
        s.remove_prefix(1);
    }
    std::size_t e = s.find('e');
    for (char c : s.substr(0, e)) {
        if (c != '.') d.digits += c;
    }
    int exponent = std::atoi(std::string(s.substr(e + 1)).c_str());
    while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
    if (d.digits == "0") {
        d.digits.clear();
        d.point = 0;
    } else {
        d.point = exponent + 1;
    }
    return d;
}

std::string format_fixed(const Decimal& d, int decimals) {
    std::string out = d.negative ? "-" : "";
    int nd = static_cast<int>(d.digits.size());
    if (d.point > 0) {
        for (int i = 0; i < d.point; ++i) out += i < nd ? d.digits[i] : '0';
    } else {
        out += '0';
    }
    if (decimals > 0) {
        out += '.';
        for (int i = 0; i < decimals; ++i) {
            int j = d.point + i;
            out += (j < 0 || j >= nd) ? '0' : d.digits[j];
        }
    }
    return out;
}

std::string format_exponent(const Decimal& d) {
    std::string out = d.negative ? "-" : "";
    out += d.digits.empty() ? '0' : d.digits[0];
    if (d.digits.size() > 1) {
        out += '.';
        out.append(d.digits, 1);
    }
    int exponent = d.digits.empty() ? 0 : d.point - 1;
    out += exponent < 0 ? "e-" : "e+";
    int magnitude = std::abs(exponent);
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
    return out;
}

}  // namespace

std::optional<std::vector<std::string>> split_command_line(std::string_view line) {
    ShellSplitter splitter;
    bool failed = false;
    for (char c : line) {
        if (!splitter.feed(c, failed)) break;
    }
    if (failed) return std::nullopt;
    if (splitter.got != ArgState::None) splitter.args.push_back(std::move(splitter.buf));
    if (splitter.escaped || splitter.quoted()) return std::nullopt;
    return std::move(splitter.args);
}

std::string format_float_g(double value, FloatBits bits) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    Decimal d = shortest_decimal(value, bits);
    int nd = static_cast<int>(d.digits.size());
    int exponent = d.point - 1;
    if (nd > 0 && (exponent < -4 || exponent >= 6)) return format_exponent(d);
    return format_fixed(d, std::max(nd - d.point, 0));
}

std::string format_float_json(double value, FloatBits bits) {
    double magnitude = std::fabs(value);
    if (bits == FloatBits::Float32) magnitude = static_cast<float>(magnitude);
    Decimal d = shortest_decimal(value, bits);
    if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) {
        std::string out = format_exponent(d);
        std::size_t n = out.size();
        if (n >= 4 && out[n - 4] == 'e' && out[n - 3] == '-' && out[n - 2] == '0') {
            out.erase(n - 2, 1);
        }
        return out;
    }
    int nd = static_cast<int>(d.digits.size());
    return format_fixed(d, std::max(nd - d.point, 0));
}

std::string go_sprint(const Node& scalar) {
    switch (scalar.kind) {
    case NodeKind::Null: return "<nil>";
    case NodeKind::Bool: return scalar.as_bool() ? "true" : "false";
    case NodeKind::Int:
        if (auto v = parse_go_int(scalar.text)) return std::to_string(*v);
        return scalar.text;
    case NodeKind::Float:
        if (auto v = parse_go_float(scalar.text)) return format_float_g(*v, FloatBits::Float64);
        return scalar.text;
    case NodeKind::String:
        if (!scalar.quoted) {
            if (auto time = parse_yaml_timestamp(scalar.text)) return format_go_time(*time);
            if (auto number = parse_underscored_number(scalar.text)) return go_sprint(*number);
        }
        return scalar.text;
    default: return scalar.text;
    }
}

}  // namespace dc
