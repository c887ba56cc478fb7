// Turns the schema's YAML text into the table of types in core/schema_model.h.
#include <algorithm>
#include <map>
#include <utility>

#include "core/error.h"
#include "core/schema_model.h"
#include "core/yaml_reader.h"

namespace dc {

const char* compose_schema_text();  // Generated from schemas/compose.schema.yaml.

namespace schema {

namespace {

constexpr std::pair<std::string_view, ScalarCheck> kBuiltins[] = {
    {"string", ScalarCheck::String},
    {"bool", ScalarCheck::Bool},
    {"yaml_bool", ScalarCheck::YamlBool},
    {"int", ScalarCheck::Int},
    {"number", ScalarCheck::Number},
    {"duration", ScalarCheck::Duration},
    {"byte_size", ScalarCheck::ByteSize},
    {"port_spec", ScalarCheck::PortSpec},
    {"port", ScalarCheck::Port},
    {"published_port", ScalarCheck::PublishedPort},
    {"exposed_port", ScalarCheck::ExposedPort},
    {"protocol", ScalarCheck::Protocol},
    {"ip_address", ScalarCheck::IpAddress},
    {"volume_spec", ScalarCheck::VolumeSpec},
    {"extra_host", ScalarCheck::ExtraHost},
    {"restart_policy", ScalarCheck::RestartPolicy},
    {"pull_policy", ScalarCheck::PullPolicy},
};

constexpr KindMask kAllKinds = 0x7f;
constexpr KindMask kScalarKinds = kind_bit(NodeKind::Bool) | kind_bit(NodeKind::Int) |
                                  kind_bit(NodeKind::Float) | kind_bit(NodeKind::String);

[[noreturn]] void schema_bug(const Node& at, std::string_view message) {
    throw Error(ErrorKind::Internal,
                format_config_error(at.mark, {}, "compose schema: " + std::string(message)));
}

class Compiler {
  public:
    CompiledSchema run(const Node& document, std::string_view root_type) {
        const Node* types = document.find("types");
        if (!types || !types->is_mapping()) schema_bug(document, "no `types:` mapping");
        for (const Entry& e : types->entries) named_[e.key] = new_type();
        for (const Entry& e : types->entries) {
            if (!e.value->is_mapping() || e.value->find("nullable")) {
                schema_bug(*e.value, "a named type must be a form; write NAME|null for null");
            }
            out_.types[named_[e.key]] = compile_body(*e.value);
        }
        auto root = named_.find(std::string(root_type));
        if (root == named_.end()) schema_bug(document, "no type " + std::string(root_type));
        out_.root = TypeRef{root->second, false};
        for (std::size_t id = 0; id < out_.types.size(); ++id) resolve_kinds(id);
        return std::move(out_);
    }

  private:
    std::uint32_t new_type() {
        out_.types.emplace_back();
        return static_cast<std::uint32_t>(out_.types.size() - 1);
    }

    std::uint32_t add(TypeDef def) {
        std::uint32_t id = new_type();
        out_.types[id] = std::move(def);
        return id;
    }

    // A reference: a name (`NAME|null` when null is fine too) or an inline form.
    TypeRef compile_ref(const Node& node) {
        if (node.is_mapping()) {
            const Node* nullable = node.find("nullable");
            return TypeRef{add(compile_body(node)), nullable && nullable->as_bool()};
        }
        if (node.kind != NodeKind::String || node.text.empty()) schema_bug(node, "bad type");
        constexpr std::string_view kOrNull = "|null";
        std::string_view name = node.text;
        bool nullable = name.size() > kOrNull.size() &&
                        name.substr(name.size() - kOrNull.size()) == kOrNull;
        if (nullable) name.remove_suffix(kOrNull.size());
        return TypeRef{named_id(node, name), nullable};
    }

    std::uint32_t named_id(const Node& at, std::string_view name) {
        if (auto it = named_.find(std::string(name)); it != named_.end()) return it->second;
        if (name == "any") return named_[std::string(name)] = add(TypeDef{});
        for (const auto& [builtin, check] : kBuiltins) {
            if (builtin != name) continue;
            TypeDef def;
            def.form = Form::Scalar;
            def.check = check;
            return named_[std::string(name)] = add(std::move(def));
        }
        schema_bug(at, "unknown type \"" + std::string(name) + "\"");
    }

    // The definition a form (a mapping such as `{list: T}`) stands for.
    TypeDef compile_body(const Node& node) {
        TypeDef def;
        if (const Node* item = node.find("list")) {
            def.form = Form::List;
            def.element = compile_ref(*item);
            const Node* unique = node.find("unique");
            if (unique && unique->as_bool()) def.uniqueness = Uniqueness::Unique;
        } else if (const Node* value = node.find("map")) {
            def.form = Form::Map;
            def.element = compile_ref(*value);
            if (const Node* keys = node.find("keys")) {
                if (keys->text != "name") schema_bug(*keys, "keys must be `name`");
                def.keys = KeyRule::Name;
            }
        } else if (const Node* attributes = node.find("object")) {
            compile_object(def, node, *attributes);
        } else if (const Node* alternatives = node.find("one_of")) {
            def.form = Form::OneOf;
            for (const Node& alt : alternatives->items) {
                def.alternatives.push_back(compile_ref(alt));
            }
        } else if (const Node* values = node.find("enum")) {
            def.form = Form::Enum;
            for (const Node& v : values->items) def.values.push_back(v.text);
        } else {
            compile_bounded(def, node);
        }
        return def;
    }

    void compile_object(TypeDef& def, const Node& node, const Node& attributes) {
        def.form = Form::Object;
        for (const Entry& e : attributes.entries) {
            def.attributes.push_back(Attribute{e.key, compile_ref(*e.value)});
        }
        std::sort(def.attributes.begin(), def.attributes.end(),
                  [](const Attribute& a, const Attribute& b) { return a.name < b.name; });
        if (const Node* required = node.find("required")) {
            for (const Node& r : required->items) {
                if (!def.find_attribute(r.text)) schema_bug(r, "required but not listed");
                def.required.push_back(r.text);
            }
        }
        const Node* extensions = node.find("extensions");
        if (extensions && !extensions->as_bool()) def.extensions = Extensions::Forbidden;
    }

    // `{int: {min: 0, max: 100}}` and the like.
    void compile_bounded(TypeDef& def, const Node& node) {
        if (node.entries.empty() || !node.entries.front().value->is_mapping()) {
            schema_bug(node, "unknown type form");
        }
        const Entry& form = node.entries.front();
        def = out_.types[named_id(node, form.key)];
        if (def.form != Form::Scalar ||
            (def.check != ScalarCheck::Int && def.check != ScalarCheck::ByteSize)) {
            schema_bug(node, "only int and byte_size take bounds");
        }
        if (const Node* min = form.value->find("min")) def.min = min->as_int();
        if (const Node* max = form.value->find("max")) def.max = max->as_int();
    }

    // Fills in `kinds` and `expected`, which for one_of depend on the alternatives.
    void resolve_kinds(std::size_t id) {
        TypeDef& def = out_.types[id];
        if (def.kinds != 0) return;
        switch (def.form) {
        case Form::Any:
            def.kinds = kAllKinds;
            def.expected = "any value";
            break;
        case Form::Scalar:
            def.kinds = scalar_kinds(def.check);
            def.expected = scalar_expected(def.check);
            break;
        case Form::List:
            def.kinds = kind_bit(NodeKind::Sequence);
            def.expected = "a list";
            break;
        case Form::Map:
        case Form::Object:
            def.kinds = kind_bit(NodeKind::Mapping);
            def.expected = "a mapping";
            break;
        case Form::Enum:
            def.kinds = kScalarKinds;
            def.expected = "a string";
            break;
        case Form::OneOf: resolve_one_of(id); break;
        }
    }

    void resolve_one_of(std::size_t id) {
        KindMask kinds = 0;
        std::string expected;
        for (TypeRef alt : out_.types[id].alternatives) {
            resolve_kinds(alt.id);
            const TypeDef& def = out_.types[alt.id];
            kinds |= def.kinds | (alt.nullable ? kind_bit(NodeKind::Null) : 0);
            if (expected.find(def.expected) != std::string::npos) continue;
            expected += expected.empty() ? "" : " or ";
            expected += def.expected;
        }
        out_.types[id].kinds = kinds;
        out_.types[id].expected = std::move(expected);
    }

    CompiledSchema out_;
    std::map<std::string, std::uint32_t> named_;
};

}  // namespace

const Attribute* TypeDef::find_attribute(std::string_view name) const {
    auto it = std::lower_bound(
        attributes.begin(), attributes.end(), name,
        [](const Attribute& a, std::string_view n) { return std::string_view(a.name) < n; });
    return it != attributes.end() && it->name == name ? &*it : nullptr;
}

CompiledSchema compile_schema(const Node& document, std::string_view root_type) {
    return Compiler().run(document, root_type);
}

const CompiledSchema& compose_schema() {
    static const CompiledSchema schema =
        compile_schema(read_yaml(compose_schema_text(), "compose.schema.yaml"), "compose");
    return schema;
}

}  // namespace schema
}  // namespace dc
