// Node making for the fast YAML reader: scalar kinds and explicit tags,
// anchors and aliases with yaml-cpp's size guard, nesting depth, merge keys
// and duplicate keys, all as core/yaml_reader.cpp's TreeBuilder does them.
// Where TreeBuilder raises an error, the fast reader declines instead and
// lets the yaml-cpp path raise it.
#include <algorithm>
#include <iterator>
#include <unordered_set>
#include <utility>

#include "core/yaml_fast_parser.h"
#include "core/yaml_reader.h"

namespace dc::yaml_fast {

namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

bool is_core_tag(std::string_view tag) {
    return tag.substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix;
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Gives a scalar the kind an explicit tag asks for.
void apply_tag(Node& n, std::string_view tag) {
    if (!is_core_tag(tag)) {
        n.tag = std::string(tag);
        n.kind = resolve_plain_scalar(n.text);
    } else if (!apply_core_tag(n, tag.substr(kCoreTagPrefix.size()))) {
        decline();
    }
    if (n.kind == NodeKind::Null) n.text.clear();
}

// Applies merge keys ("<<: *base", "<<: [*a, *b]"): keys written in the
// mapping win over merged ones, and among merged mappings the first wins.
void apply_merge_keys(std::vector<Entry>& entries) {
    std::size_t merges = 0;
    for (const Entry& e : entries) merges += e.key == "<<";
    if (merges == 0) return;
    std::vector<Node*> sources;
    std::size_t total = entries.size() - merges;
    for (Entry& e : entries) {
        if (e.key != "<<") continue;
        if (e.value->is_mapping()) {
            sources.push_back(e.value.get());
        } else if (e.value->is_sequence()) {
            for (Node& item : e.value->items) {
                if (!item.is_mapping()) decline();
                sources.push_back(&item);
            }
        } else {
            decline();
        }
    }
    for (const Node* source : sources) total += source->entries.size();
    std::vector<Entry> merged;
    merged.reserve(total);
    for (Entry& e : entries) {
        if (e.key != "<<") merged.push_back(std::move(e));
    }
    for (Node* source : sources) {
        for (Entry& e : source->entries) {
            auto same_key = [&e](const Entry& m) { return m.key == e.key; };
            if (std::none_of(merged.begin(), merged.end(), same_key)) {
                merged.push_back(std::move(e));
            }
        }
    }
    entries = std::move(merged);
}

void check_duplicate_keys(const std::vector<Entry>& entries) {
    if (entries.size() < 2) return;
    if (entries.size() <= 16) {
        for (std::size_t i = 1; i < entries.size(); ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (entries[i].key == entries[j].key) decline();
            }
        }
        return;
    }
    std::unordered_set<std::string_view> seen;
    seen.reserve(entries.size());
    for (const Entry& e : entries) {
        if (!seen.insert(e.key).second) decline();
    }
}

}  // namespace

Node Parser::make_scalar(std::string text, ScalarStyle style, const Properties& props,
                         const Position& start) {
    ++nodes_;
    Node n;
    n.mark = mark_at(props.present ? props.start : start);
    n.text = std::move(text);
    if (!props.tag.empty()) {
        apply_tag(n, props.tag);
    } else if (style == ScalarStyle::Quoted) {
        n.kind = NodeKind::String;
        n.quoted = true;
    } else {
        n.kind = resolve_plain_scalar(n.text);
        if (n.kind == NodeKind::Null) n.text.clear();
    }
    return n;
}

// Reads an anchor and a tag, in either order, each followed by blanks (in
// flow context, by anything up to the next token).
Properties Parser::read_properties(Context context) {
    Properties props;
    props.present = true;
    props.start = here();
    bool has_anchor = false;
    for (;;) {
        if (peek() == '&') {
            if (has_anchor) decline();
            has_anchor = true;
            props.anchor = read_anchor_name(context);
            props.anchor_slot = anchored_.size();
            anchored_.emplace_back();
            anchors_[props.anchor] = props.anchor_slot;
        } else if (peek() == '!') {
            if (!props.tag.empty()) decline();
            props.tag = read_tag();
        } else {
            break;
        }
        if (context == Context::Flow) {
            skip_in_flow();
        } else {
            skip_blanks();
        }
    }
    return props;
}

// Reads the name after '&' or '*': yaml-cpp takes everything up to a blank,
// line break or one of "[]{},".
std::string_view Parser::read_anchor_name(Context context) {
    const std::size_t start = ++pos_;
    for (; pos_ < text_.size(); ++pos_) {
        char c = text_[pos_];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '[' || c == ']' || c == '{' ||
            c == '}' || c == ',') {
            break;
        }
    }
    if (pos_ == start) decline();
    char next = peek();
    bool ends_entry = next == ',' || next == ']' || next == '}';
    if (!separated_at(0) && !(context == Context::Flow && ends_entry)) decline();
    return text_.substr(start, pos_ - start);
}

// Reads "!name" or "!!name" (a YAML core tag); other tag forms go to yaml-cpp.
std::string Parser::read_tag() {
    ++pos_;
    const bool core = peek() == '!';
    if (core) ++pos_;
    const std::size_t start = pos_;
    while (is_word_char(peek())) ++pos_;
    if (pos_ == start || !separated_at(0)) decline();
    std::string_view name = text_.substr(start, pos_ - start);
    return (core ? std::string(kCoreTagPrefix) : std::string("!")) + std::string(name);
}

// Gives a node the mark and tag of its properties and records its anchor.
Node Parser::finish_node(Node node, const Properties& props, std::size_t first_count) {
    if (node.is_sequence() || node.is_mapping()) {
        node.mark = mark_at(props.start);
        if (!props.tag.empty() && !is_core_tag(props.tag)) node.tag = props.tag;
    }
    if (!props.anchor.empty()) {
        Anchored& slot = anchored_[props.anchor_slot];
        slot.node = std::make_unique<Node>(node);
        slot.size = nodes_ - first_count;
    }
    return node;
}

// Reads "*name": a copy of the anchored node, charged its full size first.
Node Parser::read_alias(Context context) {
    std::string_view name = read_anchor_name(context);
    auto it = anchors_.find(name);
    if (it == anchors_.end()) decline();
    const Anchored& anchored = anchored_[it->second];
    // An alias inside its own anchored node is an error in core/yaml_reader.cpp.
    if (!anchored.node) decline();
    expanded_ += anchored.size;
    if (expanded_ > limits_.max_nodes) decline();
    nodes_ += anchored.size;
    return Node(*anchored.node);
}

void Parser::open_collection() {
    if (depth_ >= depth_limit_) decline();
    ++depth_;
    ++nodes_;
}

// Moves the entries read since `first` off the work stack into `map`.
void Parser::close_mapping(Node& map, std::size_t first) {
    --depth_;
    map.entries.reserve(entries_.size() - first);
    std::move(entries_.begin() + static_cast<std::ptrdiff_t>(first), entries_.end(),
              std::back_inserter(map.entries));
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(first), entries_.end());
    apply_merge_keys(map.entries);
    check_duplicate_keys(map.entries);
}

// Moves the items read since `first` off the work stack into `seq`.
void Parser::close_sequence(Node& seq, std::size_t first) {
    --depth_;
    seq.items.reserve(items_.size() - first);
    std::move(items_.begin() + static_cast<std::ptrdiff_t>(first), items_.end(),
              std::back_inserter(seq.items));
    items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(first), items_.end());
}

void Parser::add_entry(Key&& key, Node&& value) {
    ++nodes_;
    std::string_view k = key.text;
    bool null_key =
        key.style == ScalarStyle::Plain && (k == "~" || k == "null" || k == "Null" || k == "NULL");
    if (null_key) key.text = "null";
    entries_.emplace_back(std::move(key.text), mark_at(key.start),
                          std::make_unique<Node>(std::move(value)));
}

// yaml-cpp drops a simple key whose ':' is more than 1024 bytes after its start.
void Parser::check_key_length(const Position& start) const {
    if (pos_ - start.offset > 1000) decline();
}

}  // namespace dc::yaml_fast
