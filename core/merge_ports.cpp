// Ports for Compose's unicity rule: short syntax parsed as
// docker/go-connections does, and the key compose-go's portIndexer builds
// ("host_ip:published:target/protocol") from the canonical form.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/error.h"
#include "core/merge_internal.h"
#include "core/normalize_text.h"

namespace dc::merge_detail {

namespace {

struct PortRange {
    unsigned start = 0;
    unsigned end = 0;
};

// strconv.ParseUint(text, 10, 16).
std::optional<unsigned> parse_port(std::string_view text) {
    if (text.empty() || text.size() > 16) return std::nullopt;
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
        if (value > 65535) return std::nullopt;
    }
    return value;
}

// nat.ParsePortRange: "80" or "8000-8010".
std::optional<PortRange> parse_port_range(std::string_view text) {
    std::size_t dash = text.find('-');
    auto start = parse_port(text.substr(0, dash));
    auto end = dash == std::string_view::npos ? start : parse_port(text.substr(dash + 1));
    if (!start || !end || *end < *start) return std::nullopt;
    return PortRange{*start, *end};
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// Go's fmt "%s" and "%d" of a value decoded from YAML, including the
// "%!s(int=80)" text Go prints for a mismatched type.
std::string go_format(const Node* value, char verb) {
    if (!value || value->is_null()) return std::string("%!") + verb + "(<nil>)";
    bool matches = verb == 's' ? value->kind == NodeKind::String : value->kind == NodeKind::Int;
    if (matches || value->is_sequence() || value->is_mapping()) return go_value_string(*value);
    std::string_view type = value->kind == NodeKind::String ? "string"
                            : value->kind == NodeKind::Int  ? "int"
                            : value->kind == NodeKind::Bool ? "bool"
                                                            : "float64";
    return std::string("%!") + verb + "(" + std::string(type) + "=" + go_value_string(*value) + ")";
}

std::string binding_key(const PortBinding& b) {
    return (b.host_ip.empty() ? "0.0.0.0" : b.host_ip) + ":" +
           (b.published.empty() ? "%!s(<nil>)" : b.published) + ":" + b.target + "/" + b.protocol;
}

std::string binding_short_syntax(const PortBinding& b) {
    std::string out;
    if (!b.host_ip.empty()) {
        out += b.host_ip.find(':') == std::string::npos ? b.host_ip : "[" + b.host_ip + "]";
        out += ":" + b.published + ":";
    } else if (!b.published.empty()) {
        out += b.published + ":";
    }
    return out + b.target + "/" + b.protocol;
}

// A long-syntax port's key, with Compose's quirks: a missing host_ip counts
// as 0.0.0.0, and an integer `published` does not match the same port
// written as a string.
std::string mapping_key(const Node& port, const PathLink& path, std::size_t index) {
    const Node* target = port.find("target");
    if (!target) config_error(port.mark, path_index(path.str(), index), "missing a target port");
    const Node* host_ip = port.find("host_ip");
    const Node* protocol = port.find("protocol");
    return (host_ip ? go_format(host_ip, 's') : "0.0.0.0") + ":" +
           go_format(port.find("published"), 's') + ":" + go_format(target, 'd') + "/" +
           (protocol ? go_format(protocol, 's') : "tcp");
}

struct IndexedPort {
    std::vector<std::string> keys;
    std::vector<PortBinding> bindings;  // Set for a short-syntax item.
};

IndexedPort index_port(const Node& item, const PathLink& path, std::size_t index) {
    IndexedPort out;
    if (item.is_mapping()) {
        out.keys.push_back(mapping_key(item, path, index));
        return out;
    }
    std::string spec = item.kind == NodeKind::String ? item.text : go_value_string(item);
    if (auto bindings = parse_port_spec(spec)) {
        for (const PortBinding& b : *bindings) out.keys.push_back(binding_key(b));
        out.bindings = std::move(*bindings);
    } else {
        out.keys.push_back(spec);
    }
    return out;
}

}  // namespace

std::optional<std::vector<PortBinding>> parse_port_spec(std::string_view spec) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        std::size_t colon = spec.find(':', start);
        parts.push_back(spec.substr(start, colon - start));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    std::size_t n = parts.size();
    std::string_view container = parts[n - 1];
    std::string_view host = n >= 2 ? parts[n - 2] : std::string_view();
    std::string ip =
        n >= 3 ? std::string(spec.substr(0, parts[n - 2].data() - spec.data() - 1)) : "";
    std::string protocol = "tcp";
    if (std::size_t slash = container.find('/'); slash != std::string_view::npos) {
        std::string_view proto = container.substr(slash + 1);
        proto = proto.substr(0, proto.find('/'));
        if (!proto.empty()) protocol = lowercase(proto);
        container = container.substr(0, slash);
    }
    if (!ip.empty() && ip.front() == '[') {
        if (ip.back() != ']') return std::nullopt;
        ip = ip.substr(1, ip.size() - 2);
    }
    if (protocol != "tcp" && protocol != "udp" && protocol != "sctp") return std::nullopt;
    auto targets = parse_port_range(container);
    auto published = host.empty() ? std::optional<PortRange>(PortRange{}) : parse_port_range(host);
    if (!targets || !published) return std::nullopt;
    unsigned count = targets->end - targets->start;
    if (!host.empty() && count != published->end - published->start && count != 0) {
        return std::nullopt;
    }
    std::vector<PortBinding> out;
    for (unsigned i = 0; i <= count; ++i) {
        PortBinding b{ip, "", std::to_string(targets->start + i), protocol};
        if (!host.empty()) {
            b.published = std::to_string(published->start + i);
            if (count == 0 && published->start != published->end) {
                b.published += "-" + std::to_string(published->end);
            }
        }
        out.push_back(std::move(b));
    }
    // Compose orders a range by the text of "target/protocol".
    std::sort(out.begin(), out.end(), [](const PortBinding& a, const PortBinding& b) {
        return a.target + "/" + a.protocol < b.target + "/" + b.protocol;
    });
    return out;
}

void dedupe_ports(Node& list, const PathLink& path) {
    std::vector<IndexedPort> indexed;
    indexed.reserve(list.items.size());
    std::unordered_set<std::string> keys;
    bool duplicate = false;
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        indexed.push_back(index_port(list.items[i], path, i));
        for (const std::string& key : indexed.back().keys) duplicate |= !keys.insert(key).second;
    }
    if (!duplicate) return;
    std::unordered_map<std::string, std::size_t> seen;
    std::vector<Node> out;
    auto add = [&](const std::string& key, Node item) {
        auto [it, inserted] = seen.try_emplace(key, out.size());
        if (inserted) {
            out.push_back(std::move(item));
        } else {
            out[it->second] = std::move(item);
        }
    };
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        const IndexedPort& port = indexed[i];
        if (port.bindings.size() <= 1) {
            add(port.keys[0], std::move(list.items[i]));
            continue;
        }
        for (const PortBinding& b : port.bindings) {
            add(binding_key(b), Node::string(binding_short_syntax(b), list.items[i].mark));
        }
    }
    list.items = std::move(out);
}

}  // namespace dc::merge_detail
