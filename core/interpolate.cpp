// Interpolation as Docker Compose v2 (compose-go's template package) does it.
// Compose matches `\$(\$|name|{name(:?[-+?].*)?}|{)` case-insensitively, where
// `.*` is greedy and stops at a newline, then cuts a `${VAR<op>...}` match at
// its first balanced '}' and substitutes what follows as a template of its own.
// This file reproduces those results (and that choice of closing brace) with a
// hand-written scanner: no regex, and linear in the text outside operands.
#include "core/interpolate.h"

#include <cstdio>

#include "core/error.h"

namespace dc {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

// Operands nested deeper than this (${A:-${B:-...}}) are refused rather than
// risking the stack.
constexpr int kMaxNesting = 200;

// Why a template failed; the public functions add the position.
struct TemplateFailure {
    std::string message;
};

enum class Operator {
    DefaultIfEmpty,  // ${VAR:-x}
    DefaultIfUnset,  // ${VAR-x}
    AltIfNonEmpty,  // ${VAR:+x}
    AltIfSet,  // ${VAR+x}
    RequireNonEmpty,  // ${VAR:?x}
    RequireSet,  // ${VAR?x}
};

bool is_name_start(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

std::size_t name_end(std::string_view text, std::size_t pos) {
    while (pos < text.size() && is_name_char(text[pos])) ++pos;
    return pos;
}

// Reads the operator at `pos`; sets `operand` to where its operand starts.
bool read_operator(std::string_view text, std::size_t pos, Operator& op, std::size_t& operand) {
    bool colon = pos < text.size() && text[pos] == ':';
    std::size_t at = colon ? pos + 1 : pos;
    if (at >= text.size()) return false;
    switch (text[at]) {
    case '-': op = colon ? Operator::DefaultIfEmpty : Operator::DefaultIfUnset; break;
    case '+': op = colon ? Operator::AltIfNonEmpty : Operator::AltIfSet; break;
    case '?': op = colon ? Operator::RequireNonEmpty : Operator::RequireSet; break;
    default: return false;
    }
    operand = at + 1;
    return true;
}

// Compose's choice of closing brace inside a match [begin, stop): counting
// braces, where each '{' also skips the character after it.
std::size_t balanced_close(std::string_view text, std::size_t begin, std::size_t stop) {
    int open = 0;
    for (std::size_t i = begin; i < stop; ++i) {
        if (text[i] == '}' && --open == 0) return i;
        if (text[i] == '{') {
            ++open;
            ++i;
        }
    }
    return kNpos;
}

// One template being scanned: a whole value, or an operand.
struct Scan {
    std::string_view text;
    // What an invalid-template error quotes. Compose substitutes the text
    // after a `${VAR:-x}` match, up to the last '}' of its line, separately,
    // so an error found there quotes only that part.
    std::string_view error_text;
    std::size_t error_text_end;
    // The line last searched for a '}': where it ends and its last '}'.
    bool line_known = false;
    std::size_t line_end = 0;
    std::size_t last_brace = kNpos;

    // The last '}' in [from, end of from's line), or npos.
    std::size_t closing_brace(std::size_t from) {
        if (!line_known || from > line_end) {
            std::size_t newline = text.find('\n', from);
            line_end = newline == kNpos ? text.size() : newline;
            last_brace = kNpos;
            for (std::size_t i = line_end; i > from; --i) {
                if (text[i - 1] == '}') {
                    last_brace = i - 1;
                    break;
                }
            }
            line_known = true;
        }
        return last_brace != kNpos && last_brace >= from ? last_brace : kNpos;
    }
};

class Interpolator {
  public:
    Interpolator(const VariableLookup& lookup, const UnsetCallback& on_unset)
        : lookup_(lookup), on_unset_(on_unset) {}

    // Appends `text` interpolated to `out`; throws TemplateFailure.
    void substitute(std::string_view text, std::string& out, int depth) const;

  private:
    std::size_t expand_at(Scan& scan, std::size_t dollar, std::string& out, int depth) const;
    std::size_t expand_braced(Scan& scan, std::size_t dollar, std::string& out,
                              int depth) const;
    void apply(Operator op, std::string_view name, std::string_view operand, std::string& out,
               int depth) const;
    void append_variable(std::string_view name, std::string& out) const;

    const VariableLookup& lookup_;
    const UnsetCallback& on_unset_;
};

[[noreturn]] void invalid_template(const Scan& scan) {
    throw TemplateFailure{"invalid interpolation format: " + quote_for_message(scan.error_text) +
                          " (you may need to escape any $ with another $)"};
}

[[noreturn]] void missing_required(std::string_view name, const std::string& reason) {
    std::string message = "required variable ";
    message.append(name);
    message += " is missing a value";
    if (!reason.empty()) message += ": " + reason;
    throw TemplateFailure{std::move(message)};
}

void Interpolator::substitute(std::string_view text, std::string& out, int depth) const {
    if (depth > kMaxNesting) throw TemplateFailure{"variable references nested too deeply"};
    Scan scan{text, text, text.size()};
    std::size_t pos = 0;
    for (std::size_t dollar; (dollar = text.find('$', pos)) != kNpos;) {
        out.append(text.substr(pos, dollar - pos));
        if (dollar >= scan.error_text_end) {
            scan.error_text = text;
            scan.error_text_end = text.size();
        }
        pos = expand_at(scan, dollar, out, depth);
    }
    out.append(text.substr(pos));
}

// Expands the reference at `dollar`; returns where scanning goes on.
std::size_t Interpolator::expand_at(Scan& scan, std::size_t dollar, std::string& out,
                                    int depth) const {
    std::string_view text = scan.text;
    char next = dollar + 1 < text.size() ? text[dollar + 1] : '\0';
    if (next == '$') {
        out += '$';
        return dollar + 2;
    }
    if (is_name_start(next)) {
        std::size_t stop = name_end(text, dollar + 1);
        append_variable(text.substr(dollar + 1, stop - dollar - 1), out);
        return stop;
    }
    if (next == '{') return expand_braced(scan, dollar, out, depth);
    out += '$';  // "$1", "$ " and a final '$' stay as they are.
    return dollar + 1;
}

std::size_t Interpolator::expand_braced(Scan& scan, std::size_t dollar, std::string& out,
                                        int depth) const {
    std::string_view text = scan.text;
    std::size_t name_begin = dollar + 2;
    if (name_begin >= text.size() || !is_name_start(text[name_begin])) invalid_template(scan);
    std::size_t name_stop = name_end(text, name_begin);
    std::string_view name = text.substr(name_begin, name_stop - name_begin);
    if (name_stop < text.size() && text[name_stop] == '}') {
        append_variable(name, out);
        return name_stop + 1;
    }
    Operator op;
    std::size_t operand_begin;
    if (!read_operator(text, name_stop, op, operand_begin)) invalid_template(scan);
    std::size_t close = scan.closing_brace(operand_begin);
    if (close == kNpos) invalid_template(scan);
    std::size_t cut = balanced_close(text, dollar, close + 1);
    std::size_t operand_end = cut == kNpos ? close : cut;
    apply(op, name, text.substr(operand_begin, operand_end - operand_begin), out, depth);
    if (cut == kNpos || cut == close) return close + 1;
    scan.error_text = text.substr(cut + 1, close - cut);
    scan.error_text_end = close + 1;
    return cut + 1;
}

// Compose interpolates the operand first, whether or not it is used: its
// unset variables are reported and its errors raised even when VAR is set.
void Interpolator::apply(Operator op, std::string_view name, std::string_view operand,
                         std::string& out, int depth) const {
    std::string operand_value;
    substitute(operand, operand_value, depth + 1);
    const std::string* value = lookup_(name);
    bool non_empty = value && !value->empty();
    switch (op) {
    case Operator::DefaultIfEmpty: out += non_empty ? *value : operand_value; break;
    case Operator::DefaultIfUnset: out += value ? *value : operand_value; break;
    case Operator::AltIfNonEmpty:
        if (non_empty) out += operand_value;
        break;
    case Operator::AltIfSet:
        if (value) out += operand_value;
        break;
    case Operator::RequireNonEmpty:
        if (!non_empty) missing_required(name, operand_value);
        out += *value;
        break;
    case Operator::RequireSet:
        if (!value) missing_required(name, operand_value);
        out += *value;
        break;
    }
}

void Interpolator::append_variable(std::string_view name, std::string& out) const {
    if (const std::string* value = lookup_(name)) {
        out += *value;
    } else if (on_unset_) {
        on_unset_(std::string(name));
    }
}

// Walks a tree, keeping the path as a list of steps that is only spelled out
// when an error needs it.
class TreeInterpolator {
  public:
    TreeInterpolator(const Environment& env, const UnsetCallback& on_unset,
                     std::string_view root_path)
        : lookup_([&env](std::string_view name) -> const std::string* {
              auto it = env.find(name);
              return it == env.end() ? nullptr : &it->second;
          }),
          interpolator_(lookup_, on_unset),
          root_path_(root_path) {}

    void walk(Node& node);

  private:
    struct Step {
        const std::string* key;  // Null for a sequence item.
        std::size_t index;
    };

    void interpolate_scalar(Node& node) const;
    std::string path() const;

    VariableLookup lookup_;
    Interpolator interpolator_;
    std::string_view root_path_;
    std::vector<Step> steps_;
};

void TreeInterpolator::walk(Node& node) {
    switch (node.kind) {
    case NodeKind::String: interpolate_scalar(node); break;
    case NodeKind::Sequence:
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            steps_.push_back({nullptr, i});
            walk(node.items[i]);
            steps_.pop_back();
        }
        break;
    case NodeKind::Mapping:
        for (Entry& entry : node.entries) {
            steps_.push_back({&entry.key, 0});
            walk(*entry.value);
            steps_.pop_back();
        }
        break;
    default: break;
    }
}

void TreeInterpolator::interpolate_scalar(Node& node) const {
    if (node.text.find('$') == std::string::npos) return;
    std::string result;
    result.reserve(node.text.size());
    try {
        interpolator_.substitute(node.text, result, 0);
    } catch (const TemplateFailure& failure) {
        config_error(node.mark, path(), failure.message);
    }
    node.text = std::move(result);
    // Compose keeps an empty (or "null") result a string: `${UNSET}` is "".
    if (!node.quoted && resolve_plain_scalar(node.text) != NodeKind::Null) node.resolve_plain();
}

std::string TreeInterpolator::path() const {
    std::string out(root_path_);
    for (const Step& step : steps_) {
        out = step.key ? path_join(out, *step.key) : path_index(out, step.index);
    }
    return out;
}

}  // namespace

std::string interpolate_with(std::string_view input, const VariableLookup& lookup,
                             const UnsetCallback& on_unset, std::string_view where) {
    if (input.find('$') == kNpos) return std::string(input);
    std::string out;
    try {
        Interpolator(lookup, on_unset).substitute(input, out, 0);
    } catch (const TemplateFailure& failure) {
        if (where.empty()) config_error(failure.message);
        std::string message(where);
        message += ": ";
        message += failure.message;
        config_error(message);
    }
    return out;
}

std::string interpolate_string(std::string_view input, const Environment& env,
                               const std::function<void(const std::string&)>& on_unset,
                               std::string_view where) {
    VariableLookup lookup = [&env](std::string_view name) -> const std::string* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : &it->second;
    };
    return interpolate_with(input, lookup, on_unset, where);
}

void interpolate_tree(Node& root, const Environment& env,
                      const std::function<void(const std::string&)>& on_unset,
                      std::string_view path) {
    TreeInterpolator(env, on_unset, path).walk(root);
}

std::string quote_for_message(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\v': out += "\\v"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

}  // namespace dc
