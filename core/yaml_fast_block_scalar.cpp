// Block scalars ("|" literal and ">" folded) for the fast YAML reader,
// following yaml-cpp's rules for indentation, folding and chomping.
#include <algorithm>
#include <utility>

#include "core/yaml_fast_parser.h"

namespace dc::yaml_fast {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

void apply_chomp(std::string& text, Chomp chomp) {
    std::size_t last = text.find_last_not_of('\n');
    if (chomp == Chomp::Keep) return;
    if (last == std::string::npos) {
        text.clear();
    } else if (chomp == Chomp::Strip) {
        text.erase(last + 1);
    } else if (last + 1 < text.size()) {
        text.erase(last + 2);
    }
}

// yaml-cpp's state while it folds the lines of a block scalar.
struct BlockLines {
    Fold fold;
    bool found_content = false;
    bool past_opening = false;
    bool previous_empty = false;
    bool previous_more = false;  // The previous line starts with a blank.
    int folded = 0;              // Empty lines since the last content line, in folded style.
    bool folded_started_more = false;

    // Appends what the line break before a line stands for: a newline in
    // literal style; in folded style a space between two plain lines, or the
    // newlines of the empty lines before this one.
    void line_break(std::string& out, bool next_empty, bool next_more, bool at_indent) {
        if (fold == Fold::Folded && folded == 0 && next_empty) folded_started_more = previous_more;
        if (past_opening && fold == Fold::Literal) {
            out += '\n';
        } else if (past_opening) {
            fold_break(out, next_empty, next_more, at_indent);
        }
        previous_empty = next_empty;
        previous_more = next_more;
        past_opening = true;
    }

    void fold_break(std::string& out, bool next_empty, bool next_more, bool at_indent) {
        if (!previous_empty && !next_empty && !previous_more && !next_more && at_indent) {
            out += ' ';
        } else if (next_empty) {
            ++folded;
        } else {
            out += '\n';
        }
        if (!next_empty && folded > 0) {
            out.append(static_cast<std::size_t>(folded - 1), '\n');
            if (folded_started_more || next_more || !found_content) out += '\n';
            folded = 0;
        }
    }
};

}  // namespace

// Reads a block scalar, the cursor on its '|' or '>'. `scalar_top` is the
// indentation its content is measured against (yaml-cpp's top indent).
Node Parser::block_scalar(int scalar_top, const Properties& props) {
    if (scalar_top < 0) decline();
    const Position start = here();
    const Fold fold = peek() == '>' ? Fold::Folded : Fold::Literal;
    ++pos_;
    // Indicators: a chomping sign and an indentation digit, in either order.
    Chomp chomp = Chomp::Clip;
    int explicit_indent = 0;
    bool have_sign = false;
    bool have_digit = false;
    for (;; ++pos_) {
        char c = peek();
        if (!have_sign && (c == '+' || c == '-')) {
            chomp = c == '+' ? Chomp::Keep : Chomp::Strip;
            have_sign = true;
        } else if (!have_digit && is_digit(c)) {
            if (c == '0') decline();
            explicit_indent = c - '0';
            have_digit = true;
        } else {
            break;
        }
    }
    if (!line_rest_empty()) decline();
    const IndentIndicator indicator =
        explicit_indent == 0 ? IndentIndicator::Absent : IndentIndicator::Given;
    int indent = (explicit_indent == 0 ? 1 : explicit_indent) + scalar_top;
    std::string text = block_scalar_body(indent, indicator, fold);
    apply_chomp(text, chomp);
    return make_scalar(std::move(text), ScalarStyle::Quoted, props, start);
}

// Reads the lines of a block scalar after its header line, stopping before
// the first non-empty line indented less than `indent` (found from the first
// non-empty line unless the header gave it). Follows yaml-cpp line by line:
// the content of a line, its line break, then the next line's indentation.
std::string Parser::block_scalar_body(int indent, IndentIndicator indicator, Fold fold) {
    std::string out;
    BlockLines lines{fold};
    while (!at_end()) {
        const std::size_t line_begin = pos_;
        while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
        if (pos_ > line_begin) {
            out.append(text_.substr(line_begin, pos_ - line_begin));
            lines.found_content = true;
        }
        if (at_end()) break;
        take_break();
        const bool detecting = indicator == IndentIndicator::Absent && !lines.found_content;
        while (peek() == ' ' && (column() < indent || detecting)) ++pos_;
        if (detecting) indent = std::max(indent, column());
        if (peek() == '\t' && column() < indent) decline();
        const bool next_empty = at_break();
        lines.line_break(out, next_empty, peek() == ' ' || peek() == '\t', column() >= indent);
        if (!next_empty && column() < indent) break;
    }
    return out;
}

}  // namespace dc::yaml_fast
