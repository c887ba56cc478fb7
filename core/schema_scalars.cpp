// The built-in scalar types of the compose schema. Each check follows what
// Docker Compose (compose-go and the libraries it calls) accepts for the
// attribute, and words its complaint for a person.
#include <algorithm>
#include <stdexcept>

#include "core/schema_model.h"

namespace dc::schema {

namespace {

constexpr KindMask kScalars = kind_bit(NodeKind::Bool) | kind_bit(NodeKind::Int) |
                              kind_bit(NodeKind::Float) | kind_bit(NodeKind::String);
constexpr KindMask kNumbers = kind_bit(NodeKind::Int) | kind_bit(NodeKind::Float);
constexpr KindMask kText = kind_bit(NodeKind::String);

// Compose casts these words to booleans (yes/no/on/off with a warning).
bool is_boolean_word(std::string_view text) {
    static constexpr std::string_view kWords[] = {"true", "false", "y", "yes", "on",
                                                  "n",    "no",    "off"};
    for (std::string_view word : kWords) {
        if (equals_ignoring_case(text, word)) return true;
    }
    return false;
}

// The value as Compose's restart policy parser (and the Docker Engine) takes it.
bool is_restart_policy(std::string_view text) {
    if (text.empty() || text == "no" || text == "always" || text == "unless-stopped" ||
        text == "on-failure") {
        return true;
    }
    constexpr std::string_view kOnFailure = "on-failure:";
    if (text.substr(0, kOnFailure.size()) != kOnFailure) return false;
    std::string_view count = text.substr(kOnFailure.size());
    return !count.empty() && count.find_first_not_of("0123456789") == std::string_view::npos;
}

// always, never, missing, ..., or every_ followed by ([0-9]+[wdhms])+.
bool is_pull_policy(std::string_view text) {
    static constexpr std::string_view kWords[] = {"always",  "never", "build", "if_not_present",
                                                  "missing", "refresh", "daily", "weekly"};
    for (std::string_view word : kWords) {
        if (text == word) return true;
    }
    constexpr std::string_view kEvery = "every_";
    if (text.substr(0, kEvery.size()) != kEvery) return false;
    std::string_view rest = text.substr(kEvery.size());
    if (rest.empty()) return false;
    while (!rest.empty()) {
        std::size_t digits = std::min(rest.find_first_not_of("0123456789"), rest.size());
        if (digits == 0 || digits == rest.size()) return false;
        if (std::string_view("wdhms").find(rest[digits]) == std::string_view::npos) return false;
        rest.remove_prefix(digits + 1);
    }
    return true;
}

// HOST:IP or HOST=IP, as Compose splits extra_hosts entries.
bool is_extra_host(std::string_view text) {
    std::size_t split = text.find('=');
    if (split == std::string_view::npos) split = text.find(':');
    return split != std::string_view::npos && split > 0 && split + 1 < text.size();
}

std::optional<std::string> check_volume_spec(std::string_view text) {
    if (text.empty()) return "invalid volume \"\": the volume specification is empty";
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = std::min(text.find(':', start), text.size());
        if (end == start) {
            return "invalid volume " + quoted(text) + ": empty section between colons";
        }
        start = end + 1;
    }
    return std::nullopt;
}

}  // namespace

std::optional<long long> scalar_integer(const Node& node) {
    if (node.kind == NodeKind::Int) {
        try {
            return node.as_int();
        } catch (const std::out_of_range&) {
            return std::nullopt;
        }
    }
    if (node.kind == NodeKind::String) return parse_decimal(node.text);
    return std::nullopt;
}

KindMask scalar_kinds(ScalarCheck check) {
    switch (check) {
    case ScalarCheck::String: return kScalars;
    case ScalarCheck::Bool: return kind_bit(NodeKind::Bool) | kText;
    case ScalarCheck::YamlBool: return kind_bit(NodeKind::Bool);
    case ScalarCheck::Int: return kind_bit(NodeKind::Int) | kText;
    case ScalarCheck::Number:
    case ScalarCheck::ByteSize: return kNumbers | kText;
    case ScalarCheck::Duration:
    case ScalarCheck::PortSpec:
    case ScalarCheck::Port:
    case ScalarCheck::PublishedPort:
    case ScalarCheck::ExposedPort: return kNumbers | kText;
    case ScalarCheck::Protocol:
    case ScalarCheck::IpAddress:
    case ScalarCheck::RestartPolicy:
    case ScalarCheck::VolumeSpec:
    case ScalarCheck::ExtraHost:
    case ScalarCheck::PullPolicy: return kScalars;
    }
    return kScalars;
}

std::string_view scalar_expected(ScalarCheck check) {
    switch (check) {
    case ScalarCheck::String: return "a string";
    case ScalarCheck::Bool:
    case ScalarCheck::YamlBool: return "a boolean";
    case ScalarCheck::Int: return "an integer";
    case ScalarCheck::Number: return "a number";
    case ScalarCheck::Duration: return "a duration";
    case ScalarCheck::ByteSize: return "a byte size";
    case ScalarCheck::PortSpec:
    case ScalarCheck::Port:
    case ScalarCheck::PublishedPort:
    case ScalarCheck::ExposedPort: return "a port";
    case ScalarCheck::Protocol: return "a protocol";
    case ScalarCheck::IpAddress: return "an IP address";
    case ScalarCheck::VolumeSpec: return "a volume";
    case ScalarCheck::ExtraHost: return "a host:IP mapping";
    case ScalarCheck::RestartPolicy: return "a restart policy";
    case ScalarCheck::PullPolicy: return "a pull policy";
    }
    return "a value";
}

std::optional<std::string> check_scalar(ScalarCheck check, const Node& node) {
    std::string_view text = node.text;
    switch (check) {
    case ScalarCheck::String:
    case ScalarCheck::YamlBool: return std::nullopt;
    case ScalarCheck::Bool:
        if (node.kind == NodeKind::Bool || is_boolean_word(text)) return std::nullopt;
        return "invalid boolean " + quoted(text) + " (use true or false)";
    case ScalarCheck::Int:
        if (scalar_integer(node)) return std::nullopt;
        return "invalid integer " + quoted(text);
    case ScalarCheck::Number:
        if (node.kind != NodeKind::String || is_go_float(text)) return std::nullopt;
        return "invalid number " + quoted(text);
    case ScalarCheck::Duration:
        if (is_go_duration(text)) return std::nullopt;
        return "invalid duration " + quoted(text) +
               " (use numbers with units ns, us, ms, s, m or h, as in 90s or 1m30s)";
    case ScalarCheck::ByteSize:
        if (node.kind != NodeKind::String || is_byte_size(text)) return std::nullopt;
        return "invalid byte size " + quoted(text) +
               " (use a number with an optional unit b, k, m, g, t or p, as in 512m or 1.5g)";
    case ScalarCheck::PortSpec: return check_port_spec(node);
    case ScalarCheck::Port: return check_target_port(node);
    case ScalarCheck::PublishedPort: return check_published_port(node);
    case ScalarCheck::ExposedPort: return check_exposed_port(node);
    case ScalarCheck::Protocol:
        if (text.empty() || is_protocol(text)) return std::nullopt;
        return "invalid protocol " + quoted(text) + " (use tcp, udp or sctp)";
    case ScalarCheck::IpAddress:
        if (text.empty() || is_ip_address(text)) return std::nullopt;
        return "invalid IP address " + quoted(text);
    case ScalarCheck::VolumeSpec: return check_volume_spec(text);
    case ScalarCheck::ExtraHost:
        if (is_extra_host(text)) return std::nullopt;
        return "invalid extra host " + quoted(text) + " (use HOST:IP or HOST=IP)";
    case ScalarCheck::RestartPolicy:
        if (is_restart_policy(text)) return std::nullopt;
        return "invalid restart policy " + quoted(text) +
               " (use no, always, unless-stopped, on-failure or on-failure:N)";
    case ScalarCheck::PullPolicy:
        if (is_pull_policy(text)) return std::nullopt;
        return "invalid pull policy " + quoted(text) +
               " (use always, never, missing, build, if_not_present, refresh, daily, weekly "
               "or every_<duration> as in every_12h)";
    }
    return std::nullopt;
}

}  // namespace dc::schema
