// Plain and quoted scalars for the fast YAML reader, with yaml-cpp's line
// folding: blanks around a line break become one space, each empty line a
// newline.
#include <array>
#include <utility>

#include "core/yaml_fast_parser.h"

namespace dc::yaml_fast {

namespace {

// Bytes that may end or interrupt one line of a plain scalar.
enum CharFlag : unsigned char { kBlockStop = 1, kFlowStop = 2 };

constexpr std::array<unsigned char, 256> make_stop_table() {
    std::array<unsigned char, 256> table{};
    for (char c : {'\n', '\r', ' ', '\t', ':'}) {
        table[static_cast<unsigned char>(c)] = kBlockStop | kFlowStop;
    }
    for (char c : {',', '?', '[', ']', '{', '}'}) table[static_cast<unsigned char>(c)] = kFlowStop;
    return table;
}

constexpr std::array<unsigned char, 256> kStops = make_stop_table();

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

}  // namespace

// Whether a plain scalar may start at the cursor (yaml-cpp's rules; a '-' or
// ':' before a line break inside a flow collection is left to yaml-cpp).
bool Parser::plain_can_start(Context context) const {
    switch (peek()) {
    case '\0':
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '#':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`': return false;
    case '?': return context == Context::Block && !separated_at(1);
    case '-':
    case ':': return !separated_at(1);
    default: return true;
    }
}

// Scans one line of a plain scalar. It ends at a line break, at ':' before a
// blank or line break (or ',', ']', '}' in flow context), at a blank before
// '#', and in flow context at ',', '?', '[', ']', '{' or '}'. The cursor is
// left on the ':' after a key, else just after the last non-blank byte.
PlainLine Parser::scan_plain_line(Context context) {
    const unsigned char stop = context == Context::Flow ? kFlowStop : kBlockStop;
    const char* s = text_.data();
    const std::size_t size = text_.size();
    const std::size_t start = pos_;
    std::size_t i = pos_;
    std::size_t content_end = pos_;
    PlainEnd end = PlainEnd::LineEnd;
    while (i < size) {
        char c = s[i];
        if (!(kStops[static_cast<unsigned char>(c)] & stop)) {
            content_end = ++i;
            continue;
        }
        if (c == '\n' || c == '\r') break;
        if (is_blank(c)) {
            if (i + 1 < size && s[i + 1] == '#') {
                end = PlainEnd::Comment;
                break;
            }
            ++i;
            continue;
        }
        if (c == ':') {
            char next = i + 1 < size ? s[i + 1] : '\0';
            if (next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == '\0' ||
                (context == Context::Flow && (next == ',' || next == ']' || next == '}'))) {
                end = PlainEnd::Colon;
                break;
            }
            content_end = ++i;
            continue;
        }
        end = PlainEnd::Indicator;
        break;
    }
    pos_ = end == PlainEnd::Colon ? i : content_end;
    return PlainLine{text_.substr(start, content_end - start), end};
}

// Folds the lines that continue a plain scalar in block context: those whose
// first non-blank byte is at column `indent` or beyond. The cursor ends just
// after the scalar's last non-blank byte.
std::string Parser::plain_continuation(std::string_view first, int indent) {
    std::string text(first);
    for (;;) {
        const Position content_end = here();
        skip_blanks();
        if (at_end()) {
            go_to(content_end);
            return text;
        }
        take_break();
        int empty_lines = 0;
        if (!continuation_line(indent, empty_lines)) {
            go_to(content_end);
            return text;
        }
        // At the document root every later line would continue the scalar.
        if (indent <= 0) decline();
        PlainLine line = scan_plain_line(Context::Block);
        if (line.end == PlainEnd::Colon || line.text.empty()) decline();
        if (empty_lines == 0) {
            text += ' ';
        } else {
            text.append(static_cast<std::size_t>(empty_lines), '\n');
        }
        text += line.text;
        if (line.end != PlainEnd::LineEnd) return text;
    }
}

// Moves over the indentation of the lines after a plain scalar's line break
// the way yaml-cpp does, counting empty lines. Returns whether the scalar
// goes on with the line the cursor is then on. A tab inside the indentation
// is an error in yaml-cpp.
bool Parser::continuation_line(int indent, int& empty_lines) {
    for (;;) {
        while (peek() == ' ' && column() < indent && peek(1) != '#') ++pos_;
        while (is_blank(peek())) {
            if (peek() == '\t' && column() < indent) decline();
            if (peek(1) == '#') break;
            ++pos_;
        }
        if (at_end()) return false;
        if (!at_break()) return column() >= indent && !is_blank(peek());
        ++empty_lines;
        take_break();
    }
}

// Reads a single- or double-quoted scalar, the cursor on its opening quote.
QuotedScalar Parser::scan_quoted() {
    const int first_line = line_;
    QuotedText quoted;
    quoted.quote = peek();
    ++pos_;
    bool previous_empty = false;
    while (!quoted_line(quoted)) {
        take_break();
        skip_blanks();
        bool next_empty = at_break();
        if (next_empty) {
            quoted.out += '\n';
        } else if (!previous_empty && !quoted.escaped_break) {
            quoted.out += ' ';
        }
        previous_empty = next_empty;
    }
    // Like yaml-cpp, keep at most one trailing line break that came from
    // folding, but everything up to the last escape.
    std::string& out = quoted.out;
    std::size_t last = out.find_last_not_of('\n');
    if (quoted.last_escaped != std::string::npos &&
        (last == std::string::npos || last < quoted.last_escaped)) {
        last = quoted.last_escaped;
    }
    if (last == std::string::npos) {
        out.clear();
    } else if (last + 1 < out.size()) {
        out.erase(last + 2);
    }
    return QuotedScalar{std::move(out), line_ != first_line};
}

// Reads the rest of one line of a quoted scalar. Returns true after the
// closing quote; false at a line break, with the line's trailing blanks
// dropped (unless escaped).
bool Parser::quoted_line(QuotedText& quoted) {
    std::string& out = quoted.out;
    const bool single = quoted.quote == '\'';
    std::size_t keep = out.size();
    quoted.escaped_break = false;
    for (;;) {
        if (at_end()) decline();
        char c = text_[pos_];
        if (c == quoted.quote) {
            ++pos_;
            if (!single || peek() != '\'') return true;
            out += '\'';
            ++pos_;
            keep = quoted.last_escaped = out.size();
            continue;
        }
        if (c == '\n' || c == '\r') break;
        // yaml-cpp refuses a document marker inside a quoted scalar.
        if (pos_ == line_start_ && at_document_marker()) decline();
        if (c == '\\' && !single) {
            if (peek(1) == '\n' || peek(1) == '\r') {
                ++pos_;
                keep = quoted.last_escaped = out.size();
                quoted.escaped_break = true;
                break;
            }
            read_escape(out);
            keep = quoted.last_escaped = out.size();
            continue;
        }
        out += c;
        ++pos_;
        if (!is_blank(c)) keep = out.size();
    }
    out.erase(keep);
    return false;
}

}  // namespace dc::yaml_fast
