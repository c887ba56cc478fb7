// The parser behind read_yaml_fast (core/yaml_fast.h), shared by the
// core/yaml_fast_*.cpp files. It reads block and flow collections and every
// scalar style by recursive descent, and mirrors where yaml-cpp 0.7 places
// marks and how it folds scalars. Anything it is not sure of throws Decline.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/node.h"
#include "core/yaml_reader.h"

namespace dc::yaml_fast {

// Thrown when the text needs the yaml-cpp reader; read_yaml_fast catches it.
struct Decline {};

[[noreturn]] inline void decline() {
    throw Decline{};
}

// A place in the text: byte offset, 0-based line and the offset where that
// line starts (columns count bytes, as yaml-cpp's do).
struct Position {
    std::size_t offset = 0;
    int line = 0;
    std::size_t line_start = 0;

    int column() const { return static_cast<int>(offset - line_start); }
};

// Whether a simple key ("key:") may start at the current token; yaml-cpp
// allows one at the start of a line and after "- ", not after "key:" or
// after an anchor or tag.
enum class KeyAllowed { No, Yes };
// The block collection a node is in. A sequence may sit at the column of a
// mapping that holds it.
enum class Parent { Root, Sequence, Mapping };
// Plain scalars resolve to null, bool, int, float or string; the others
// (quoted and block scalars) are strings.
enum class ScalarStyle { Plain, Quoted };
enum class Context { Block, Flow };
enum class Directives { Refuse, Allow };
// What ended one line of a plain scalar.
enum class PlainEnd { LineEnd, Colon, Comment, Indicator };
// What precedes a token on its line.
enum class LineStart { Indented, IndentedWithTab, AfterContent };
enum class Chomp { Strip, Clip, Keep };
// Whether a block scalar's header gives its indentation, or the first
// non-empty line sets it.
enum class IndentIndicator { Absent, Given };
enum class Fold { Literal, Folded };

struct PlainLine {
    std::string_view text;  // Without trailing blanks.
    PlainEnd end;
};

struct QuotedScalar {
    std::string text;
    bool multi_line = false;
};

// A quoted scalar being read, line by line.
struct QuotedText {
    char quote = '"';
    std::string out;
    std::size_t last_escaped = std::string::npos;  // Where the last escape's text ends.
    bool escaped_break = false;                    // The line ended with '\' (double quotes only).
};

// The anchor and tag written before a node.
struct Properties {
    bool present = false;
    Position start;
    std::string_view anchor;
    std::size_t anchor_slot = 0;  // Index into Parser::anchored_.
    std::string tag;              // As yaml-cpp translates it: "!reset", "tag:yaml.org,2002:str".
};

// A mapping key that has been read; the cursor is on its ':'.
struct Key {
    std::string text;
    ScalarStyle style = ScalarStyle::Plain;
    Position start;
};

struct Anchored {
    std::unique_ptr<Node> node;  // Null while the anchored node is still being read.
    std::size_t size = 0;
};

class Parser {
  public:
    Parser(std::string_view text, std::shared_ptr<const std::string> file,
           const YamlReadLimits& limits);

    std::vector<Node> read_stream();

  private:
    // Cursor and tokens between nodes (yaml_fast.cpp).
    char peek(std::size_t ahead = 0) const {
        std::size_t i = pos_ + ahead;
        return i < text_.size() ? text_[i] : '\0';
    }
    bool at_end() const { return pos_ >= text_.size(); }
    int column() const { return static_cast<int>(pos_ - line_start_); }
    bool at_break() const { return peek() == '\n' || peek() == '\r'; }
    // A blank, a line break or the end of the text `ahead` bytes on.
    bool separated_at(std::size_t ahead) const {
        char c = peek(ahead);
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
    }
    Position here() const { return Position{pos_, line_, line_start_}; }
    void go_to(const Position& p) {
        pos_ = p.offset;
        line_ = p.line;
        line_start_ = p.line_start;
    }
    Mark mark_at(const Position& p) const { return Mark{file_, p.line + 1, p.column() + 1}; }
    Mark mark_here() const { return mark_at(here()); }
    // Where yaml-cpp puts whatever follows the last token: column 1 of the
    // line after the last line break.
    Mark token_mark() const { return at_end() ? Mark{file_, line_ + 1, 1} : mark_here(); }
    void take_break();
    bool skip_blanks();
    void skip_to_token(Directives directives = Directives::Refuse);
    bool line_rest_empty();
    bool at_document_marker() const;
    bool at_block_entry() const { return peek() == '-' && separated_at(1); }
    LineStart line_start() const;
    void read_directives();
    Node read_document();
    void skip_document_ends();

    // Block collections (yaml_fast_block.cpp).
    bool starts_child(int col, int top, Parent parent) const;
    Mark end_of_text_mark(int top, Parent parent) const;
    Node block_node(int top, KeyAllowed allowed, Parent parent);
    Node block_content(int scalar_top, KeyAllowed allowed, const Properties& props);
    Node indicator_value(int top, KeyAllowed allowed, Parent parent);
    Node block_sequence();
    Node block_mapping(Key key);
    Key read_block_key();
    int next_block_token();
    Node plain_in_block(int scalar_top, KeyAllowed allowed, const Properties& props);
    Node quoted_in_block(KeyAllowed allowed, const Properties& props);

    // Flow collections (yaml_fast_flow.cpp).
    void skip_in_flow();
    Node flow_node();
    Node flow_sequence();
    Node flow_mapping();
    Key read_flow_key();
    Node plain_in_flow(const Properties& props);

    // Plain and quoted scalars (yaml_fast_scalar.cpp), escapes
    // (yaml_fast_escape.cpp) and block scalars (yaml_fast_block_scalar.cpp).
    bool plain_can_start(Context context) const;
    PlainLine scan_plain_line(Context context);
    std::string plain_continuation(std::string_view first, int indent);
    bool continuation_line(int indent, int& empty_lines);
    QuotedScalar scan_quoted();
    bool quoted_line(QuotedText& quoted);
    void read_escape(std::string& out);
    void read_hex_escape(std::string& out, int digits);
    Node block_scalar(int scalar_top, const Properties& props);
    std::string block_scalar_body(int indent, IndentIndicator indicator, Fold fold);

    // Nodes, properties, anchors and limits (yaml_fast_build.cpp).
    Node make_scalar(std::string text, ScalarStyle style, const Properties& props,
                     const Position& start);
    Properties read_properties(Context context);
    std::string_view read_anchor_name(Context context);
    std::string read_tag();
    Node finish_node(Node node, const Properties& props, std::size_t first_count);
    Node read_alias(Context context);
    void open_collection();
    void close_mapping(Node& map, std::size_t first);
    void close_sequence(Node& seq, std::size_t first);
    void add_entry(Key&& key, Node&& value);
    void check_key_length(const Position& start) const;

    std::string_view text_;
    std::size_t pos_ = 0;
    int line_ = 0;
    std::size_t line_start_ = 0;
    std::shared_ptr<const std::string> file_;
    YamlReadLimits limits_;
    std::size_t depth_ = 0;
    std::size_t depth_limit_ = 0;
    std::size_t nodes_ = 0;     // Nodes made so far, aliases counted at their full size.
    std::size_t expanded_ = 0;  // Nodes added through aliases, over all documents.
    // Anchored nodes in the order their anchors were read, and each anchor
    // name's latest one: like yaml-cpp, an alias refers to the anchor last
    // read, even before its node is complete.
    std::vector<Anchored> anchored_;
    std::unordered_map<std::string_view, std::size_t> anchors_;
    // Work stacks for the entries and items of the collections being read,
    // so that each collection gets its vector allocated once, at its size.
    std::vector<Entry> entries_;
    std::vector<Node> items_;
};

}  // namespace dc::yaml_fast
