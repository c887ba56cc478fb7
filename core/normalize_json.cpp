// JSON text as Go's json.MarshalIndent(v, "", "  ") writes it: HTML-safe
// string escapes, "{}" and "[]" for empty collections, no final newline.
#include "core/normalize_json.h"

#include <string>

namespace dc {

namespace {

std::size_t utf8_sequence_length(const std::string& s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    return n;
}

void write_string(std::string& out, const std::string& s) {
    static const char* const hex = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            std::size_t n = utf8_sequence_length(s, i);
            if (n == 0) {
                out += "\\ufffd";
                ++i;
            } else if (n == 3 && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                       (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
                out += (static_cast<unsigned char>(s[i + 2]) == 0xA8) ? "\\u2028" : "\\u2029";
                i += 3;
            } else {
                out.append(s, i, n);
                i += n;
            }
            continue;
        }
        ++i;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

void newline(std::string& out, int depth) {
    out += '\n';
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void write_value(std::string& out, const Node& node, int depth) {
    switch (node.kind) {
    case NodeKind::Null: out += "null"; return;
    case NodeKind::String: write_string(out, node.text); return;
    case NodeKind::Sequence:
        if (node.items.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            if (i > 0) out += ',';
            newline(out, depth + 1);
            write_value(out, node.items[i], depth + 1);
        }
        newline(out, depth);
        out += ']';
        return;
    case NodeKind::Mapping:
        if (node.entries.empty()) {
            out += "{}";
            return;
        }
        out += '{';
        for (std::size_t i = 0; i < node.entries.size(); ++i) {
            if (i > 0) out += ',';
            newline(out, depth + 1);
            write_string(out, node.entries[i].key);
            out += ": ";
            write_value(out, *node.entries[i].value, depth + 1);
        }
        newline(out, depth);
        out += '}';
        return;
    default: out += node.text; return;
    }
}

}  // namespace

std::string write_json_document(const Node& root) {
    std::string out;
    write_value(out, root, 0);
    return out;
}

}  // namespace dc
