// The fast YAML reader's entry point: the checks on the whole text, the
// stream of documents (directives, "---" and "..." markers) and the cursor
// moves between tokens that the other core/yaml_fast_*.cpp files share.
#include "core/yaml_fast.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

#include "core/yaml_fast_parser.h"

namespace dc {

namespace yaml_fast {

namespace {

// Far below yaml-cpp's own nesting guard (500 nodes deep), and shallow enough
// for this parser's recursion.
constexpr std::size_t kMaxDepth = 100;

// Whether one of the eight bytes of `word` is below 0x20 or is 0x7F (exact
// for the word as a whole; see "hasless" in Bit Twiddling Hacks).
bool has_control_byte(std::uint64_t word) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
    std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighs;
    std::uint64_t del = word ^ (kOnes * 0x7F);
    std::uint64_t is_del = (del - kOnes) & ~del & kHighs;
    return (below_space | is_del) != 0;
}

bool allowed_control(std::string_view text, std::size_t i) {
    char c = text[i];
    return c == '\n' || c == '\t' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
}

// Strips a UTF-8 byte order mark. Refuses texts that yaml-cpp would read as
// UTF-16 or UTF-32 or treats specially: control characters (it takes byte 4
// for the end of its input) and carriage returns outside a CRLF pair.
bool usable_text(std::string_view& text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    } else if (!text.empty()) {
        auto first = static_cast<unsigned char>(text[0]);
        if (first == 0xEF || first == 0xFE || first == 0xFF) return false;
    }
    const std::size_t size = text.size();
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, sizeof word);
        if (!has_control_byte(word)) continue;
        for (std::size_t j = i; j < i + 8; ++j) {
            auto c = static_cast<unsigned char>(text[j]);
            if ((c < 0x20 || c == 0x7F) && !allowed_control(text, j)) return false;
        }
    }
    for (; i < size; ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 || c == 0x7F) && !allowed_control(text, i)) return false;
    }
    return true;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

Parser::Parser(std::string_view text, std::shared_ptr<const std::string> file,
               const YamlReadLimits& limits)
    : text_(text),
      file_(std::move(file)),
      limits_(limits),
      depth_limit_(std::min(limits.max_depth, kMaxDepth)) {}

std::vector<Node> Parser::read_stream() {
    std::vector<Node> documents;
    read_directives();
    for (;;) {
        skip_to_token();
        if (at_end()) break;
        documents.push_back(read_document());
        skip_document_ends();
    }
    return documents;
}

void Parser::take_break() {
    pos_ += text_[pos_] == '\r' ? 2 : 1;
    ++line_;
    line_start_ = pos_;
}

// Moves over spaces and tabs; returns whether there was a tab among them.
bool Parser::skip_blanks() {
    bool tab = false;
    for (; pos_ < text_.size(); ++pos_) {
        char c = text_[pos_];
        if (c == '\t') {
            tab = true;
        } else if (c != ' ') {
            break;
        }
    }
    return tab;
}

// Moves over blanks, comments and line breaks to the next token, as yaml-cpp's
// scanner does: a '#' where a token could start opens a comment.
void Parser::skip_to_token(Directives directives) {
    for (;;) {
        skip_blanks();
        if (peek() == '#') {
            while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
        }
        if (!at_break()) break;
        take_break();
    }
    // yaml-cpp reads a '%' in column 0 as a directive, even inside a document.
    if (directives == Directives::Refuse && column() == 0 && peek() == '%') decline();
}

// Moves over blanks and a comment; returns whether the line ends there.
bool Parser::line_rest_empty() {
    skip_blanks();
    if (peek() == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
    }
    return at_end() || at_break();
}

bool Parser::at_document_marker() const {
    if (pos_ != line_start_ || pos_ + 3 > text_.size()) return false;
    std::string_view head = text_.substr(pos_, 3);
    return (head == "---" || head == "...") && separated_at(3);
}

LineStart Parser::line_start() const {
    LineStart result = LineStart::Indented;
    for (std::size_t i = line_start_; i < pos_; ++i) {
        if (text_[i] == '\t') {
            result = LineStart::IndentedWithTab;
        } else if (text_[i] != ' ') {
            return LineStart::AfterContent;
        }
    }
    return result;
}

// Accepts one "%YAML 1.x" directive before the first document, which then
// has to start with "---"; any other directive goes to yaml-cpp.
void Parser::read_directives() {
    skip_to_token(Directives::Allow);
    if (column() != 0 || peek() != '%') return;
    if (text_.substr(pos_, 5) != "%YAML" || (peek(5) != ' ' && peek(5) != '\t')) decline();
    pos_ += 5;
    skip_blanks();
    if (peek() != '1' || peek(1) != '.' || !is_digit(peek(2))) decline();
    pos_ += 2;
    while (is_digit(peek())) ++pos_;
    if (!separated_at(0) || !line_rest_empty()) decline();
    skip_to_token(Directives::Allow);
    if (!at_document_marker() || peek() != '-') decline();
}

Node Parser::read_document() {
    anchors_.clear();
    anchored_.clear();
    if (at_document_marker() && peek() == '-') {
        pos_ += 3;
        if (!line_rest_empty()) decline();
        skip_to_token();
    }
    if (at_end()) return Node::null(token_mark());
    if (at_document_marker()) return Node::null(mark_here());
    if (line_start() != LineStart::Indented) decline();
    Node root = block_node(-1, KeyAllowed::Yes, Parent::Root);
    // Anything but the end of the text or a document marker after the root
    // would start another document in yaml-cpp, or be an error.
    if (next_block_token() >= 0) decline();
    return root;
}

void Parser::skip_document_ends() {
    for (;;) {
        skip_to_token();
        if (!at_document_marker() || peek() != '.') return;
        pos_ += 3;
        if (!line_rest_empty()) decline();
    }
}

}  // namespace yaml_fast

std::optional<std::vector<Node>> read_yaml_fast(std::string_view text,
                                                const std::shared_ptr<const std::string>& file,
                                                const YamlReadLimits& limits) {
    if (!yaml_fast::usable_text(text)) return std::nullopt;
    try {
        yaml_fast::Parser parser(text, file, limits);
        return parser.read_stream();
    } catch (const yaml_fast::Decline&) {
        return std::nullopt;
    }
}

}  // namespace dc
