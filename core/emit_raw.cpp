// The raw model `dc config --no-interpolate` prints: the merged files as
// written (short syntax kept, templates untouched), keys sorted, as Compose
// prints its untyped model.
#include <algorithm>

#include "core/emit.h"
#include "core/normalize_json.h"
#include "core/normalize_yaml.h"

namespace dc {

namespace {

enum class KeyOrder { Bytes, Yaml };

void sort_keys(Node& node, KeyOrder order) {
    if (node.is_mapping()) {
        std::sort(node.entries.begin(), node.entries.end(), [order](const Entry& a, const Entry& b) {
            return order == KeyOrder::Yaml ? yaml_key_less(a.key, b.key) : a.key < b.key;
        });
        for (Entry& e : node.entries) sort_keys(*e.value, order);
    } else if (node.is_sequence()) {
        for (Node& item : node.items) sort_keys(item, order);
    }
}

}  // namespace

std::string emit_raw_json(const Node& project) {
    Node copy = project;
    sort_keys(copy, KeyOrder::Bytes);
    return write_json_document(copy);
}

std::string emit_raw_yaml(const Node& project) {
    Node copy = project;
    sort_keys(copy, KeyOrder::Yaml);
    return write_yaml_document(copy);
}

}  // namespace dc
