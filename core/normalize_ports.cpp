// Port short syntax, read as docker/go-connections' nat.ParsePortSpec does:
// "[ip:][host[-range]:]container[-range][/proto]".
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include <arpa/inet.h>

#include "core/error.h"
#include "core/normalize_internal.h"
#include "core/normalize_text.h"

namespace dc {

namespace {

struct PortRange {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
};

std::optional<std::uint64_t> parse_port_number(std::string_view text) {
    if (text.empty() || text.size() > 5) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > 65535) return std::nullopt;
    return value;
}

std::optional<PortRange> parse_port_range(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::size_t dash = text.find('-');
    if (dash == std::string_view::npos) {
        auto port = parse_port_number(text);
        if (!port) return std::nullopt;
        return PortRange{*port, *port};
    }
    std::string_view rest = text.substr(dash + 1);
    auto start = parse_port_number(text.substr(0, dash));
    auto end = parse_port_number(rest.substr(0, rest.find('-')));
    if (!start || !end || *end < *start) return std::nullopt;
    return PortRange{*start, *end};
}

bool is_ip_address(const std::string& text) {
    unsigned char buf[16];
    return inet_pton(AF_INET, text.c_str(), buf) == 1 ||
           inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

struct PortSpec {
    std::string ip;
    std::string host;
    std::string container;
    std::string protocol;
};

PortSpec split_port_spec(const std::string& raw) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t colon = raw.find(':', start);
        parts.push_back(raw.substr(start, colon - start));
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    PortSpec spec;
    std::size_t n = parts.size();
    spec.container = parts[n - 1];
    if (n == 2) spec.host = parts[0];
    if (n >= 3) {
        spec.host = parts[n - 2];
        for (std::size_t i = 0; i + 2 < n; ++i) spec.ip += (i > 0 ? ":" : "") + parts[i];
    }
    std::size_t slash = spec.container.find('/');
    if (spec.container.empty() || slash == 0) {
        spec.container.clear();
    } else if (slash == std::string::npos) {
        spec.protocol = "tcp";
    } else {
        std::string rest = spec.container.substr(slash + 1);
        spec.protocol = rest.substr(0, rest.find('/'));
        if (spec.protocol.empty()) spec.protocol = "tcp";
        spec.container.resize(slash);
    }
    for (char& c : spec.protocol)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return spec;
}

Node port_mapping(const PortSpec& spec, std::uint64_t target, const std::string& published,
                  const Mark& mark) {
    Node port = Node::mapping(mark);
    port.set("mode", Node::string("ingress", mark));
    if (!spec.ip.empty()) port.set("host_ip", Node::string(spec.ip, mark));
    port.set("target", Node::integer(static_cast<long long>(target), mark));
    if (!published.empty()) port.set("published", Node::string(published, mark));
    port.set("protocol", Node::string(spec.protocol, mark));
    return port;
}

void parse_port_spec(const std::string& raw, const Node& item, const std::string& path,
                     std::vector<Node>& out) {
    auto fail = [&](const std::string& message) { config_error(item.mark, path, message); };
    PortSpec spec = split_port_spec(raw);
    if (!spec.ip.empty() && spec.ip[0] == '[') {
        std::size_t close = spec.ip.find(']');
        if (close == std::string::npos || close + 1 != spec.ip.size()) {
            fail("invalid IP address " + spec.ip);
        }
        spec.ip = spec.ip.substr(1, close - 1);
    }
    if (!spec.ip.empty() && !is_ip_address(spec.ip)) fail("invalid IP address: " + spec.ip);
    if (spec.container.empty()) fail("no port specified: " + raw + "<empty>");
    auto container = parse_port_range(spec.container);
    if (!container) fail("invalid containerPort: " + spec.container);
    PortRange host;
    if (!spec.host.empty()) {
        auto parsed = parse_port_range(spec.host);
        if (!parsed) fail("invalid hostPort: " + spec.host);
        host = *parsed;
        if (container->end - container->start != host.end - host.start &&
            container->end != container->start) {
            fail("invalid ranges specified for container and host Ports: " + spec.container +
                 " and " + spec.host);
        }
    }
    if (spec.protocol != "tcp" && spec.protocol != "udp" && spec.protocol != "sctp") {
        fail("invalid proto: " + spec.protocol);
    }
    // Compose sorts the ports of one spec by their "port/proto" text.
    std::vector<std::pair<std::string, Node>> sorted;
    for (std::uint64_t i = 0; i <= container->end - container->start; ++i) {
        std::string published;
        if (!spec.host.empty()) {
            published = std::to_string(host.start + i);
            if (container->start == container->end && host.start != host.end) {
                published += "-" + std::to_string(host.end);
            }
        }
        std::uint64_t target = container->start + i;
        sorted.emplace_back(std::to_string(target) + "/" + spec.protocol,
                            port_mapping(spec, target, published, item.mark));
    }
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& entry : sorted) out.push_back(std::move(entry.second));
}

}  // namespace

Node expand_ports(const Node& ports, const std::string& path) {
    if (!ports.is_sequence()) config_error(ports.mark, path, "expected a list of ports");
    std::vector<Node> out;
    out.reserve(ports.items.size());
    for (std::size_t i = 0; i < ports.items.size(); ++i) {
        const Node& item = ports.items[i];
        std::string item_path = path_index(path, i);
        if (item.kind == NodeKind::Int || item.kind == NodeKind::String) {
            parse_port_spec(go_sprint(item), item, item_path, out);
        } else if (item.is_mapping()) {
            Node port = item;
            if (!port.find("protocol")) port.set("protocol", Node::string("tcp", item.mark));
            if (!port.find("mode")) port.set("mode", Node::string("ingress", item.mark));
            out.push_back(std::move(port));
        } else {
            config_error(item.mark, item_path,
                         "invalid port: expected a string, a number or a mapping");
        }
    }
    Node result = Node::sequence(ports.mark);
    result.items = std::move(out);
    return result;
}

}  // namespace dc
