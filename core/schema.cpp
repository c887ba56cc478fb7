// Walks a compose document alongside the compiled schema and reports the first
// value that does not fit, with its file position and dotted path.
#include "core/schema.h"

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/schema_model.h"

namespace dc {

namespace schema {

namespace {

constexpr std::size_t kKeyPart = std::numeric_limits<std::size_t>::max();

// One step of the path to the value being checked: a key, or a list index.
struct PathPart {
    std::string_view key;
    std::size_t index = kKeyPart;
};

std::string_view describe_kind(NodeKind kind) {
    return kind == NodeKind::Float ? "a decimal number" : kind_name(kind);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

enum class Level { Nested, TopLevel };

std::string unknown_attribute(const TypeDef& type, std::string_view key, Level level) {
    std::string message = level == Level::TopLevel ? "unknown top-level attribute " + quoted(key)
                                                   : "unknown attribute " + quoted(key);
    if (key.substr(0, 2) == "x-") return message + " (extensions are not allowed here)";
    const Attribute* best = nullptr;
    std::size_t best_distance = std::numeric_limits<std::size_t>::max();
    for (const Attribute& attribute : type.attributes) {
        std::size_t distance = edit_distance(key, attribute.name);
        if (distance < best_distance) {
            best = &attribute;
            best_distance = distance;
        }
    }
    if (best && best_distance <= std::max<std::size_t>(1, key.size() / 3)) {
        message += " (did you mean " + quoted(best->name) + "?)";
    }
    return message;
}

bool is_name(std::string_view key) {
    if (key.empty()) return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
    });
}

// "a, b or c".
std::string word_list(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
        out += words[i];
    }
    return out;
}

class Validator {
  public:
    explicit Validator(const CompiledSchema& schema) : schema_(schema) {}

    void check(const Node& node, TypeRef ref) {
        if (node.tag == "!reset") return;  // Merging drops the value; anything goes.
        if (node.is_null() && ref.nullable) return;
        const TypeDef& type = schema_.at(ref);
        if ((type.kinds & kind_bit(node.kind)) == 0) {
            fail(node.mark, "must be " + type.expected + ", not " +
                                std::string(describe_kind(node.kind)));
        }
        switch (type.form) {
        case Form::Any: return;
        case Form::Scalar: return check_scalar_value(node, type);
        case Form::List: return check_list(node, type);
        case Form::Map: return check_map(node, type);
        case Form::Object: return check_object(node, type);
        case Form::OneOf: return check_one_of(node, type);
        case Form::Enum: return check_enum(node, type);
        }
    }

  private:
    void check_scalar_value(const Node& node, const TypeDef& type) {
        if (std::optional<std::string> problem = check_scalar(type.check, node)) {
            fail(node.mark, *problem);
        }
        if (!type.min && !type.max) return;
        std::optional<long long> value = scalar_integer(node);
        if (!value) return;  // A size such as "1g" is never negative.
        bool low = type.min && *value < *type.min;
        bool high = type.max && *value > *type.max;
        if (!low && !high) return;
        std::string limit = type.min && type.max ? "between " + std::to_string(*type.min) +
                                                       " and " + std::to_string(*type.max)
                            : type.min ? "at least " + std::to_string(*type.min)
                                       : "at most " + std::to_string(*type.max);
        fail(node.mark, "must be " + limit + ", not " + std::to_string(*value));
    }

    void check_list(const Node& node, const TypeDef& type) {
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            path_.push_back(PathPart{{}, i});
            check(node.items[i], type.element);
            path_.pop_back();
        }
        if (type.uniqueness == Uniqueness::Unique) check_unique(node);
    }

    void check_unique(const Node& node) {
        std::unordered_set<std::string_view> seen;
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            const Node& item = node.items[i];
            if (!item.is_scalar() || seen.insert(item.text).second) continue;
            path_.push_back(PathPart{{}, i});
            fail(item.mark, "duplicate item " + quoted(item.text));
        }
    }

    void check_map(const Node& node, const TypeDef& type) {
        for (const Entry& entry : node.entries) {
            if (type.keys == KeyRule::Name && !is_name(entry.key)) {
                fail(entry.key_mark, "invalid name " + quoted(entry.key) +
                                         " (use letters, digits, \".\", \"_\" and \"-\")");
            }
            path_.push_back(PathPart{entry.key});
            check(*entry.value, type.element);
            path_.pop_back();
        }
    }

    void check_object(const Node& node, const TypeDef& type) {
        for (const Entry& entry : node.entries) {
            const Attribute* attribute = type.find_attribute(entry.key);
            if (!attribute) {
                bool extension = entry.key.compare(0, 2, "x-") == 0;
                if (extension && type.extensions == Extensions::Allowed) continue;
                Level level = path_.empty() ? Level::TopLevel : Level::Nested;
                fail(entry.key_mark, unknown_attribute(type, entry.key, level));
            }
            path_.push_back(PathPart{entry.key});
            check(*entry.value, attribute->type);
            path_.pop_back();
        }
        for (const std::string& name : type.required) {
            if (!node.find(name)) fail(node.mark, "missing required attribute " + quoted(name));
        }
    }

    void check_one_of(const Node& node, const TypeDef& type) {
        for (TypeRef alternative : type.alternatives) {
            bool takes = (schema_.at(alternative).kinds & kind_bit(node.kind)) != 0 ||
                         (node.is_null() && alternative.nullable);
            if (takes) return check(node, alternative);
        }
    }

    void check_enum(const Node& node, const TypeDef& type) {
        if (std::find(type.values.begin(), type.values.end(), node.text) != type.values.end()) {
            return;
        }
        fail(node.mark, "invalid value " + quoted(node.text) + " (use " +
                            word_list(type.values) + ")");
    }

    [[noreturn]] void fail(const Mark& mark, std::string_view message) const {
        std::string path;
        for (const PathPart& part : path_) {
            path = part.index == kKeyPart ? path_join(path, part.key)
                                          : path_index(path, part.index);
        }
        config_error(mark, path, message);
    }

    const CompiledSchema& schema_;
    std::vector<PathPart> path_;
};

}  // namespace

void validate(const CompiledSchema& schema, const Node& document) {
    if (!document.is_mapping()) {
        config_error(document.mark, {},
                     "the top level must be a mapping, not " +
                         std::string(describe_kind(document.kind)));
    }
    Validator(schema).check(document, schema.root);
}

}  // namespace schema

void validate_compose_document(const Node& document) {
    schema::validate(schema::compose_schema(), document);
}

}  // namespace dc
