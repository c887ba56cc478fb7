// The docker CLI's field formatting for `dc ps` (see core/ps_format.h).
#include "core/ps_format.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace dc {

namespace {

// Whether a byte starts a UTF-8 character (rather than continuing one).
bool starts_character(char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
}

// Go's net.JoinHostPort: IPv6 addresses in brackets.
std::string join_host_port(const std::string& host, const std::string& port) {
    return host.find(':') != std::string::npos ? "[" + host + "]:" + port : host + ":" + port;
}

struct PortGroup {
    int first = 0;
    int last = 0;
};

// "80/tcp", "80-81/tcp", or with an address "127.0.0.1:80-81->80-81/tcp".
std::string group_text(const std::string& key, const PortGroup& group) {
    std::size_t slash = key.rfind('/');
    std::string ip = slash == std::string::npos ? std::string() : key.substr(0, slash);
    std::string type = slash == std::string::npos ? key : key.substr(slash + 1);
    std::string ports = std::to_string(group.first);
    if (group.last != group.first) ports += "-" + std::to_string(group.last);
    if (!ip.empty()) ports = join_host_port(ip, ports) + "->" + ports;
    return ports + "/" + type;
}

}  // namespace

std::string go_quote(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\t': out += "\\t"; continue;
        case '\r': out += "\\r"; continue;
        default: break;
        }
        if (byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string ellipsis(std::string_view text, std::size_t width) {
    if (width == 0) return {};
    std::size_t characters = std::count_if(text.begin(), text.end(), starts_character);
    if (characters <= width) return std::string(text);
    // Keep width - 1 characters, then the ellipsis.
    std::size_t kept = 0;
    std::size_t end = 0;
    for (; end < text.size(); ++end) {
        if (starts_character(text[end]) && kept++ == width - 1) break;
    }
    return std::string(text.substr(0, end)) + "\u2026";
}

std::string displayable_ports(std::vector<PublishedPort> ports) {
    std::stable_sort(ports.begin(), ports.end(), [](const auto& a, const auto& b) {
        return std::tie(a.private_port, a.host_ip, a.public_port, a.protocol) <
               std::tie(b.private_port, b.host_ip, b.public_port, b.protocol);
    });
    std::map<std::string, PortGroup> groups;
    std::vector<std::string> order;  // Group keys, in the order they were first seen.
    std::vector<std::string> parts;
    std::vector<std::string> mappings;  // Host ports that differ from the container's.
    for (const PublishedPort& port : ports) {
        const int current = port.private_port;
        std::string key = port.protocol;
        if (!port.host_ip.empty()) {
            if (port.public_port != current) {
                mappings.push_back(join_host_port(port.host_ip, std::to_string(port.public_port)) +
                                   "->" + std::to_string(current) + "/" + port.protocol);
                continue;
            }
            key = port.host_ip + "/" + port.protocol;
        }
        auto it = groups.find(key);
        if (it == groups.end()) {
            groups[key] = {current, current};
            order.push_back(key);
        } else if (current == it->second.last + 1) {
            it->second.last = current;
        } else {
            parts.push_back(group_text(key, it->second));
            it->second = {current, current};
        }
    }
    for (const std::string& key : order) parts.push_back(group_text(key, groups[key]));
    parts.insert(parts.end(), mappings.begin(), mappings.end());
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
    return out;
}

std::string go_time_text(std::time_t time) {
    std::tm local{};
    localtime_r(&time, &local);
    char buffer[96];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S %z %Z", &local);
    return buffer;
}

}  // namespace dc
