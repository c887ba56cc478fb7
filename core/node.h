// The document tree every loader stage works on: YAML values that remember
// where they came from, so that any later stage can name file, line and column.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dc {

// A position in a source file. Lines and columns count from 1; line 0 means
// "not from a file" (a value the loader made up).
struct Mark {
    std::shared_ptr<const std::string> file;
    int line = 0;
    int column = 0;

    // "compose.yaml:12:7", or just the file name when there is no line.
    std::string str() const;
    const std::string& file_name() const;
};

enum class NodeKind { Null, Bool, Int, Float, String, Sequence, Mapping };

struct Node;

struct Entry {
    std::string key;
    Mark key_mark;
    std::unique_ptr<Node> value;  // Never null.
};

// One YAML value. Scalars keep the text as written (for a quoted scalar, the
// unquoted content) and the kind YAML 1.2's core schema resolves it to.
struct Node {
    NodeKind kind = NodeKind::Null;
    std::string text;  // Scalar text; empty for null and collections.
    bool quoted = false;  // Written in quotes or as a block scalar.
    std::string tag;  // "!reset", "!override" or another explicit tag; else empty.
    Mark mark;
    std::vector<Node> items;  // Sequence items.
    std::vector<Entry> entries;  // Mapping entries, in source order.

    Node() = default;
    Node(const Node& other);
    Node& operator=(const Node& other);
    Node(Node&&) noexcept = default;
    Node& operator=(Node&&) noexcept = default;

    static Node null(Mark mark = {});
    static Node string(std::string text, Mark mark = {});
    static Node boolean(bool value, Mark mark = {});
    static Node integer(long long value, Mark mark = {});
    static Node sequence(Mark mark = {});
    static Node mapping(Mark mark = {});

    bool is_null() const { return kind == NodeKind::Null; }
    bool is_scalar() const;
    bool is_sequence() const { return kind == NodeKind::Sequence; }
    bool is_mapping() const { return kind == NodeKind::Mapping; }

    // Mapping access. find() returns nullptr when the key is absent.
    const Node* find(std::string_view key) const;
    Node* find(std::string_view key);
    const Entry* find_entry(std::string_view key) const;
    Entry* find_entry(std::string_view key);
    // Sets key to value, replacing an existing entry in place or appending.
    Node& set(std::string_view key, Node value, Mark key_mark = {});
    bool erase(std::string_view key);

    bool as_bool() const;  // For Bool nodes.
    long long as_int() const;  // For Int nodes (decimal, 0x, 0o forms).
    double as_float() const;  // For Float and Int nodes.

    // Re-resolves a scalar's kind from its text as a plain YAML 1.2 scalar
    // would be (used after interpolation). Sets quoted = false.
    void resolve_plain();
};

// The YAML 1.2 core-schema kind of a plain (unquoted) scalar.
NodeKind resolve_plain_scalar(std::string_view text);

// Human name of a kind for error messages: "a string", "a mapping", ...
std::string_view kind_name(NodeKind kind);

// Extends a dotted error path: path_join("services", "web") == "services.web",
// path_index("services.web.ports", 0) == "services.web.ports[0]".
std::string path_join(std::string_view path, std::string_view key);
std::string path_index(std::string_view path, std::size_t index);

}  // namespace dc
