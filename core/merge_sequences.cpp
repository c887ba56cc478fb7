// The list-shaped parts of Compose's merge: list-or-mapping values merged as
// lists, and networks.*.ipam.config.
#include <algorithm>
#include <iterator>
#include <unordered_set>
#include <utility>

#include "core/merge_internal.h"
#include "core/normalize_text.h"

namespace dc::merge_detail {

std::string go_value_string(const Node& value) {
    if (value.is_sequence()) {
        std::string out = "[";
        for (std::size_t i = 0; i < value.items.size(); ++i) {
            if (i > 0) out += ' ';
            out += go_value_string(value.items[i]);
        }
        return out + "]";
    }
    if (value.is_mapping()) {
        std::vector<std::string> parts;
        parts.reserve(value.entries.size());
        for (const Entry& e : value.entries)
            parts.push_back(e.key + ":" + go_value_string(*e.value));
        std::sort(parts.begin(), parts.end());
        std::string out = "map[";
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i > 0) out += ' ';
            out += parts[i];
        }
        return out + "]";
    }
    return go_sprint(value);
}

std::vector<Node> to_sequence_items(const Node& value) {
    std::vector<Node> out;
    if (value.is_mapping()) {
        out.reserve(value.entries.size());
        for (const Entry& e : value.entries) {
            const Node& v = *e.value;
            if (is_reset(v)) continue;
            std::string item = v.is_null() ? e.key : e.key + "=" + go_value_string(v);
            out.push_back(Node::string(std::move(item), v.mark.line > 0 ? v.mark : e.key_mark));
        }
        std::sort(out.begin(), out.end(),
                  [](const Node& a, const Node& b) { return a.text < b.text; });
    } else if (value.is_sequence()) {
        out.reserve(value.items.size());
        for (const Node& item : value.items) {
            if (!is_reset(item)) out.push_back(item);
        }
    } else if (!value.is_null()) {
        out.push_back(value);
    }
    return out;
}

void merge_to_sequence(Node& base, const Node& override_value, ResetMarkers markers) {
    // Compose removes the override's !reset and !override keys from the base
    // before merging; that only finds them when the base is a mapping.
    std::unordered_set<std::string_view> tagged;
    if (override_value.is_mapping()) {
        for (const Entry& e : override_value.entries) {
            if (is_reset(*e.value) || is_override(*e.value)) tagged.insert(e.key);
        }
    }
    if (base.is_mapping() && !tagged.empty()) {
        std::erase_if(base.entries, [&](const Entry& e) { return tagged.count(e.key) > 0; });
    }
    if (markers == ResetMarkers::Keep && !tagged.empty() && (base.is_mapping() || base.is_null())) {
        // The tagged keys must still act on earlier files, which a list
        // cannot carry: the result stays a mapping.
        if (base.is_null()) base = Node::mapping(base.mark);
        for (const Entry& e : override_value.entries) base.set(e.key, *e.value, e.key_mark);
        return;
    }
    std::vector<Node> items = to_sequence_items(base);
    std::vector<Node> more = to_sequence_items(override_value);
    items.reserve(items.size() + more.size());
    std::move(more.begin(), more.end(), std::back_inserter(items));
    Node merged = Node::sequence(base.mark);
    merged.items = std::move(items);
    base = std::move(merged);
}

namespace {

// The subnet of an ipam config entry, or null when it has none (Go's nil).
const Node* subnet_of(const Node* config) {
    const Node* subnet = config->is_mapping() ? config->find("subnet") : nullptr;
    return subnet && !subnet->is_null() ? subnet : nullptr;
}

bool same_subnet(const Node* a, const Node* b) {
    if (!a || !b) return a == b;
    return a->kind == b->kind && a->text == b->text;
}

}  // namespace

// compose-go merges each override entry into each base entry in turn, keeping
// references to entries it later changes again; the result for anything but
// matching subnets in the same order is odd, but it is what Compose prints.
// An empty base list therefore drops the override's entries.
void merge_ipam_config(Node& base, const Node& override_value, const PathLink& path) {
    std::vector<Node> rights = std::move(base.items);
    std::vector<const Node*> configs;
    auto position = [&](const Node* subnet) -> std::ptrdiff_t {
        for (std::size_t i = 0; i < configs.size(); ++i) {
            if (same_subnet(subnet_of(configs[i]), subnet)) return static_cast<std::ptrdiff_t>(i);
        }
        return -1;
    };
    for (Node& right : rights) {
        for (const Node& left : override_value.items) {
            if (!same_subnet(subnet_of(&left), subnet_of(&right)) &&
                position(subnet_of(&left)) < 0) {
                configs.push_back(&left);
                continue;
            }
            merge_plain_mapping(right, left, path);
            std::ptrdiff_t at = position(subnet_of(&right));
            if (at >= 0) {
                configs[static_cast<std::size_t>(at)] = &right;
            } else {
                configs.push_back(&right);
            }
        }
    }
    Node merged = Node::sequence(base.mark);
    merged.items.reserve(configs.size());
    for (const Node* config : configs) merged.items.push_back(*config);
    base = std::move(merged);
}

}  // namespace dc::merge_detail
