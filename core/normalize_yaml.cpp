// Block-style YAML layout and scalar quoting, following yaml.v3's emitter
// with an indent of 2 and no line width limit.
#include "core/normalize_yaml.h"

#include <cstdint>

namespace dc {

namespace {

enum class Style { Plain, Single, Double, Literal };

// Whether a collection's first entry starts a new line or follows "- ".
enum class FirstLine { New, Inline };

std::size_t utf8_width(unsigned char c) {
    if ((c & 0x80) == 0) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 1;
}

unsigned char at(std::string_view s, std::size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

bool is_printable(std::string_view s, std::size_t i) {
    unsigned char c = at(s, i);
    return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && at(s, i + 1) >= 0xA0) ||
           (c > 0xC2 && c < 0xED) || (c == 0xED && at(s, i + 1) < 0xA0) || c == 0xEE ||
           (c == 0xEF && !(at(s, i + 1) == 0xBB && at(s, i + 2) == 0xBF) &&
            !(at(s, i + 1) == 0xBF && (at(s, i + 2) == 0xBE || at(s, i + 2) == 0xBF)));
}

bool is_break(std::string_view s, std::size_t i) {
    unsigned char c = at(s, i);
    return c == '\r' || c == '\n' || (c == 0xC2 && at(s, i + 1) == 0x85) ||
           (c == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0xA8 || at(s, i + 2) == 0xA9));
}

bool is_blank(std::string_view s, std::size_t i) {
    return at(s, i) == ' ' || at(s, i) == '\t';
}

struct Analysis {
    bool plain_allowed = true;  // In block context.
    bool single_allowed = true;
    bool literal_allowed = true;
    bool multiline = false;
};

Analysis analyze(std::string_view s) {
    Analysis a;
    if (s.empty()) {
        a.literal_allowed = false;
        return a;
    }
    bool indicators = s.rfind("---", 0) == 0 || s.rfind("...", 0) == 0;
    bool line_breaks = false, special = false, tabs = false, leading_space = false;
    bool leading_break = false, trailing_space = false, trailing_break = false;
    bool break_space = false, space_break = false, previous_space = false, previous_break = false;
    bool preceded_by_whitespace = true;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t w = utf8_width(at(s, i));
        bool followed_by_whitespace = i + w >= s.size() || is_blank(s, i + w);
        char c = s[i];
        if (i == 0) {
            std::string_view always = "#,[]{}&*!|>'\"%@`";
            if (always.find(c) != std::string_view::npos) indicators = true;
            if ((c == '?' || c == ':' || c == '-') && followed_by_whitespace) indicators = true;
        } else if ((c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace)) {
            indicators = true;
        }
        if (c == '\t') {
            tabs = true;
        } else if (!is_printable(s, i)) {
            special = true;
        }
        if (c == ' ') {
            leading_space = leading_space || i == 0;
            trailing_space = trailing_space || i + w == s.size();
            break_space = break_space || previous_break;
            previous_space = true;
            previous_break = false;
        } else if (is_break(s, i)) {
            line_breaks = true;
            leading_break = leading_break || i == 0;
            trailing_break = trailing_break || i + w == s.size();
            space_break = space_break || previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = previous_break = false;
        }
        preceded_by_whitespace = is_blank(s, i) || is_break(s, i);
        i += w;
    }
    a.multiline = line_breaks;
    if (leading_space || leading_break || trailing_space || trailing_break) a.plain_allowed = false;
    if (trailing_space) a.literal_allowed = false;
    if (break_space || space_break || tabs || special) {
        a.plain_allowed = false;
        a.single_allowed = false;
    }
    if (space_break || special) a.literal_allowed = false;
    if (line_breaks || indicators) a.plain_allowed = false;
    return a;
}

Style choose_style(std::string_view s, ScalarRole role) {
    bool is_key = role == ScalarRole::Key;
    Analysis a = analyze(s);
    Style style = Style::Double;
    if (s.find('\n') != std::string_view::npos) {
        style = Style::Literal;
    } else if (yaml_can_be_plain_text(s)) {
        style = Style::Plain;
    }
    if (is_key && a.multiline) style = Style::Double;
    if (style == Style::Plain && (!a.plain_allowed || (s.empty() && is_key))) style = Style::Single;
    if (style == Style::Single && !a.single_allowed) style = Style::Double;
    if (style == Style::Literal && (!a.literal_allowed || is_key)) style = Style::Double;
    return style;
}

void append_hex(std::string& out, char prefix, std::uint32_t value, int digits) {
    out += '\\';
    out += prefix;
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        out += "0123456789ABCDEF"[(value >> shift) & 0xF];
    }
}

std::string double_quoted(std::string_view s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        std::size_t w = utf8_width(at(s, i));
        unsigned char c = at(s, i);
        bool bom = c == 0xEF && at(s, i + 1) == 0xBB && at(s, i + 2) == 0xBF;
        if (is_printable(s, i) && !bom && !is_break(s, i) && c != '"' && c != '\\') {
            out.append(s.substr(i, w));
            i += w;
            continue;
        }
        std::uint32_t v = w == 1 ? c : w == 2 ? (c & 0x1F) : w == 3 ? (c & 0x0F) : (c & 0x07);
        for (std::size_t k = 1; k < w; ++k) v = (v << 6) | (at(s, i + k) & 0x3F);
        i += w;
        switch (v) {
        case 0x00: out += "\\0"; break;
        case 0x07: out += "\\a"; break;
        case 0x08: out += "\\b"; break;
        case 0x09: out += "\\t"; break;
        case 0x0A: out += "\\n"; break;
        case 0x0B: out += "\\v"; break;
        case 0x0C: out += "\\f"; break;
        case 0x0D: out += "\\r"; break;
        case 0x1B: out += "\\e"; break;
        case 0x22: out += "\\\""; break;
        case 0x5C: out += "\\\\"; break;
        case 0x85: out += "\\N"; break;
        case 0xA0: out += "\\_"; break;
        case 0x2028: out += "\\L"; break;
        case 0x2029: out += "\\P"; break;
        default:
            if (v <= 0xFF) {
                append_hex(out, 'x', v, 2);
            } else if (v <= 0xFFFF) {
                append_hex(out, 'u', v, 4);
            } else {
                append_hex(out, 'U', v, 8);
            }
        }
    }
    return out + "\"";
}

// Line separators (U+2028, U+2029) are written as they are and the text
// continues on the next line at the scalar's indentation.
std::string single_quoted(std::string_view s, int indent) {
    std::string out = "'";
    bool after_break = false;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t w = utf8_width(at(s, i));
        if (is_break(s, i)) {
            out.append(s.substr(i, w));
            after_break = true;
        } else {
            if (after_break) out.append(static_cast<std::size_t>(indent), ' ');
            after_break = false;
            if (s[i] == '\'') out += '\'';
            out.append(s.substr(i, w));
        }
        i += w;
    }
    return out + "'";
}

class YamlWriter {
  public:
    std::string out;

    // Starts a line; a literal scalar that ended with a line break has
    // already started it.
    void line(int indent) {
        if (!out.empty() && out.back() != '\n') out += '\n';
        out.append(static_cast<std::size_t>(indent), ' ');
    }

    void scalar(const Node& node, int indent, ScalarRole role) {
        if (node.kind != NodeKind::String || node.tag == kPlainTag) {
            out += node.is_null() ? "null" : node.text;
            return;
        }
        std::string_view s = node.text;
        switch (choose_style(s, role)) {
        case Style::Plain: out += s; break;
        case Style::Single: out += single_quoted(s, indent); break;
        case Style::Double: out += double_quoted(s); break;
        case Style::Literal: literal(s, indent); break;
        }
    }

    void literal(std::string_view s, int indent) {
        out += '|';
        if (s[0] == ' ' || is_break(s, 0)) out += '2';
        bool ends_with_break = s.back() == '\n';
        if (!ends_with_break) {
            out += '-';
        } else if (s.size() == 1 || s[s.size() - 2] == '\n') {
            out += '+';
        }
        // As yaml.v3 does, the first line break of the text doubles as the
        // one ending the header line.
        bool first = true;
        bool line_start = false;
        for (char c : s) {
            if (c == '\n') {
                out += '\n';
                line_start = true;
                first = false;
                continue;
            }
            if (first) out += '\n';
            if (first || line_start) out.append(static_cast<std::size_t>(indent), ' ');
            first = line_start = false;
            out += c;
        }
    }

    bool empty_collection(const Node& node) {
        if (node.is_mapping() && node.entries.empty()) {
            out += "{}";
            return true;
        }
        if (node.is_sequence() && node.items.empty()) {
            out += "[]";
            return true;
        }
        return false;
    }

    void mapping(const Node& node, int indent, FirstLine first_line) {
        for (std::size_t i = 0; i < node.entries.size(); ++i) {
            const Entry& entry = node.entries[i];
            if (i > 0 || first_line == FirstLine::New) line(indent);
            scalar(Node::string(entry.key), indent, ScalarRole::Key);
            out += ':';
            const Node& value = *entry.value;
            if (value.is_scalar()) {
                out += ' ';
                scalar(value, indent + 2, ScalarRole::Value);
            } else if (value.is_mapping() && !value.entries.empty()) {
                mapping(value, indent + 2, FirstLine::New);
            } else if (value.is_sequence() && !value.items.empty()) {
                sequence(value, indent + 2, FirstLine::New);
            } else {
                out += ' ';
                empty_collection(value);
            }
        }
    }

    void sequence(const Node& node, int indent, FirstLine first_line) {
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            const Node& item = node.items[i];
            if (i > 0 || first_line == FirstLine::New) line(indent);
            out += "- ";
            if (item.is_scalar()) {
                scalar(item, indent + 2, ScalarRole::Value);
            } else if (!empty_collection(item)) {
                if (item.is_mapping()) {
                    mapping(item, indent + 2, FirstLine::Inline);
                } else {
                    sequence(item, indent + 2, FirstLine::Inline);
                }
            }
        }
    }
};

std::uint32_t decode_rune(std::string_view s, std::size_t& i) {
    std::size_t w = utf8_width(at(s, i));
    unsigned char c = at(s, i);
    std::uint32_t v = w == 1 ? c : w == 2 ? (c & 0x1F) : w == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < w; ++k) v = (v << 6) | (at(s, i + k) & 0x3F);
    i += w;
    return v;
}

bool rune_is_letter(std::uint32_t r) {
    return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r >= 0xAA;
}

bool rune_is_digit(std::uint32_t r) {
    return r >= '0' && r <= '9';
}

}  // namespace

std::string yaml_inline_scalar(std::string_view text, ScalarRole role) {
    YamlWriter writer;
    writer.scalar(Node::string(std::string(text)), 0, role);
    return writer.out;
}

std::string write_yaml_document(const Node& root) {
    YamlWriter writer;
    if (root.is_mapping() && !root.entries.empty()) {
        writer.mapping(root, 0, FirstLine::New);
    } else if (root.is_sequence() && !root.items.empty()) {
        writer.sequence(root, 0, FirstLine::New);
    } else if (!writer.empty_collection(root)) {
        writer.scalar(root, 0, ScalarRole::Value);
    }
    if (writer.out.empty() || writer.out.back() != '\n') writer.out += '\n';
    return writer.out;
}

bool yaml_key_less(std::string_view a_text, std::string_view b_text) {
    std::vector<std::uint32_t> a, b;
    for (std::size_t i = 0; i < a_text.size();) a.push_back(decode_rune(a_text, i));
    for (std::size_t i = 0; i < b_text.size();) b.push_back(decode_rune(b_text, i));
    bool digits = false;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i] == b[i]) {
            digits = rune_is_digit(a[i]);
            continue;
        }
        bool al = rune_is_letter(a[i]);
        bool bl = rune_is_letter(b[i]);
        if (al && bl) return a[i] < b[i];
        if (al || bl) return digits ? al : bl;
        long long an = 0, bn = 0;
        if (a[i] == '0' || b[i] == '0') {
            for (std::size_t j = i; j-- > 0 && rune_is_digit(a[j]);) {
                if (a[j] != '0') {
                    an = bn = 1;
                    break;
                }
            }
        }
        std::size_t ai = i, bi = i;
        for (; ai < a.size() && rune_is_digit(a[ai]); ++ai) an = an * 10 + (a[ai] - '0');
        for (; bi < b.size() && rune_is_digit(b[bi]); ++bi) bn = bn * 10 + (b[bi] - '0');
        if (an != bn) return an < bn;
        if (ai != bi) return ai < bi;
        return a[i] < b[i];
    }
    return a.size() < b.size();
}

}  // namespace dc
