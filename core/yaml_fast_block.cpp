// Block collections for the fast YAML reader. `top` is always the column of
// the innermost open block collection (-1 at the document root), which is
// what yaml-cpp's indentation stack holds while it scans.
#include <utility>

#include "core/yaml_fast_parser.h"

namespace dc::yaml_fast {

// Moves to the token after a complete block node and returns its column, or
// -1 at the end of the text or at a document marker (which close every block
// collection). A token on the same line as the node before it, or indented
// with a tab, is something yaml-cpp would reject or read differently.
int Parser::next_block_token() {
    skip_to_token();
    if (at_end() || at_document_marker()) return -1;
    if (line_start() != LineStart::Indented) decline();
    return column();
}

// Whether the token at the cursor, in column `col`, starts a node inside the
// collection at column `top` rather than closing it.
bool Parser::starts_child(int col, int top, Parent parent) const {
    return col > top || (col == top && parent == Parent::Mapping && at_block_entry());
}

// Where yaml-cpp marks an empty value at the end of the text: where the
// collection holding it closes. That is the end of the last line when the
// collection's column lies beyond it (as it does for every collection but
// one in column 0 when the text ends with a line break), else column 1.
Mark Parser::end_of_text_mark(int top, Parent parent) const {
    int col = column();
    bool closes_here = top > col || (top == col && parent == Parent::Sequence);
    return Mark{file_, line_ + 1, closes_here ? col + 1 : 1};
}

// Reads a node whose first token is at the cursor, with its anchor and tag.
Node Parser::block_node(int top, KeyAllowed allowed, Parent parent) {
    if (peek() != '&' && peek() != '!') return block_content(top, allowed, Properties{});
    const std::size_t first_count = nodes_;
    Properties props = read_properties(Context::Block);
    if (!line_rest_empty()) {
        // yaml-cpp opens a potential simple key at the anchor or tag; its
        // column then counts as the indentation of a scalar that follows.
        int scalar_top = allowed == KeyAllowed::Yes ? props.start.column() : top;
        return finish_node(block_content(scalar_top, KeyAllowed::No, props), props, first_count);
    }
    if (starts_child(next_block_token(), top, parent)) {
        return finish_node(block_content(top, KeyAllowed::Yes, props), props, first_count);
    }
    // yaml-cpp drops the tag of a document that holds nothing else.
    if (parent == Parent::Root) decline();
    return finish_node(make_scalar({}, ScalarStyle::Plain, props, props.start), props, first_count);
}

// Reads the node at the cursor after its properties. `scalar_top` is the
// indentation that a plain or block scalar here is measured against.
Node Parser::block_content(int scalar_top, KeyAllowed allowed, const Properties& props) {
    switch (peek()) {
    case '-':
        if (!separated_at(1)) break;
        if (allowed == KeyAllowed::No) decline();
        return block_sequence();
    case '[': return flow_sequence();
    case '{': return flow_mapping();
    case '|':
    case '>': return block_scalar(scalar_top, props);
    case '*':
        if (props.present) decline();
        return read_alias(Context::Block);
    case '"':
    case '\'': return quoted_in_block(allowed, props);
    default: break;
    }
    if (!plain_can_start(Context::Block)) decline();
    return plain_in_block(scalar_top, allowed, props);
}

Node Parser::plain_in_block(int scalar_top, KeyAllowed allowed, const Properties& props) {
    const Position start = here();
    PlainLine line = scan_plain_line(Context::Block);
    if (line.text.empty()) decline();
    if (line.end == PlainEnd::Colon) {
        if (allowed == KeyAllowed::No) decline();
        check_key_length(start);
        return block_mapping(Key{std::string(line.text), ScalarStyle::Plain, start});
    }
    if (line.end != PlainEnd::LineEnd) {
        return make_scalar(std::string(line.text), ScalarStyle::Plain, props, start);
    }
    return make_scalar(plain_continuation(line.text, scalar_top + 1), ScalarStyle::Plain, props,
                       start);
}

Node Parser::quoted_in_block(KeyAllowed allowed, const Properties& props) {
    const Position start = here();
    QuotedScalar quoted = scan_quoted();
    skip_blanks();
    if (peek() == ':' && separated_at(1)) {
        // yaml-cpp only takes a key that fits on one line.
        if (allowed == KeyAllowed::No || quoted.multi_line) decline();
        check_key_length(start);
        return block_mapping(Key{std::move(quoted.text), ScalarStyle::Quoted, start});
    }
    return make_scalar(std::move(quoted.text), ScalarStyle::Quoted, props, start);
}

// Reads the value after "key:" or "-" (the cursor just past the indicator):
// on the same line, on the lines below, or an empty (null) value.
Node Parser::indicator_value(int top, KeyAllowed allowed, Parent parent) {
    // After a tab yaml-cpp allows no simple key on the line.
    if (skip_blanks()) allowed = KeyAllowed::No;
    if (!line_rest_empty()) return block_node(top, allowed, parent);
    if (starts_child(next_block_token(), top, parent)) {
        return block_node(top, KeyAllowed::Yes, parent);
    }
    // An empty value: yaml-cpp marks it where the next token starts.
    ++nodes_;
    return Node::null(at_end() ? end_of_text_mark(top, parent) : mark_here());
}

// Reads a block sequence whose first "-" is at the cursor.
Node Parser::block_sequence() {
    const int col = column();
    Node seq = Node::sequence(mark_here());
    open_collection();
    const std::size_t first = items_.size();
    for (;;) {
        ++pos_;
        items_.push_back(indicator_value(col, KeyAllowed::Yes, Parent::Sequence));
        int next = next_block_token();
        if (next == col && at_block_entry()) continue;
        if (next > col) decline();
        break;
    }
    close_sequence(seq, first);
    return seq;
}

// Reads a block mapping whose first key has been read; the mapping's column
// is that key's.
Node Parser::block_mapping(Key key) {
    const int col = key.start.column();
    Node map = Node::mapping(mark_at(key.start));
    open_collection();
    const std::size_t first = entries_.size();
    for (;;) {
        ++pos_;
        Node value = indicator_value(col, KeyAllowed::No, Parent::Mapping);
        add_entry(std::move(key), std::move(value));
        int next = next_block_token();
        if (next != col) {
            if (next > col) decline();
            break;
        }
        key = read_block_key();
    }
    close_mapping(map, first);
    return map;
}

// Reads a key at the start of a line: a one-line plain or quoted scalar
// followed by ':' and a blank or line break.
Key Parser::read_block_key() {
    const Position start = here();
    char c = peek();
    if (c == '"' || c == '\'') {
        QuotedScalar quoted = scan_quoted();
        skip_blanks();
        if (quoted.multi_line || peek() != ':' || !separated_at(1)) decline();
        check_key_length(start);
        return Key{std::move(quoted.text), ScalarStyle::Quoted, start};
    }
    if (!plain_can_start(Context::Block)) decline();
    PlainLine line = scan_plain_line(Context::Block);
    if (line.end != PlainEnd::Colon || line.text.empty()) decline();
    check_key_length(start);
    return Key{std::string(line.text), ScalarStyle::Plain, start};
}

}  // namespace dc::yaml_fast
