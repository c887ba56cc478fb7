// Decoding the attributes with a shape of their own: extra_hosts, ulimits
// and build.ssh.
#include <algorithm>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/normalize_internal.h"
#include "core/normalize_text.h"

namespace dc {

namespace {

using HostEntries = std::vector<std::pair<std::string, std::string>>;

void add_host_ips(HostEntries& out, const std::string& host, std::string_view ips) {
    std::size_t start = 0;
    while (true) {
        std::size_t comma = ips.find(',', start);
        out.emplace_back(host, std::string(ips.substr(start, comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
}

HostEntries host_entries(const Node& node, const std::string& path) {
    HostEntries out;
    if (node.is_mapping()) {
        for (const Entry& entry : node.entries) {
            const Node& value = *entry.value;
            if (value.is_sequence()) {
                for (const Node& ip : value.items) out.emplace_back(entry.key, go_sprint(ip));
            } else {
                out.emplace_back(entry.key, value.is_null() ? "" : go_sprint(value));
            }
        }
        return out;
    }
    if (!node.is_sequence()) config_error(node.mark, path, "expected a list or a mapping");
    for (std::size_t i = 0; i < node.items.size(); ++i) {
        std::string text = go_sprint(node.items[i]);
        std::size_t sep = text.find('=');
        if (sep == std::string::npos) sep = text.find(':');
        if (sep == std::string::npos) {
            config_error(node.items[i].mark, path_index(path, i),
                         "invalid additional host, missing IP: " + text);
        }
        add_host_ips(out, text.substr(0, sep), std::string_view(text).substr(sep + 1));
    }
    return out;
}

}  // namespace

void decode_host_list(Node& node, const std::string& path) {
    std::vector<std::string> lines;
    for (auto& [host, ip] : host_entries(node, path)) {
        if (host.empty() || host.find_first_of(":=") != std::string::npos) {
            config_error(node.mark, path, "bad host name '" + host + "'");
        }
        if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']')
            ip = ip.substr(1, ip.size() - 2);
        lines.push_back(host + "=" + ip);
    }
    std::sort(lines.begin(), lines.end());
    Node list = Node::sequence(node.mark);
    for (std::string& line : lines) list.items.push_back(Node::string(std::move(line), node.mark));
    node = std::move(list);
}

void decode_ulimit(Node& node, const std::string& path) {
    auto limit = [&](const Node* value, std::string_view key) {
        if (value == nullptr) return Node::integer(0, node.mark);
        auto parsed = value->kind == NodeKind::Int ? parse_go_int(value->text) : std::nullopt;
        if (!parsed) config_error(value->mark, path_join(path, key), "expected an integer");
        return Node::integer(*parsed, value->mark);
    };
    if (node.kind == NodeKind::Int) {
        node = limit(&node, "");
        if (node.text != "0") return;
        node = Node::mapping(node.mark);
    }
    if (!node.is_mapping()) config_error(node.mark, path, "expected an integer or a mapping");
    Node soft = limit(node.find("soft"), "soft");
    Node hard = limit(node.find("hard"), "hard");
    Node out = Node::mapping(node.mark);
    out.set("soft", std::move(soft));
    out.set("hard", std::move(hard));
    node = std::move(out);
}

void decode_ssh_keys(Node& node, const std::string& path) {
    std::vector<std::pair<std::string, std::string>> keys;
    if (node.is_sequence()) {
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            std::string text = go_sprint(node.items[i]);
            std::size_t eq = text.find('=');
            if (eq == std::string::npos && text != "default") {
                config_error(node.items[i].mark, path_index(path, i),
                             "invalid ssh key \"" + text + "\"");
            }
            if (eq == std::string::npos) {
                keys.emplace_back(text, "");
            } else {
                keys.emplace_back(text.substr(0, eq), text.substr(eq + 1));
            }
        }
    } else if (node.is_mapping()) {
        for (const Entry& entry : node.entries) {
            keys.emplace_back(entry.key, entry.value->is_null() ? "" : go_sprint(*entry.value));
        }
    } else {
        config_error(node.mark, path, "expected a list or a mapping");
    }
    std::stable_sort(keys.begin(), keys.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Node list = Node::sequence(node.mark);
    for (auto& [id, key_path] : keys) {
        list.items.push_back(Node::string(key_path.empty() ? id : id + ": " + key_path, node.mark));
    }
    node = std::move(list);
}

}  // namespace dc
