// The compiled form of schemas/compose.schema.yaml: a flat table of types that
// the validator walks alongside a document. Internal to core/schema*.cpp and
// their tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/node.h"

namespace dc::schema {

// What a schema type is made of (see the comment at the top of the schema file).
enum class Form { Any, Scalar, List, Map, Object, OneOf, Enum };

// The built-in scalar types: each is a check on one scalar value.
enum class ScalarCheck {
    String,
    Bool,
    YamlBool,
    Int,
    Number,
    Duration,
    ByteSize,
    PortSpec,
    Port,
    PublishedPort,
    ExposedPort,
    Protocol,
    IpAddress,
    VolumeSpec,
    ExtraHost,
    RestartPolicy,
    PullPolicy,
};

enum class KeyRule { Any, Name };  // Name: [a-zA-Z0-9._-]+.
enum class Extensions { Allowed, Forbidden };  // Whether `x-*` attributes may appear.
enum class Uniqueness { Repeats, Unique };  // Whether a list may repeat an item.

// A use of a type: which one, and whether null is accepted in its place.
struct TypeRef {
    std::uint32_t id = 0;
    bool nullable = false;
};

struct Attribute {
    std::string name;
    TypeRef type;
};

// A bit per NodeKind, for the kinds of value a type takes.
using KindMask = unsigned;
constexpr KindMask kind_bit(NodeKind kind) { return 1u << static_cast<unsigned>(kind); }

struct TypeDef {
    Form form = Form::Any;
    ScalarCheck check = ScalarCheck::String;  // Scalar.
    std::optional<long long> min;  // Scalar bounds (Int and ByteSize).
    std::optional<long long> max;
    TypeRef element;  // List items and Map values.
    Uniqueness uniqueness = Uniqueness::Repeats;  // List.
    KeyRule keys = KeyRule::Any;  // Map.
    std::vector<Attribute> attributes;  // Object, sorted by name.
    std::vector<std::string> required;  // Object.
    Extensions extensions = Extensions::Allowed;  // Object.
    std::vector<TypeRef> alternatives;  // OneOf.
    std::vector<std::string> values;  // Enum.
    KindMask kinds = 0;  // The node kinds this type takes (null only via TypeRef).
    std::string expected;  // For messages: "a string", "a list or a mapping".

    const Attribute* find_attribute(std::string_view name) const;
};

struct CompiledSchema {
    std::vector<TypeDef> types;
    TypeRef root;

    const TypeDef& at(TypeRef ref) const { return types[ref.id]; }
};

// Compiles a schema document written in the format of schemas/compose.schema.yaml;
// `root_type` names the type of a whole document. A malformed schema is a bug
// and throws dc::Error (Internal).
CompiledSchema compile_schema(const Node& document, std::string_view root_type);

// The compose schema embedded in the binary, compiled on first use.
const CompiledSchema& compose_schema();

// Checks `document` against `schema`; the first problem throws a Config error.
void validate(const CompiledSchema& schema, const Node& document);

// Checks one scalar value; returns what is wrong with it, or nothing.
std::optional<std::string> check_scalar(ScalarCheck check, const Node& node);

// The integer a scalar holds (an Int node, or a String of decimal digits).
std::optional<long long> scalar_integer(const Node& node);

// The node kinds a built-in scalar type takes, and its name in messages.
KindMask scalar_kinds(ScalarCheck check);
std::string_view scalar_expected(ScalarCheck check);

// Text formats (core/schema_formats.cpp), each as the Go code behind Compose reads it.
std::string quoted(std::string_view text);  // "text", for messages.
bool equals_ignoring_case(std::string_view a, std::string_view b);
std::optional<long long> parse_decimal(std::string_view text);  // strconv.Atoi.
bool is_go_float(std::string_view text);  // strconv.ParseFloat, decimal forms.
bool is_go_duration(std::string_view text);  // time.ParseDuration.
bool is_byte_size(std::string_view text);  // go-units RAMInBytes.
bool is_ip_address(std::string_view text);  // net.ParseIP.
bool is_protocol(std::string_view text);  // tcp, udp or sctp in any case.

// Port checks (core/schema_ports.cpp); each returns what is wrong, or nothing.
std::optional<std::string> check_port_spec(const Node& node);  // "[[IP:]HOST:]CONTAINER[/PROTO]".
std::optional<std::string> check_target_port(const Node& node);  // 1-65535.
std::optional<std::string> check_published_port(const Node& node);  // 0-65535, or a range.
std::optional<std::string> check_exposed_port(const Node& node);  // PORT[-PORT][/PROTO].

}  // namespace dc::schema
