// Flow collections ("[a, b]", "{a: 1}") for the fast YAML reader. Inside
// them yaml-cpp ignores indentation; keys must fit on one line.
#include <utility>

#include "core/yaml_fast_parser.h"

namespace dc::yaml_fast {

// Moves to the next token inside a flow collection, which must not end
// before the collection closes.
void Parser::skip_in_flow() {
    skip_to_token();
    if (at_end() || at_document_marker()) decline();
}

// Reads a sequence item or mapping value inside a flow collection.
Node Parser::flow_node() {
    const std::size_t first_count = nodes_;
    Properties props;
    if (peek() == '&' || peek() == '!') props = read_properties(Context::Flow);
    Node node;
    switch (peek()) {
    case '[': node = flow_sequence(); break;
    case '{': node = flow_mapping(); break;
    case '*':
        if (props.present) decline();
        return read_alias(Context::Flow);
    case '"':
    case '\'': {
        const Position start = here();
        QuotedScalar quoted = scan_quoted();
        node = make_scalar(std::move(quoted.text), ScalarStyle::Quoted, props, start);
        break;
    }
    default: node = plain_in_flow(props); break;
    }
    return props.present ? finish_node(std::move(node), props, first_count) : node;
}

Node Parser::plain_in_flow(const Properties& props) {
    if (!plain_can_start(Context::Flow)) decline();
    const Position start = here();
    PlainLine line = scan_plain_line(Context::Flow);
    if (line.text.empty()) decline();
    if (line.end == PlainEnd::LineEnd) {
        // yaml-cpp would fold the scalar into the next line unless that line
        // starts by closing the entry.
        const Position content_end = here();
        skip_blanks();
        if (at_end()) decline();
        take_break();
        skip_blanks();
        if (peek() != ',' && peek() != ']' && peek() != '}') decline();
        go_to(content_end);
    }
    return make_scalar(std::string(line.text), ScalarStyle::Plain, props, start);
}

Node Parser::flow_sequence() {
    Node seq = Node::sequence(mark_here());
    open_collection();
    const std::size_t first = items_.size();
    ++pos_;
    for (;;) {
        skip_in_flow();
        if (peek() == ']') break;
        items_.push_back(flow_node());
        skip_in_flow();
        if (peek() == ',') {
            ++pos_;
            continue;
        }
        // "[a: b]" (a one-pair mapping) and anything else go to yaml-cpp.
        if (peek() != ']') decline();
        break;
    }
    ++pos_;
    close_sequence(seq, first);
    return seq;
}

Node Parser::flow_mapping() {
    Node map = Node::mapping(mark_here());
    open_collection();
    const std::size_t first = entries_.size();
    ++pos_;
    for (;;) {
        skip_in_flow();
        if (peek() == '}') break;
        Key key = read_flow_key();
        ++pos_;
        skip_in_flow();
        Node value;
        if (peek() == ',' || peek() == '}') {
            // An empty value: yaml-cpp marks it at the ',' or '}'.
            ++nodes_;
            value = Node::null(mark_here());
        } else {
            value = flow_node();
        }
        add_entry(std::move(key), std::move(value));
        skip_in_flow();
        if (peek() == ',') {
            ++pos_;
            continue;
        }
        if (peek() != '}') decline();
        break;
    }
    ++pos_;
    close_mapping(map, first);
    return map;
}

// Reads a flow mapping key up to its ':'. After a quoted key yaml-cpp takes
// any ':' (JSON style, "{"a":1}"); after a plain one only ": ", ":," and the
// like, which end the plain scalar.
Key Parser::read_flow_key() {
    const Position start = here();
    char c = peek();
    if (c == '"' || c == '\'') {
        QuotedScalar quoted = scan_quoted();
        skip_blanks();
        if (quoted.multi_line || peek() != ':') decline();
        check_key_length(start);
        return Key{std::move(quoted.text), ScalarStyle::Quoted, start};
    }
    if (!plain_can_start(Context::Flow)) decline();
    PlainLine line = scan_plain_line(Context::Flow);
    if (line.end != PlainEnd::Colon || line.text.empty()) decline();
    check_key_length(start);
    return Key{std::string(line.text), ScalarStyle::Plain, start};
}

}  // namespace dc::yaml_fast
