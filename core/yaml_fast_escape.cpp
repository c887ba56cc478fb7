// Escape sequences of double-quoted scalars for the fast YAML reader: the
// set yaml-cpp 0.7 accepts (YAML 1.2's, plus "\'"), with the same bytes.
#include "core/yaml_fast_parser.h"

namespace dc::yaml_fast {

namespace {

// The byte a one-character escape stands for, or -1.
int simple_escape(char c) {
    switch (c) {
    case '0': return '\0';
    case 'a': return '\a';
    case 'b': return '\b';
    case 't':
    case '\t': return '\t';
    case 'n': return '\n';
    case 'v': return '\v';
    case 'f': return '\f';
    case 'r': return '\r';
    case 'e': return '\x1B';
    case ' ': return ' ';
    case '"': return '"';
    case '\'': return '\'';
    case '\\': return '\\';
    case '/': return '/';
    default: return -1;
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_utf8(std::string& out, unsigned long code) {
    auto byte = [&out](unsigned long b) { out += static_cast<char>(b); };
    if (code <= 0x7F) {
        byte(code);
    } else if (code <= 0x7FF) {
        byte(0xC0 | (code >> 6));
        byte(0x80 | (code & 0x3F));
    } else if (code <= 0xFFFF) {
        byte(0xE0 | (code >> 12));
        byte(0x80 | ((code >> 6) & 0x3F));
        byte(0x80 | (code & 0x3F));
    } else {
        byte(0xF0 | (code >> 18));
        byte(0x80 | ((code >> 12) & 0x3F));
        byte(0x80 | ((code >> 6) & 0x3F));
        byte(0x80 | (code & 0x3F));
    }
}

}  // namespace

// Appends what the escape sequence at the cursor (on its '\') stands for.
void Parser::read_escape(std::string& out) {
    const char c = peek(1);
    pos_ += 2;
    int simple = simple_escape(c);
    if (simple >= 0) {
        out += static_cast<char>(simple);
        return;
    }
    switch (c) {
    case 'N': out += "\x85"; return;
    case '_': out += "\xA0"; return;
    case 'L': out += "\xE2\x80\xA8"; return;
    case 'P': out += "\xE2\x80\xA9"; return;
    case 'x': return read_hex_escape(out, 2);
    case 'u': return read_hex_escape(out, 4);
    case 'U': return read_hex_escape(out, 8);
    default: decline();
    }
}

// Appends the UTF-8 form of the code point written as `digits` hex digits.
void Parser::read_hex_escape(std::string& out, int digits) {
    unsigned long code = 0;
    for (int i = 0; i < digits; ++i, ++pos_) {
        int digit = hex_value(peek());
        if (digit < 0) decline();
        code = code * 16 + static_cast<unsigned long>(digit);
    }
    if ((code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) decline();
    append_utf8(out, code);
}

}  // namespace dc::yaml_fast
