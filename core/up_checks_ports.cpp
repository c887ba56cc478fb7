// The host ports of the containers `up` starts, checked before anything is created: the engine
// would otherwise fail at the start of the one container, with half of the project made.
#include <cerrno>
#include <charconv>
#include <cstring>
#include <set>
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/error.h"
#include "core/labels.h"
#include "core/service_model.h"
#include "core/up_checks_internal.h"
#include "core/up_checks.h"

namespace dc {

namespace {

using up_checks::fail;
using up_checks::quoted;
using up_checks::text_at;

int parse_port(std::string_view text) {
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() ? value : 0;
}

std::string label_of(const Labels& labels, const char* key) {
    auto it = labels.find(key);
    return it != labels.end() ? it->second : std::string();
}

bool is_wildcard(const std::string& ip) {
    return ip.empty() || ip == "0.0.0.0" || ip == "::";
}

// Whether two host addresses can collide: the same one, or either is every interface.
bool overlaps(const std::string& a, const std::string& b) {
    return is_wildcard(a) || is_wildcard(b) || a == b;
}

// The services whose containers the plan starts: created ones, and existing ones started again.
std::set<std::string> started_services(const Plan& plan, const ObservedState& observed) {
    std::map<std::string, std::string> service_of;  // Container id -> service.
    for (const auto& [service, containers] : observed.containers) {
        for (const ObservedContainer& container : containers) service_of[container.id] = service;
    }
    std::set<std::string> out;
    for (const Action& action : plan.actions()) {
        if (action.kind != ActionKind::StartContainer) continue;
        if (action.container.created_by != 0) {
            out.insert(plan.action(action.container.created_by).service);
        } else if (auto it = service_of.find(action.container.id); it != service_of.end()) {
            out.insert(it->second);
        }
    }
    return out;
}

void check_between_services(const std::vector<HostPort>& ports) {
    for (std::size_t i = 0; i < ports.size(); ++i) {
        for (std::size_t j = i + 1; j < ports.size(); ++j) {
            const HostPort& a = ports[i];
            const HostPort& b = ports[j];
            if (a.service == b.service || a.is_range() || b.is_range()) continue;
            if (a.first != b.first || a.protocol != b.protocol) continue;
            if (!overlaps(a.host_ip, b.host_ip)) continue;
            const auto& [first, second] = a.service < b.service ? std::pair(a, b) : std::pair(b, a);
            fail("services " + quoted(first.service) + " and " + quoted(second.service) +
                 " both publish host port " + host_port_text(first));
        }
    }
}

// Who holds one host port, as far as the check is concerned.
enum class Holder { Nobody, Ours, Container, Process };

struct PortCheck {
    const std::string& project;
    const std::vector<ContainerSummary>& containers;
    const std::set<std::string>& freed;  // Containers the plan stops or removes first.
    PortProbe probe;

    // The holder of `port` for `wanted`; `name` gets the holding container's name.
    Holder holder(const HostPort& wanted, int port, std::string& name) const {
        for (const ContainerSummary& container : containers) {
            if (container.state != "running" && container.state != "restarting") continue;
            for (const PublishedPort& published : container.ports) {
                if (published.public_port != port || published.protocol != wanted.protocol ||
                    !overlaps(published.host_ip, wanted.host_ip)) {
                    continue;
                }
                // The service's own containers are kept (and hold their ports) or replaced.
                bool own = label_of(container.labels, kLabelProject) == project &&
                           label_of(container.labels, kLabelService) == wanted.service;
                if (own || freed.contains(container.id)) return Holder::Ours;
                name = container.id.substr(0, 12);
                for (const std::string& alias : container.names) {
                    if (alias.find('/') == std::string::npos) name = alias;
                }
                return Holder::Container;
            }
        }
        if (probe == PortProbe::Bind &&
            probe_bind(wanted.host_ip, port, wanted.protocol) == BindResult::InUse) {
            return Holder::Process;
        }
        return Holder::Nobody;
    }

    void check(const HostPort& wanted) const {
        const std::string prefix = "service " + quoted(wanted.service) + ": ";
        for (int port = wanted.first; port <= wanted.last; ++port) {
            std::string name;
            Holder found = holder(wanted, port, name);
            // The engine picks any free port of a range: one is enough.
            if (wanted.is_range() && (found == Holder::Nobody || found == Holder::Ours)) return;
            if (wanted.is_range()) continue;
            if (found == Holder::Container || found == Holder::Process) {
                fail(prefix + "host port " + host_port_text(wanted) + " is already in use (by " +
                     (found == Holder::Container ? "container " + quoted(name)
                                                 : std::string("another process")) +
                     ")");
            }
        }
        if (wanted.is_range()) {
            fail(prefix + "host ports " + host_port_text(wanted) + " are all in use");
        }
    }
};

}  // namespace

std::string host_port_text(const HostPort& port) {
    std::string text;
    if (!port.host_ip.empty()) {
        text = port.host_ip.find(':') != std::string::npos ? "[" + port.host_ip + "]:"
                                                           : port.host_ip + ":";
    }
    text += std::to_string(port.first);
    if (port.is_range()) text += "-" + std::to_string(port.last);
    if (port.protocol != "tcp") text += "/" + port.protocol;
    return text;
}

std::vector<HostPort> published_host_ports(const Project& project, const std::string& service) {
    std::vector<HostPort> out;
    const Node& node = service_node(project, service);
    if (text_at(node, "network_mode") == "host") return out;
    const Node* ports = node.find("ports");
    if (ports == nullptr || !ports->is_sequence()) return out;
    for (const Node& item : ports->items) {
        if (!item.is_mapping()) continue;
        std::string published = text_at(item, "published");
        if (published.empty()) continue;  // Ephemeral: the engine picks a free port.
        std::size_t dash = published.find('-');
        HostPort port{.service = service, .host_ip = text_at(item, "host_ip")};
        port.first = parse_port(std::string_view(published).substr(0, dash));
        port.last = dash == std::string::npos
                        ? port.first
                        : parse_port(std::string_view(published).substr(dash + 1));
        std::string protocol = text_at(item, "protocol");
        if (!protocol.empty()) port.protocol = protocol;
        if (port.first > 0 && port.last >= port.first) out.push_back(port);
    }
    return out;
}

BindResult probe_bind(const std::string& host_ip, int port, const std::string& protocol) {
    int type = protocol == "tcp" ? SOCK_STREAM : protocol == "udp" ? SOCK_DGRAM : 0;
    if (type == 0) return BindResult::Free;
    sockaddr_storage address{};
    socklen_t length = 0;
    if (host_ip.find(':') != std::string::npos) {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<std::uint16_t>(port));
        if (inet_pton(AF_INET6, host_ip.c_str(), &v6->sin6_addr) != 1) return BindResult::Free;
        length = sizeof(sockaddr_in6);
    } else {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<std::uint16_t>(port));
        const std::string ip = host_ip.empty() ? "0.0.0.0" : host_ip;
        if (inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) != 1) return BindResult::Free;
        length = sizeof(sockaddr_in);
    }
    int fd = ::socket(address.ss_family, type | SOCK_CLOEXEC, 0);
    if (fd < 0) return BindResult::Free;
    // Without SO_REUSEADDR a port in TIME_WAIT, which the engine could use, would look taken.
    int one = 1;
    if (type == SOCK_STREAM) ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int result = ::bind(fd, reinterpret_cast<sockaddr*>(&address), length);
    int error = errno;
    ::close(fd);
    return result != 0 && error == EADDRINUSE ? BindResult::InUse : BindResult::Free;
}

void check_host_ports(const Project& project, const Plan& plan, const ObservedState& observed,
                      const std::vector<ContainerSummary>& containers, PortProbe probe) {
    std::vector<HostPort> ports;
    for (const std::string& service : started_services(plan, observed)) {
        for (HostPort& port : published_host_ports(project, service)) ports.push_back(port);
    }
    check_between_services(ports);
    std::set<std::string> freed;
    for (const Action& action : plan.actions()) {
        bool stops =
            action.kind == ActionKind::StopContainer || action.kind == ActionKind::RemoveContainer;
        if (stops && !action.container.id.empty()) freed.insert(action.container.id);
    }
    const PortCheck check{project.name, containers, freed, probe};
    for (const HostPort& port : ports) check.check(port);
}

}  // namespace dc
