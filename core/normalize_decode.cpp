// Typing the tree: each value converted to the Go type compose-go decodes it
// into, so that printing it later is a matter of layout only.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/error.h"
#include "core/normalize_internal.h"
#include "core/normalize_text.h"

namespace dc {

namespace {

[[noreturn]] void invalid(const Node& node, const std::string& path, std::string_view what) {
    config_error(node.mark, path, std::string(what) + " \"" + node.text + "\"");
}

std::string lowercase(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

void make_string(Node& node, std::string text) {
    node.kind = NodeKind::String;
    node.text = std::move(text);
    node.quoted = true;
    node.items.clear();
    node.entries.clear();
}

void require_scalar(const Node& node, const std::string& path) {
    if (!node.is_scalar()) {
        config_error(node.mark, path,
                     "expected a scalar, got " + std::string(kind_name(node.kind)));
    }
}

enum class Sign { Signed, Unsigned };

void decode_integer(Node& node, const std::string& path, Sign sign) {
    require_scalar(node, path);
    std::optional<long long> value;
    if (node.kind == NodeKind::Int) {
        value = parse_go_int(node.text);
    } else if (node.kind == NodeKind::String) {
        value = parse_decimal_int(node.text);
    } else if (node.kind == NodeKind::Float) {
        auto f = parse_go_float(node.text);
        if (f && std::trunc(*f) == *f) value = static_cast<long long>(*f);
    }
    if (!value || (sign == Sign::Unsigned && *value < 0)) invalid(node, path, "invalid integer");
    node.kind = NodeKind::Int;
    node.text = std::to_string(*value);
}

void decode_float32(Node& node, const std::string& path) {
    require_scalar(node, path);
    std::optional<double> value;
    if (node.kind == NodeKind::Int) {
        if (auto i = parse_go_int(node.text)) value = static_cast<double>(*i);
    } else if (node.kind == NodeKind::Float || node.kind == NodeKind::String) {
        value = parse_go_float(node.text);
    }
    if (!value) invalid(node, path, "invalid number");
    node.kind = NodeKind::Float;
    node.text = format_float_g(static_cast<float>(*value), FloatBits::Float32);
}

void decode_bool(Node& node, const std::string& path) {
    require_scalar(node, path);
    if (node.kind == NodeKind::Bool) return;
    auto value = parse_go_bool(node.text);
    if (!value) invalid(node, path, "invalid boolean");
    node = Node::boolean(*value, node.mark);
}

void decode_duration(Node& node, const std::string& path) {
    require_scalar(node, path);
    auto value = parse_go_duration(go_sprint(node));
    if (!value) invalid(node, path, "invalid duration");
    make_string(node, format_go_duration(*value));
}

void decode_bytes(Node& node, const std::string& path) {
    require_scalar(node, path);
    std::optional<long long> value;
    if (node.kind == NodeKind::Int) {
        value = parse_go_int(node.text);
    } else if (node.kind == NodeKind::String) {
        value = parse_ram_in_bytes(node.text);
    } else {
        value = 0;
    }
    if (!value) invalid(node, path, "invalid size");
    make_string(node, std::to_string(*value));
}

void decode_string_list(Node& node, const std::string& path) {
    if (node.is_scalar()) {
        Node list = Node::sequence(node.mark);
        list.items.push_back(std::move(node));
        node = std::move(list);
    }
    for (std::size_t i = 0; i < node.items.size(); ++i) {
        Node& item = node.items[i];
        require_scalar(item, path_index(path, i));
        make_string(item, go_sprint(item));
    }
}

void decode_command(Node& node, const std::string& path) {
    if (node.kind == NodeKind::String) {
        auto words = split_command_line(node.text);
        if (!words) invalid(node, path, "invalid command line string");
        Node list = Node::sequence(node.mark);
        for (std::string& word : *words)
            list.items.push_back(Node::string(std::move(word), node.mark));
        node = std::move(list);
        return;
    }
    decode_string_list(node, path);
}

// What a "KEY" item without "=" maps to: null in map[string]*string, an
// empty string in map[string]string.
enum class BareKey { Null, Empty };

// Splits "key=value" list items into a mapping.
void list_to_mapping(Node& node, const std::string& path, BareKey bare) {
    Node mapping = Node::mapping(node.mark);
    for (std::size_t i = 0; i < node.items.size(); ++i) {
        Node& item = node.items[i];
        require_scalar(item, path_index(path, i));
        std::string text = go_sprint(item);
        std::size_t eq = text.find('=');
        if (eq == std::string::npos) {
            mapping.set(
                text, bare == BareKey::Null ? Node::null(item.mark) : Node::string("", item.mark));
        } else {
            mapping.set(text.substr(0, eq), Node::string(text.substr(eq + 1), item.mark));
        }
    }
    node = std::move(mapping);
}

void decode_string_map(Node& node, const std::string& path, BareKey bare) {
    if (node.is_sequence()) {
        list_to_mapping(node, path, bare);
        return;
    }
    if (!node.is_mapping()) config_error(node.mark, path, "expected a mapping");
    for (Entry& entry : node.entries) {
        Node& value = *entry.value;
        require_scalar(value, path_join(path, entry.key));
        if (value.is_null()) {
            if (bare == BareKey::Empty) make_string(value, "");
        } else {
            make_string(value, go_sprint(value));
        }
    }
}

}  // namespace

void decode_struct(Node& node, const StructModel& model, const std::string& path) {
    if (!node.is_mapping()) {
        config_error(node.mark, path,
                     "expected a mapping, got " + std::string(kind_name(node.kind)));
    }
    auto& entries = node.entries;
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                                 [&](const Entry& entry) {
                                     if (entry.key.rfind("x-", 0) == 0) return false;
                                     return entry.value->is_null() || !model.find(entry.key);
                                 }),
                  entries.end());
    for (Entry& entry : entries) {
        if (entry.key.rfind("x-", 0) == 0) continue;
        decode_value(*entry.value, *model.find(entry.key)->type, path_join(path, entry.key));
    }
}

void decode_value(Node& node, const ValueType& type, const std::string& path) {
    node.tag.clear();
    switch (type.kind) {
    case ValueKind::String:
        require_scalar(node, path);
        make_string(node, go_sprint(node));
        break;
    case ValueKind::Int: decode_integer(node, path, Sign::Signed); break;
    case ValueKind::DeviceCount:
        if (node.kind == NodeKind::String && lowercase(node.text) == "all") {
            node = Node::integer(-1, node.mark);
        } else {
            decode_integer(node, path, Sign::Signed);
        }
        break;
    case ValueKind::Uint: decode_integer(node, path, Sign::Unsigned); break;
    case ValueKind::Float32: decode_float32(node, path); break;
    case ValueKind::Bool: decode_bool(node, path); break;
    case ValueKind::Duration: decode_duration(node, path); break;
    case ValueKind::UnitBytes: decode_bytes(node, path); break;
    case ValueKind::StringList: decode_string_list(node, path); break;
    case ValueKind::Command: decode_command(node, path); break;
    case ValueKind::StringMap: decode_string_map(node, path, BareKey::Empty); break;
    case ValueKind::NullableMap: decode_string_map(node, path, BareKey::Null); break;
    case ValueKind::HostList: decode_host_list(node, path); break;
    case ValueKind::Ulimit: decode_ulimit(node, path); break;
    case ValueKind::SshKeys: decode_ssh_keys(node, path); break;
    case ValueKind::Struct: decode_struct(node, *type.model, path); break;
    case ValueKind::List:
        if (!node.is_sequence()) config_error(node.mark, path, "expected a list");
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            Node& item = node.items[i];
            if (item.is_null() && type.element->pointer) continue;
            decode_value(item, *type.element, path_index(path, i));
        }
        break;
    case ValueKind::Map:
        if (!node.is_mapping()) config_error(node.mark, path, "expected a mapping");
        for (Entry& entry : node.entries) {
            Node& value = *entry.value;
            if (value.is_null()) {
                if (type.element->pointer) continue;
                if (type.element->kind == ValueKind::Struct) value = Node::mapping(value.mark);
            }
            decode_value(value, *type.element, path_join(path, entry.key));
        }
        break;
    case ValueKind::Any: break;
    }
}

}  // namespace dc
