// The checks `dc up` makes before it creates anything, so that a problem the engine would only
// report halfway through (a host port taken, an image missing, a container name in use) stops the
// command at once, with one line naming the service, and leaves nothing half-made behind.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/graph.h"
#include "core/loader.h"
#include "core/observed_state.h"
#include "core/plan.h"
#include "core/up.h"

namespace dc {

// Checks `plan` against what the engine has: the host ports of the containers it starts (held by
// another container, or, with PortProbe::Bind, by another process; or published by two of the
// project's services) and the names of the containers it creates. Throws dc::Error (Failure) for
// the first problem: `service "db": host port 5432 is already in use (by container "other-db-1")`.
void check_up_plan(const Project& project, const Plan& plan, const ObservedState& observed,
                   Engine& engine, const UpOptions& options);

// ---- Parts, for the tests --------------------------------------------------------------------

// A host port, or range of ports, that a service publishes.
struct HostPort {
    std::string service{};
    std::string host_ip{};  // Empty: every interface.
    int first = 0;
    int last = 0;  // Equal to first, or the end of a range the engine picks one port from.
    std::string protocol = "tcp";

    bool is_range() const { return last != first; }
};

// "5432", "127.0.0.1:5432", "5353/udp", "8000-8010": how messages name it.
std::string host_port_text(const HostPort& port);

// The host ports `service` publishes (none in network_mode host).
std::vector<HostPort> published_host_ports(const Project& project, const std::string& service);

// The host port part of check_up_plan: `containers` are every container the engine has.
void check_host_ports(const Project& project, const Plan& plan, const ObservedState& observed,
                      const std::vector<ContainerSummary>& containers, PortProbe probe);

// Whether a socket of `protocol` can bind host_ip:port now; false only when the address is in
// use (any other failure, such as a privileged port or an address this host lacks, says nothing).
enum class BindResult { Free, InUse };
BindResult probe_bind(const std::string& host_ip, int port, const std::string& protocol);

}  // namespace dc
