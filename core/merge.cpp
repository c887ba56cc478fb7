// Merging compose documents: Compose's per-path rules (compose-go's
// override/merge.go), applied to trees that may still be in short syntax.
#include "core/merge.h"

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <utility>

#include "core/error.h"
#include "core/merge_internal.h"

namespace dc {

namespace {

using merge_detail::canonicalize_external;
using merge_detail::child_rule;
using merge_detail::is_extension_key;
using merge_detail::is_override;
using merge_detail::is_reset;
using merge_detail::list_to_mapping;
using merge_detail::ListForm;
using merge_detail::PathLink;
using merge_detail::Rule;
using merge_detail::same_scalar;

// Finds a mapping's entries by key: a hash index for big mappings (the
// services of a large project), a plain scan for small ones. Only the entries
// present at construction are indexed; the caller must not reallocate them.
class KeyIndex {
  public:
    explicit KeyIndex(const Node& mapping) : mapping_(mapping), count_(mapping.entries.size()) {
        if (count_ <= kScanLimit) return;
        index_.reserve(count_);
        for (std::size_t i = 0; i < count_; ++i) index_.emplace(mapping.entries[i].key, i);
    }

    // The entry's position, or -1.
    std::ptrdiff_t find(std::string_view key) const {
        if (count_ > kScanLimit) {
            auto it = index_.find(key);
            return it == index_.end() ? -1 : static_cast<std::ptrdiff_t>(it->second);
        }
        for (std::size_t i = 0; i < count_; ++i) {
            if (mapping_.entries[i].key == key) return static_cast<std::ptrdiff_t>(i);
        }
        return -1;
    }

  private:
    static constexpr std::size_t kScanLimit = 16;
    const Node& mapping_;
    std::size_t count_;
    std::unordered_map<std::string_view, std::size_t> index_;
};

[[noreturn]] void mismatch(const Node& base, const Node& over, const PathLink& path) {
    config_error(over.mark, path.str(),
                 "cannot override " + std::string(kind_name(base.kind)) + " with " +
                     std::string(kind_name(over.kind)));
}

class Merger {
  public:
    explicit Merger(ResetMarkers markers) : markers_(markers) {}

    void merge_value(Node& base, const Node& over, Rule rule, const PathLink& path);
    void merge_mapping(Node& base, const Node& over, Rule rule, const PathLink& path);

  private:
    void merge_generic(Node& base, const Node& over, Rule rule, const PathLink& path);
    void merge_as_mapping(Node& base, const Node& over, ListForm form, const PathLink& path);
    void merge_build(Node& base, const Node& over, const PathLink& path);
    void merge_logging(Node& base, const Node& over, const PathLink& path);

    ResetMarkers markers_;
};

void Merger::merge_mapping(Node& base, const Node& over, Rule rule, const PathLink& path) {
    base.entries.reserve(base.entries.size() + over.entries.size());
    KeyIndex index(base);
    std::vector<std::size_t> dropped;
    for (const Entry& e : over.entries) {
        const Node& value = *e.value;
        std::ptrdiff_t at = index.find(e.key);
        if (is_reset(value) && markers_ == ResetMarkers::Resolve) {
            if (at >= 0) dropped.push_back(static_cast<std::size_t>(at));
            continue;
        }
        Rule child = child_rule(rule, e.key);
        if (at < 0) {
            base.entries.push_back(Entry{e.key, e.key_mark, std::make_unique<Node>(value)});
        } else if (is_reset(value) || is_override(value) || is_extension_key(e.key) ||
                   child == Rule::Replace) {
            *base.entries[static_cast<std::size_t>(at)].value = value;
        } else {
            PathLink link{&path, e.key};
            merge_value(*base.entries[static_cast<std::size_t>(at)].value, value, child, link);
        }
    }
    if (dropped.empty()) return;
    std::sort(dropped.begin(), dropped.end());
    std::size_t next = 0;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < base.entries.size(); ++i) {
        if (next < dropped.size() && dropped[next] == i) {
            ++next;
            continue;
        }
        if (kept != i) base.entries[kept] = std::move(base.entries[i]);
        ++kept;
    }
    base.entries.resize(kept);
}

void Merger::merge_value(Node& base, const Node& over, Rule rule, const PathLink& path) {
    switch (rule) {
    case Rule::ToSequence: merge_detail::merge_to_sequence(base, over, markers_); return;
    case Rule::DependsOn: merge_as_mapping(base, over, ListForm::DependsOn, path); return;
    case Rule::ServiceNetworks: merge_as_mapping(base, over, ListForm::Networks, path); return;
    case Rule::Ssh:
        if (!over.is_null()) merge_as_mapping(base, over, ListForm::Ssh, path);
        return;
    case Rule::Build: merge_build(base, over, path); return;
    case Rule::Logging: merge_logging(base, over, path); return;
    case Rule::Network:
    case Rule::Volume:
    case Rule::Resource: canonicalize_external(base, path); break;
    case Rule::IpamConfig:
        if (base.is_sequence() && over.is_sequence()) {
            merge_detail::merge_ipam_config(base, over, path);
            return;
        }
        break;
    default: break;
    }
    merge_generic(base, over, rule, path);
}

void Merger::merge_generic(Node& base, const Node& over, Rule rule, const PathLink& path) {
    if (over.is_null()) return;  // A null override keeps the base value.
    if (base.is_mapping()) {
        if (!over.is_mapping()) mismatch(base, over, path);
        merge_mapping(base, over, rule, path);
    } else if (base.is_sequence()) {
        if (!over.is_sequence()) mismatch(base, over, path);
        base.items.reserve(base.items.size() + over.items.size());
        for (const Node& item : over.items) {
            if (!is_reset(item)) base.items.push_back(item);
        }
    } else {
        base = over;
    }
}

// depends_on, networks and build.ssh: both sides as mappings, then merged
// key by key.
void Merger::merge_as_mapping(Node& base, const Node& over, ListForm form, const PathLink& path) {
    if (base.is_sequence()) base = list_to_mapping(base, form);
    if (base.is_null()) base = Node::mapping(base.mark);
    if (over.is_null()) return;
    if (over.is_sequence()) {
        merge_mapping(base, list_to_mapping(over, form), Rule::Generic, path);
    } else {
        merge_generic(base, over, Rule::Generic, path);
    }
}

void Merger::merge_build(Node& base, const Node& over, const PathLink& path) {
    auto as_mapping = [](const Node& build) {
        Node out = Node::mapping(build.mark);
        out.set("context", build, build.mark);
        return out;
    };
    if (base.is_scalar() && !base.is_null()) base = as_mapping(base);
    if (over.is_scalar() && !over.is_null()) {
        merge_generic(base, as_mapping(over), Rule::Build, path);
    } else {
        merge_generic(base, over, Rule::Build, path);
    }
}

// Logging options are merged only when both sides name the same driver (or
// either names none); otherwise the override replaces the whole block.
void Merger::merge_logging(Node& base, const Node& over, const PathLink& path) {
    if (base.is_mapping() && over.is_mapping()) {
        const Node* base_driver = base.find("driver");
        const Node* over_driver = over.find("driver");
        if (base_driver && over_driver && !same_scalar(*base_driver, *over_driver)) {
            base = over;
            return;
        }
    }
    merge_generic(base, over, Rule::Generic, path);
}

void clear_reset_tags(Node& node) {
    if (is_override(node)) node.tag.clear();
    if (node.is_mapping()) {
        std::erase_if(node.entries, [](const Entry& e) { return is_reset(*e.value); });
        for (Entry& e : node.entries) clear_reset_tags(*e.value);
    } else if (node.is_sequence()) {
        std::erase_if(node.items, [](const Node& item) { return is_reset(item); });
        for (Node& item : node.items) clear_reset_tags(item);
    }
}

}  // namespace

namespace merge_detail {

void merge_plain_mapping(Node& base, const Node& override_value, const PathLink& path) {
    Merger(ResetMarkers::Resolve).merge_value(base, override_value, Rule::Generic, path);
}

}  // namespace merge_detail

void merge_documents(Node& base, const Node& override_doc) {
    // Tags left in the base are its own file's: they have acted already.
    apply_reset_tags(base);
    if (base.is_mapping() && override_doc.is_mapping()) {
        PathLink root;
        Merger(ResetMarkers::Resolve).merge_mapping(base, override_doc, Rule::Document, root);
    } else if (!override_doc.is_null()) {
        base = override_doc;
    }
    apply_reset_tags(base);
    enforce_unicity(base);
}

void merge_service(Node& base, const Node& override_service) {
    merge_service(base, override_service, ResetMarkers::Resolve, "service");
}

void merge_service(Node& base, const Node& override_service, ResetMarkers markers,
                   std::string_view path) {
    PathLink root{nullptr, path};
    Merger(markers).merge_value(base, override_service, Rule::Service, root);
    if (markers == ResetMarkers::Resolve) {
        apply_reset_tags(base);
        if (base.is_mapping()) merge_detail::enforce_service_unicity(base, root);
    }
}

void apply_reset_tags(Node& document) {
    if (is_reset(document)) {
        document = Node::null(document.mark);
        return;
    }
    clear_reset_tags(document);
}

}  // namespace dc
