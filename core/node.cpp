#include "core/node.h"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace dc {

namespace {

const std::string& empty_string() {
    static const std::string empty;
    return empty;
}

bool is_decimal_int(std::string_view s) {
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

bool all_of_base(std::string_view s, int base) {
    if (s.empty()) return false;
    for (char c : s) {
        bool ok = base == 8 ? (c >= '0' && c <= '7')
                            : ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                               (c >= 'A' && c <= 'F'));
        if (!ok) return false;
    }
    return true;
}

bool is_float(std::string_view s) {
    if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" ||
        s == "+.INF" || s == "-.inf" || s == "-.Inf" || s == "-.INF" || s == ".nan" ||
        s == ".NaN" || s == ".NAN") {
        return true;
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        std::size_t exp_digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
        if (exp_digits == 0) return false;
    }
    return i == s.size();
}

}  // namespace

std::string Mark::str() const {
    if (!file) return {};
    if (line <= 0) return *file;
    return *file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const std::string& Mark::file_name() const { return file ? *file : empty_string(); }

Node::Node(const Node& other)
    : kind(other.kind),
      text(other.text),
      quoted(other.quoted),
      tag(other.tag),
      mark(other.mark),
      items(other.items) {
    entries.reserve(other.entries.size());
    for (const Entry& e : other.entries) {
        entries.push_back(Entry{e.key, e.key_mark, std::make_unique<Node>(*e.value)});
    }
}

Node& Node::operator=(const Node& other) {
    if (this != &other) {
        Node copy(other);
        *this = std::move(copy);
    }
    return *this;
}

Node Node::null(Mark mark) {
    Node n;
    n.mark = std::move(mark);
    return n;
}

Node Node::string(std::string text, Mark mark) {
    Node n;
    n.kind = NodeKind::String;
    n.text = std::move(text);
    n.quoted = true;
    n.mark = std::move(mark);
    return n;
}

Node Node::boolean(bool value, Mark mark) {
    Node n;
    n.kind = NodeKind::Bool;
    n.text = value ? "true" : "false";
    n.mark = std::move(mark);
    return n;
}

Node Node::integer(long long value, Mark mark) {
    Node n;
    n.kind = NodeKind::Int;
    n.text = std::to_string(value);
    n.mark = std::move(mark);
    return n;
}

Node Node::sequence(Mark mark) {
    Node n;
    n.kind = NodeKind::Sequence;
    n.mark = std::move(mark);
    return n;
}

Node Node::mapping(Mark mark) {
    Node n;
    n.kind = NodeKind::Mapping;
    n.mark = std::move(mark);
    return n;
}

bool Node::is_scalar() const {
    return kind != NodeKind::Sequence && kind != NodeKind::Mapping;
}

const Entry* Node::find_entry(std::string_view key) const {
    for (const Entry& e : entries) {
        if (e.key == key) return &e;
    }
    return nullptr;
}

Entry* Node::find_entry(std::string_view key) {
    for (Entry& e : entries) {
        if (e.key == key) return &e;
    }
    return nullptr;
}

const Node* Node::find(std::string_view key) const {
    const Entry* e = find_entry(key);
    return e ? e->value.get() : nullptr;
}

Node* Node::find(std::string_view key) {
    Entry* e = find_entry(key);
    return e ? e->value.get() : nullptr;
}

Node& Node::set(std::string_view key, Node value, Mark key_mark) {
    if (Entry* e = find_entry(key)) {
        *e->value = std::move(value);
        return *e->value;
    }
    entries.push_back(Entry{std::string(key), std::move(key_mark),
                            std::make_unique<Node>(std::move(value))});
    return *entries.back().value;
}

bool Node::erase(std::string_view key) {
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        if (it->key == key) {
            entries.erase(it);
            return true;
        }
    }
    return false;
}

bool Node::as_bool() const {
    return text == "true" || text == "True" || text == "TRUE";
}

long long Node::as_int() const {
    std::string_view s = text;
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    // Go's YAML decoder reads integers with ParseInt(text, 0): 0x hex, 0o or
    // a leading 0 octal ("0440" is 288, as in file modes), 0b binary.
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
        base = 8;
        s.remove_prefix(2);
    } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        base = 2;
        s.remove_prefix(2);
    } else if (s.size() > 1 && s[0] == '0') {
        base = 8;
        s.remove_prefix(1);
    }
    long long value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
    if (ec != std::errc() || ptr != s.data() + s.size()) {
        throw std::out_of_range("not an integer: " + text);
    }
    return negative ? -value : value;
}

double Node::as_float() const {
    if (kind == NodeKind::Int) return static_cast<double>(as_int());
    return std::strtod(text.c_str(), nullptr);
}

void Node::resolve_plain() {
    if (!is_scalar()) return;
    quoted = false;
    kind = resolve_plain_scalar(text);
    if (kind == NodeKind::Null) text.clear();
}

NodeKind resolve_plain_scalar(std::string_view s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return NodeKind::Null;
    if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" ||
        s == "FALSE") {
        return NodeKind::Bool;
    }
    char c = s[0];
    bool maybe_number = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
    if (!maybe_number) return NodeKind::String;
    if (is_decimal_int(s)) {
        // A leading zero makes Go read octal; "08" is then a float.
        std::string_view digits = (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
        if (digits.size() > 1 && digits[0] == '0' && !all_of_base(digits, 8)) return NodeKind::Float;
        return NodeKind::Int;
    }
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B') &&
        s.substr(2).find_first_not_of("01") == std::string_view::npos) {
        return NodeKind::Int;
    }
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
        all_of_base(s.substr(2), 16)) {
        return NodeKind::Int;
    }
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O') &&
        all_of_base(s.substr(2), 8)) {
        return NodeKind::Int;
    }
    if (is_float(s)) return NodeKind::Float;
    return NodeKind::String;
}

std::string_view kind_name(NodeKind kind) {
    switch (kind) {
    case NodeKind::Null: return "null";
    case NodeKind::Bool: return "a boolean";
    case NodeKind::Int: return "an integer";
    case NodeKind::Float: return "a number";
    case NodeKind::String: return "a string";
    case NodeKind::Sequence: return "a list";
    case NodeKind::Mapping: return "a mapping";
    }
    return "a value";
}

std::string path_join(std::string_view path, std::string_view key) {
    std::string out;
    out.reserve(path.size() + key.size() + 1);
    out.append(path);
    if (!path.empty()) out.push_back('.');
    out.append(key);
    return out;
}

std::string path_index(std::string_view path, std::size_t index) {
    std::string out(path);
    out.push_back('[');
    out.append(std::to_string(index));
    out.push_back(']');
    return out;
}

}  // namespace dc
