// The shape of Compose's project model (compose-go's Go types): for every
// attribute, its type, its place in the output and when an empty value is
// left out. Normalization converts values to these types; the emitters use
// the same table to order keys and drop empty fields as Go's JSON and YAML
// encoders do.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dc {

enum class ValueKind : std::uint8_t {
    String,
    Int,
    DeviceCount,  // An integer, or "all" (-1).
    Uint,
    Float32,
    Bool,
    Duration,     // Printed as "1m30s".
    UnitBytes,    // A byte count, printed as a decimal string.
    StringList,   // A string or a list of strings / numbers.
    Command,      // A string split shell-style, or a list (nil and [] differ).
    StringMap,    // map[string]string: a mapping or a "k=v" list.
    NullableMap,  // map[string]*string: `KEY` without a value stays null.
    HostList,     // extra_hosts: printed as a sorted "host=ip" list.
    Ulimit,       // An integer or {soft, hard}.
    SshKeys,      // build.ssh: "id" or "id: path" strings.
    Struct,
    List,  // A list of `element`.
    Map,   // A mapping of user keys to `element`.
    Any,   // Extensions: kept as written.
};

class StructModel;

struct ValueType {
    ValueKind kind;
    bool pointer = false;                // A Go pointer: present-but-empty is still printed.
    const ValueType* element = nullptr;  // For List and Map.
    const StructModel* model = nullptr;  // For Struct.
};

enum FieldFlags : std::uint8_t {
    kOmitEmpty = 0,
    kJsonKeepEmpty = 1,  // No `omitempty` in the json tag.
    kYamlKeepEmpty = 2,  // No `omitempty` in the yaml tag.
    kKeepEmpty = kJsonKeepEmpty | kYamlKeepEmpty,
};

struct FieldModel {
    std::string_view key;
    const ValueType* type;
    std::uint8_t flags = kOmitEmpty;
    std::string_view json_key = {};  // When JSON names it differently.
};

class StructModel {
  public:
    StructModel(std::string_view name, std::vector<FieldModel> fields);

    std::string_view name;
    std::vector<FieldModel> fields;

    // The field named `key`, or nullptr; index_of gives its position in `fields`.
    const FieldModel* find(std::string_view key) const;
    std::size_t index_of(std::string_view key) const;  // fields.size() when absent.

  private:
    std::unordered_map<std::string_view, std::size_t> index_;
};

// The project's top level (name, services, networks, ...).
const StructModel& project_model();
const StructModel& service_model();

}  // namespace dc
