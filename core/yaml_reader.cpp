#include "core/yaml_reader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "core/error.h"
#include "core/yaml_fast.h"

namespace dc {

namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

// Builds Node trees from yaml-cpp's parse events. Anchored values are kept
// with their subtree size, so that an alias is charged its full expanded size
// before it is copied: an alias bomb fails fast instead of exhausting memory.
class TreeBuilder : public YAML::EventHandler {
  public:
    TreeBuilder(std::shared_ptr<const std::string> file, const YamlReadLimits& limits)
        : file_(std::move(file)), limits_(limits) {}

    std::vector<Node> take_documents() { return std::move(documents_); }

    void OnDocumentStart(const YAML::Mark&) override {
        stack_.clear();
        anchors_.clear();
        have_root_ = false;
    }

    void OnDocumentEnd() override {
        documents_.push_back(have_root_ ? std::move(root_) : Node::null());
        have_root_ = false;
    }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        Node n = Node::null(to_mark(mark));
        finish(std::move(n), anchor, 1);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto it = anchors_.find(anchor);
        if (it == anchors_.end()) fail(mark, "unknown alias");
        expanded_ += it->second.size;
        if (expanded_ > limits_.max_nodes) {
            fail(mark, "document expands to too many nodes through aliases (an alias bomb?)");
        }
        finish(Node(it->second.node), 0, it->second.size);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        Node n;
        n.mark = to_mark(mark);
        n.text = value;
        if (tag == "?") {
            n.kind = resolve_plain_scalar(value);
            if (n.kind == NodeKind::Null) n.text.clear();
        } else if (tag == "!") {
            n.kind = NodeKind::String;
            n.quoted = true;
        } else {
            apply_explicit_tag(n, tag, mark);
        }
        finish(std::move(n), anchor, 1);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        push(Node::sequence(to_mark(mark)), tag, anchor, mark);
    }

    void OnSequenceEnd() override { pop(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        push(Node::mapping(to_mark(mark)), tag, anchor, mark);
    }

    void OnMapEnd() override {
        Frame& f = stack_.back();
        apply_merge_keys(f.node);
        check_duplicate_keys(f.node);
        pop();
    }

  private:
    struct Frame {
        Node node;
        YAML::anchor_t anchor = 0;
        std::size_t size = 1;
        bool expecting_key = true;
        std::string key;
        Mark key_mark;
    };

    struct Anchored {
        Node node;
        std::size_t size = 1;
    };

    Mark to_mark(const YAML::Mark& m) const {
        return Mark{file_, m.line + 1, m.column + 1};
    }

    [[noreturn]] void fail(const YAML::Mark& m, std::string_view message) const {
        config_error(to_mark(m), {}, message);
    }

    void apply_explicit_tag(Node& n, const std::string& tag, const YAML::Mark& mark) {
        if (tag.rfind(kCoreTagPrefix, 0) != 0) {
            n.tag = tag;
            n.kind = resolve_plain_scalar(n.text);
            if (n.kind == NodeKind::Null) n.text.clear();
            return;
        }
        std::string_view type = std::string_view(tag).substr(kCoreTagPrefix.size());
        if (!apply_core_tag(n, type)) {
            fail(mark, "cannot decode \"" + n.text + "\" as !!" + std::string(type));
        }
    }

    void push(Node node, const std::string& tag, YAML::anchor_t anchor, const YAML::Mark& mark) {
        if (stack_.size() >= limits_.max_depth) fail(mark, "document nested too deeply");
        if (tag != "?" && tag != "!" && tag.rfind(kCoreTagPrefix, 0) != 0) node.tag = tag;
        Frame frame;
        frame.node = std::move(node);
        frame.anchor = anchor;
        stack_.push_back(std::move(frame));
    }

    void pop() {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        finish(std::move(f.node), f.anchor, f.size);
    }

    // Hands a complete node to its parent (or makes it the document root).
    void finish(Node node, YAML::anchor_t anchor, std::size_t size) {
        if (anchor != 0) anchors_[anchor] = Anchored{node, size};
        if (stack_.empty()) {
            root_ = std::move(node);
            have_root_ = true;
            return;
        }
        Frame& parent = stack_.back();
        parent.size += size;
        if (parent.node.is_sequence()) {
            parent.node.items.push_back(std::move(node));
        } else if (parent.expecting_key) {
            if (!node.is_scalar()) {
                config_error(node.mark, {}, "mapping keys must be scalars");
            }
            parent.key = node.is_null() && !node.quoted ? "null" : node.text;
            parent.key_mark = node.mark;
            parent.expecting_key = false;
        } else {
            parent.node.entries.push_back(Entry{std::move(parent.key), parent.key_mark,
                                                std::make_unique<Node>(std::move(node))});
            parent.expecting_key = true;
        }
    }

    // Applies YAML merge keys: `<<: *base` or `<<: [*a, *b]`. Keys written in
    // the mapping win over merged ones; among merged mappings the first wins.
    static void apply_merge_keys(Node& map) {
        bool has_merge = false;
        for (const Entry& e : map.entries) has_merge |= e.key == "<<";
        if (!has_merge) return;
        std::vector<Entry> own;
        std::vector<Node> sources;
        for (Entry& e : map.entries) {
            if (e.key != "<<") {
                own.push_back(std::move(e));
            } else if (e.value->is_mapping()) {
                sources.push_back(std::move(*e.value));
            } else if (e.value->is_sequence()) {
                for (Node& item : e.value->items) {
                    if (!item.is_mapping()) {
                        config_error(item.mark, {}, "merge key \"<<\" needs mappings");
                    }
                    sources.push_back(std::move(item));
                }
            } else {
                config_error(e.value->mark, {}, "merge key \"<<\" needs a mapping or a list of mappings");
            }
        }
        map.entries = std::move(own);
        for (Node& source : sources) {
            for (Entry& e : source.entries) {
                if (!map.find_entry(e.key)) map.entries.push_back(std::move(e));
            }
        }
    }

    static void check_duplicate_keys(const Node& map) {
        if (map.entries.size() < 2) return;
        std::unordered_map<std::string_view, const Entry*> seen;
        seen.reserve(map.entries.size());
        for (const Entry& e : map.entries) {
            auto [it, inserted] = seen.emplace(e.key, &e);
            if (!inserted) {
                config_error(e.key_mark, {},
                             "mapping key \"" + e.key + "\" already defined at line " +
                                 std::to_string(it->second->key_mark.line));
            }
        }
    }

    std::shared_ptr<const std::string> file_;
    YamlReadLimits limits_;
    std::vector<Frame> stack_;
    std::unordered_map<YAML::anchor_t, Anchored> anchors_;
    std::vector<Node> documents_;
    Node root_;
    bool have_root_ = false;
    std::size_t expanded_ = 0;
};

// The complete reader, for whatever the fast one declines; it also produces
// every error message for malformed YAML.
std::vector<Node> read_with_yaml_cpp(const std::string& text,
                                     const std::shared_ptr<const std::string>& file,
                                     const YamlReadLimits& limits) {
    std::istringstream in(text);
    TreeBuilder builder(file, limits);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(builder)) {
        }
    } catch (const YAML::Exception& e) {
        Mark mark{file, e.mark.line + 1, e.mark.column + 1};
        config_error(mark, {}, e.msg);
    }
    return builder.take_documents();
}

}  // namespace

bool apply_core_tag(Node& n, std::string_view type) {
    NodeKind plain = resolve_plain_scalar(n.text);
    if (type == "str") {
        n.kind = NodeKind::String;
        n.quoted = true;
    } else if (type == "int" && plain == NodeKind::Int) {
        n.kind = NodeKind::Int;
    } else if (type == "float" && (plain == NodeKind::Float || plain == NodeKind::Int)) {
        n.kind = NodeKind::Float;
    } else if (type == "bool" && plain == NodeKind::Bool) {
        n.kind = NodeKind::Bool;
    } else if (type == "null" && plain == NodeKind::Null) {
        n.kind = NodeKind::Null;
        n.text.clear();
    } else {
        return false;
    }
    return true;
}

std::vector<Node> read_yaml_documents(const std::string& text, const std::string& file_name,
                                      const YamlReadLimits& limits) {
    auto file = std::make_shared<const std::string>(file_name);
    if (std::optional<std::vector<Node>> documents = read_yaml_fast(text, file, limits)) {
        return std::move(*documents);
    }
    return read_with_yaml_cpp(text, file, limits);
}

std::vector<Node> read_yaml_documents_slow(const std::string& text, const std::string& file_name,
                                           const YamlReadLimits& limits) {
    return read_with_yaml_cpp(text, std::make_shared<const std::string>(file_name), limits);
}

Node read_yaml(const std::string& text, const std::string& file_name,
               const YamlReadLimits& limits) {
    std::vector<Node> docs = read_yaml_documents(text, file_name, limits);
    if (docs.empty()) return Node::null(Mark{std::make_shared<const std::string>(file_name)});
    return std::move(docs.front());
}

std::vector<Node> read_yaml_file(const std::string& path, const std::string& display_name) {
    std::ifstream in(path, std::ios::binary);
    if (!in) config_error(display_name + ": cannot read file: " + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return read_yaml_documents(buffer.str(), display_name);
}

}  // namespace dc
