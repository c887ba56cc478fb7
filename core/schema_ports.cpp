// Port syntaxes of the compose schema: the short `ports:` form as Docker's
// nat.ParsePortSpec reads it, and the single values of the long form and of
// `expose:`.
#include <string>
#include <vector>

#include "core/schema_model.h"

namespace dc::schema {

namespace {

enum class RangeStatus { Ok, NotANumber, TooLarge, Reversed };

struct PortRange {
    RangeStatus status = RangeStatus::NotANumber;
    unsigned first = 0;
    unsigned last = 0;
};

// One port, 0-65535, digits only (strconv.ParseUint(s, 10, 16)).
RangeStatus parse_port(std::string_view text, unsigned& port) {
    if (text.empty() || text.size() > 10 ||
        text.find_first_not_of("0123456789") != std::string_view::npos) {
        return RangeStatus::NotANumber;
    }
    unsigned long value = std::stoul(std::string(text));
    if (value > 65535) return RangeStatus::TooLarge;
    port = static_cast<unsigned>(value);
    return RangeStatus::Ok;
}

// PORT or FIRST-LAST.
PortRange parse_range(std::string_view text) {
    PortRange range;
    std::size_t dash = text.find('-');
    range.status = parse_port(text.substr(0, dash), range.first);
    if (range.status != RangeStatus::Ok) return range;
    if (dash == std::string_view::npos) {
        range.last = range.first;
        return range;
    }
    range.status = parse_port(text.substr(dash + 1), range.last);
    if (range.status == RangeStatus::Ok && range.last < range.first) {
        range.status = RangeStatus::Reversed;
    }
    return range;
}

// The complaint about a port or range that failed to parse, or that holds 0
// where a container port is needed.
std::string range_problem(std::string_view raw, const PortRange& range, std::string_view part) {
    std::string message = "invalid port " + quoted(raw);
    switch (range.status) {
    case RangeStatus::Ok: return message + ": the container port cannot be 0";
    case RangeStatus::NotANumber: return message;
    case RangeStatus::TooLarge: return message + ": port numbers go up to 65535";
    case RangeStatus::Reversed:
        return message + ": the range " + std::string(part) + " ends before it starts";
    }
    return message;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

// The text a port value stands for: an integer's decimal digits, a string as is.
std::optional<std::string> port_text(const Node& node) {
    if (node.kind == NodeKind::String) return node.text;
    if (node.kind != NodeKind::Int) return std::nullopt;
    std::optional<long long> value = scalar_integer(node);
    if (!value) return std::nullopt;
    return std::to_string(*value);
}

// [[IP:]HOST:]CONTAINER[/PROTOCOL] once the IP, host and container parts are apart.
std::optional<std::string> check_port_parts(std::string_view raw, std::string_view ip,
                                            std::string_view host, std::string_view container) {
    std::vector<std::string_view> proto_parts = split(container, '/');
    container = proto_parts[0];
    std::string_view protocol = proto_parts.size() > 1 ? proto_parts[1] : "";
    if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
    if (!ip.empty() && !is_ip_address(ip)) {
        return "invalid port " + quoted(raw) + ": invalid host IP " + quoted(ip);
    }
    if (container.empty()) return "invalid port " + quoted(raw) + ": no container port";
    PortRange inside = parse_range(container);
    if (inside.status != RangeStatus::Ok || inside.first == 0) {
        return range_problem(raw, inside, container);
    }
    if (!host.empty()) {
        PortRange outside = parse_range(host);
        if (outside.status != RangeStatus::Ok) return range_problem(raw, outside, host);
        if (inside.first != inside.last &&
            outside.last - outside.first != inside.last - inside.first) {
            return "invalid port " + quoted(raw) + ": the host range " + std::string(host) +
                   " and the container range " + std::string(container) + " differ in size";
        }
    }
    if (!protocol.empty() && !is_protocol(protocol)) {
        return "invalid port " + quoted(raw) + ": unknown protocol " + quoted(protocol) +
               " (use tcp, udp or sctp)";
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> check_port_spec(const Node& node) {
    std::optional<std::string> text = port_text(node);
    if (!text) return "invalid port " + quoted(node.text);
    if (text->empty()) return "invalid port \"\": the port specification is empty";
    std::vector<std::string_view> parts = split(*text, ':');
    std::size_t n = parts.size();
    std::string_view container = parts[n - 1];
    std::string_view host = n >= 2 ? parts[n - 2] : "";
    std::string_view ip;
    if (n >= 3) {
        std::string_view whole = *text;
        ip = whole.substr(0, static_cast<std::size_t>(host.data() - whole.data()) - 1);
    }
    return check_port_parts(*text, ip, host, container);
}

std::optional<std::string> check_target_port(const Node& node) {
    std::optional<std::string> text = port_text(node);
    if (!text) return "invalid port " + quoted(node.text);
    unsigned port = 0;
    RangeStatus status = parse_port(*text, port);
    if (status == RangeStatus::Ok && port != 0) return std::nullopt;
    return range_problem(*text, PortRange{status, port, port}, *text);
}

std::optional<std::string> check_published_port(const Node& node) {
    if (node.kind == NodeKind::String && node.text.empty()) return std::nullopt;
    std::optional<std::string> text = port_text(node);
    if (!text) return "invalid port " + quoted(node.text);
    PortRange range = parse_range(*text);
    if (range.status == RangeStatus::Ok) return std::nullopt;
    return range_problem(*text, range, *text);
}

std::optional<std::string> check_exposed_port(const Node& node) {
    std::optional<std::string> text = port_text(node);
    if (!text) return "invalid port " + quoted(node.text);
    std::vector<std::string_view> parts = split(*text, '/');
    PortRange range = parse_range(parts[0]);
    if (range.status != RangeStatus::Ok || range.first == 0) {
        return range_problem(*text, range, parts[0]);
    }
    std::string_view protocol = std::string_view(*text).substr(parts[0].size());
    if (!protocol.empty() && !is_protocol(protocol.substr(1))) {
        return "invalid port " + quoted(*text) + ": unknown protocol " +
               quoted(protocol.substr(1)) + " (use tcp, udp or sctp)";
    }
    return std::nullopt;
}

}  // namespace dc::schema
