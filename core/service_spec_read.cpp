// Reading canonical service nodes: the loader has already typed every attribute (numbers as Int
// or Float nodes, sizes as decimal strings, durations as Go duration strings), so these readers
// only convert.
#include "core/normalize_text.h"
#include "core/service_spec_internal.h"

namespace dc {

namespace {

const Node* present(const Node& node, std::string_view key) {
    const Node* value = node.is_mapping() ? node.find(key) : nullptr;
    return value == nullptr || value->is_null() ? nullptr : value;
}

}  // namespace

std::string text_of(const Node& node, std::string_view key) {
    const Node* value = present(node, key);
    return value && value->is_scalar() ? value->text : std::string();
}

std::vector<std::string> strings_of(const Node& node, std::string_view key) {
    std::vector<std::string> out;
    const Node* value = present(node, key);
    if (value == nullptr) return out;
    if (value->is_scalar()) return {value->text};
    out.reserve(value->items.size());
    for (const Node& item : value->items) out.push_back(item.text);
    return out;
}

std::map<std::string, std::string> string_map_of(const Node& node, std::string_view key) {
    std::map<std::string, std::string> out;
    const Node* value = present(node, key);
    if (value == nullptr) return out;
    for (const Entry& entry : value->entries) out[entry.key] = entry.value->text;
    return out;
}

std::optional<long long> int_of(const Node& node, std::string_view key) {
    const Node* value = present(node, key);
    if (value == nullptr) return std::nullopt;
    if (value->kind == NodeKind::Int) return parse_go_int(value->text);
    // Sizes are decimal strings ("536870912", "-1").
    return parse_decimal_int(value->text);
}

std::optional<double> float_of(const Node& node, std::string_view key) {
    const Node* value = present(node, key);
    if (value == nullptr) return std::nullopt;
    return parse_go_float(value->text);
}

bool bool_of(const Node& node, std::string_view key) {
    const Node* value = present(node, key);
    if (value == nullptr) return false;
    if (value->kind == NodeKind::Bool) return value->as_bool();
    return parse_go_bool(value->text).value_or(false);
}

std::optional<std::chrono::nanoseconds> duration_of(const Node& node, std::string_view key) {
    const Node* value = present(node, key);
    if (value == nullptr) return std::nullopt;
    auto nanoseconds = parse_go_duration(value->text);
    if (!nanoseconds) return std::nullopt;
    return std::chrono::nanoseconds(*nanoseconds);
}

Node string_sequence(const std::vector<std::string>& values) {
    Node out = Node::sequence();
    out.items.reserve(values.size());
    for (const std::string& value : values) out.items.push_back(Node::string(value));
    return out;
}

std::string resource_name(const Project& project, std::string_view kind, const std::string& key) {
    const Node* resources = project.model.find(kind);
    const Node* resource = resources ? resources->find(key) : nullptr;
    std::string name = resource ? text_of(*resource, "name") : std::string();
    return name.empty() ? key : name;
}

}  // namespace dc
