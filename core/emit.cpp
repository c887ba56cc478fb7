// Printing the canonical project as `docker compose config` does. The tree
// is first laid out for the target format (compose-go's Go types decide key
// order and which empty values show), then written as Go's encoding/json or
// gopkg.in/yaml.v3 would. Like Compose, every "$" is printed as "$$" so the
// output can be read back without interpolation.
#include "core/emit.h"

#include <algorithm>

#include "core/normalize_json.h"
#include "core/normalize_model.h"
#include "core/normalize_text.h"
#include "core/normalize_yaml.h"

namespace dc {

namespace {

enum class Format { Json, Yaml };

bool is_extension(std::string_view key) {
    return key.rfind("x-", 0) == 0;
}

void sort_entries(Node& mapping, Format format) {
    auto& entries = mapping.entries;
    if (format == Format::Json) {
        std::sort(entries.begin(), entries.end(),
                  [](const Entry& a, const Entry& b) { return a.key < b.key; });
    } else {
        std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
            return yaml_key_less(a.key, b.key);
        });
    }
}

void add(Node& mapping, std::string_view key, Node value) {
    mapping.entries.push_back(
        Entry{std::string(key), {}, std::make_unique<Node>(std::move(value))});
}

Node render_float(const Node& value, FloatBits bits, Format format) {
    Node out = value;
    auto parsed = parse_go_float(value.text);
    if (!parsed) return out;
    out.text =
        format == Format::Json ? format_float_json(*parsed, bits) : format_float_g(*parsed, bits);
    return out;
}

// yaml.v3 reads some plain scalars that YAML 1.2 leaves strings as numbers
// (1_000) or times, which Go prints in RFC 3339 (unquoted in YAML).
Node render_plain_string(const Node& value, Format format) {
    if (value.quoted) return Node::string(value.text);
    if (auto time = parse_yaml_timestamp(value.text)) {
        Node out = Node::string(format_rfc3339(*time));
        out.tag = kPlainTag;
        return out;
    }
    if (auto number = parse_underscored_number(value.text)) {
        if (number->kind == NodeKind::Float)
            return render_float(*number, FloatBits::Float64, format);
        return *number;
    }
    return Node::string(value.text);
}

// An extension value as Go prints a decoded YAML value (map[string]any...).
Node render_any(const Node& value, Format format) {
    switch (value.kind) {
    case NodeKind::Mapping: {
        Node out = Node::mapping();
        for (const Entry& entry : value.entries)
            add(out, entry.key, render_any(*entry.value, format));
        sort_entries(out, format);
        return out;
    }
    case NodeKind::Sequence: {
        Node out = Node::sequence();
        for (const Node& item : value.items) out.items.push_back(render_any(item, format));
        return out;
    }
    case NodeKind::Int: {
        Node out = value;
        if (auto parsed = parse_go_int(value.text)) out.text = std::to_string(*parsed);
        return out;
    }
    case NodeKind::Float: return render_float(value, FloatBits::Float64, format);
    case NodeKind::Bool: return Node::boolean(value.as_bool());
    case NodeKind::Null: return Node::null();
    case NodeKind::String: return render_plain_string(value, format);
    }
    return Node::null();
}

bool is_empty(const Node* value, const ValueType& type, Format format);

bool struct_is_zero(const Node& value, const StructModel& model, Format format) {
    for (const Entry& entry : value.entries) {
        if (is_extension(entry.key)) return false;
        const FieldModel* field = model.find(entry.key);
        if (field && !is_empty(entry.value.get(), *field->type, format)) return false;
    }
    return true;
}

// Go's `omitempty`: encoding/json never treats a struct as empty; yaml.v3
// does when all its fields are, and treats a command as empty only when nil.
bool is_empty(const Node* value, const ValueType& type, Format format) {
    bool json_struct = format == Format::Json && type.kind == ValueKind::Struct && !type.pointer;
    if (value == nullptr || value->is_null()) return !json_struct;
    if (type.pointer) return false;
    switch (type.kind) {
    case ValueKind::String: return value->text.empty();
    case ValueKind::Int:
    case ValueKind::DeviceCount:
    case ValueKind::Uint:
    case ValueKind::UnitBytes: return value->text == "0";
    case ValueKind::Float32: return parse_go_float(value->text).value_or(0) == 0;
    case ValueKind::Bool: return !value->as_bool();
    case ValueKind::Duration: return value->text == "0s";
    case ValueKind::Command: return format == Format::Json && value->items.empty();
    case ValueKind::StringList:
    case ValueKind::HostList:
    case ValueKind::SshKeys:
    case ValueKind::List: return value->items.empty();
    case ValueKind::StringMap:
    case ValueKind::NullableMap:
    case ValueKind::Map: return value->entries.empty();
    case ValueKind::Struct:
        return format == Format::Yaml && struct_is_zero(*value, *type.model, format);
    case ValueKind::Ulimit:
    case ValueKind::Any: return false;
    }
    return false;
}

Node render_value(const Node* value, const ValueType& type, Format format);

Node render_struct(const Node& value, const StructModel& model, Format format) {
    Node out = Node::mapping();
    std::vector<const Node*> slots(model.fields.size(), nullptr);
    for (const Entry& entry : value.entries) {
        std::size_t index = model.index_of(entry.key);
        if (index < slots.size()) slots[index] = entry.value.get();
    }
    for (std::size_t i = 0; i < model.fields.size(); ++i) {
        const FieldModel& field = model.fields[i];
        const Node* field_value = slots[i];
        bool keep = field.flags & (format == Format::Json ? kJsonKeepEmpty : kYamlKeepEmpty);
        if (!keep && is_empty(field_value, *field.type, format)) continue;
        std::string_view key =
            format == Format::Json && !field.json_key.empty() ? field.json_key : field.key;
        add(out, key, render_value(field_value, *field.type, format));
    }
    if (format == Format::Json) return out;
    Node extensions = Node::mapping();
    for (const Entry& entry : value.entries) {
        if (is_extension(entry.key)) add(extensions, entry.key, render_any(*entry.value, format));
    }
    sort_entries(extensions, format);
    for (Entry& entry : extensions.entries) out.entries.push_back(std::move(entry));
    return out;
}

// The zero value of a field that is printed even when unset.
Node render_zero(const ValueType& type, Format format) {
    if (type.pointer) return Node::null();
    switch (type.kind) {
    case ValueKind::String: return Node::string("");
    case ValueKind::Int:
    case ValueKind::Uint: return Node::integer(0);
    case ValueKind::Bool: return Node::boolean(false);
    case ValueKind::Struct: return render_struct(Node::mapping(), *type.model, format);
    case ValueKind::StringMap:
    case ValueKind::NullableMap:
    case ValueKind::Map: return format == Format::Json ? Node::null() : Node::mapping();
    case ValueKind::UnitBytes: return Node::string("0");
    case ValueKind::Duration: return Node::string("0s");
    default: return format == Format::Json ? Node::null() : Node::sequence();
    }
}

Node render_ulimit(const Node& value, Format format) {
    if (!value.is_mapping()) return value;
    Node out = Node::mapping();
    for (std::string_view key : {"soft", "hard"}) {
        const Node* limit = value.find(key);
        Node number = limit ? *limit : Node::integer(0);
        if (format == Format::Yaml || number.text != "0") add(out, key, std::move(number));
    }
    return out;
}

Node render_value(const Node* value, const ValueType& type, Format format) {
    if (value == nullptr || value->is_null()) return render_zero(type, format);
    switch (type.kind) {
    case ValueKind::Float32: return render_float(*value, FloatBits::Float32, format);
    case ValueKind::Ulimit: return render_ulimit(*value, format);
    case ValueKind::Struct: return render_struct(*value, *type.model, format);
    case ValueKind::Any: return render_any(*value, format);
    case ValueKind::StringMap:
    case ValueKind::NullableMap:
    case ValueKind::Map: {
        Node out = Node::mapping();
        for (const Entry& entry : value->entries) {
            const Node& item = *entry.value;
            bool nil = item.is_null() && (type.kind != ValueKind::Map || type.element->pointer);
            add(out, entry.key,
                nil                           ? Node::null()
                : type.kind == ValueKind::Map ? render_value(&item, *type.element, format)
                                              : Node::string(item.text));
        }
        sort_entries(out, format);
        return out;
    }
    case ValueKind::List: {
        Node out = Node::sequence();
        for (const Node& item : value->items) {
            out.items.push_back(item.is_null() ? Node::null()
                                               : render_value(&item, *type.element, format));
        }
        return out;
    }
    default: {
        Node out = *value;
        out.mark = {};
        return out;
    }
    }
}

Node render_project(const Node& project, Format format) {
    if (format == Format::Yaml) return render_struct(project, project_model(), format);
    // compose-go prints the project as a map: name and services always, the
    // resource maps when not empty, the extensions; all sorted by key.
    Node out = Node::mapping();
    for (const FieldModel& field : project_model().fields) {
        const Node* value = project.find(field.key);
        bool always = field.key == "name" || field.key == "services";
        if (!always && is_empty(value, *field.type, format)) continue;
        add(out, field.key, render_value(value, *field.type, format));
    }
    for (const Entry& entry : project.entries) {
        if (is_extension(entry.key)) add(out, entry.key, render_any(*entry.value, format));
    }
    sort_entries(out, format);
    return out;
}

std::string escape_dollars(std::string text) {
    std::size_t count = std::count(text.begin(), text.end(), '$');
    if (count == 0) return text;
    std::string out;
    out.reserve(text.size() + count);
    for (char c : text) {
        out += c;
        if (c == '$') out += '$';
    }
    return out;
}

nlohmann::ordered_json node_to_json(const Node& node) {
    switch (node.kind) {
    case NodeKind::Null: return nullptr;
    case NodeKind::Bool: return node.as_bool();
    case NodeKind::Int:
        if (auto v = parse_go_int(node.text)) return *v;
        return node.text;
    case NodeKind::Float:
        if (auto v = parse_go_float(node.text)) return *v;
        return node.text;
    case NodeKind::String: return node.text;
    case NodeKind::Sequence: {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const Node& item : node.items) out.push_back(node_to_json(item));
        return out;
    }
    case NodeKind::Mapping: {
        nlohmann::ordered_json out = nlohmann::ordered_json::object();
        for (const Entry& entry : node.entries) out[entry.key] = node_to_json(*entry.value);
        return out;
    }
    }
    return nullptr;
}

}  // namespace

nlohmann::ordered_json to_json(const Node& node) {
    return node_to_json(node);
}

std::string emit_json(const Node& project) {
    return escape_dollars(write_json_document(render_project(project, Format::Json)));
}

std::string emit_yaml(const Node& project) {
    return escape_dollars(write_yaml_document(render_project(project, Format::Yaml)));
}

}  // namespace dc
