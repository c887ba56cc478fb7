#include "core/ps.h"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/labels.h"
#include "core/ps_format.h"
#include "core/table.h"

namespace dc {

namespace {

struct Row {
    ContainerSummary summary;
    std::string name;
    std::string service;
    int exit_code = 0;
    std::string health;
    std::vector<std::string> mounts;  // Volume names, or a bind's source (JSON only).
    int local_volumes = 0;            // Mounts of the "local" driver (JSON only).
};

int exit_code_of(const std::string& status) {
    // "Exited (3) 2 seconds ago"
    std::size_t open = status.find("Exited (");
    if (open == std::string::npos) return 0;
    return std::atoi(status.c_str() + open + 8);
}

std::string health_of(const std::string& status) {
    for (const char* h : {"(healthy)", "(unhealthy)", "(health: starting)"}) {
        if (status.find(h) != std::string::npos) {
            std::string word(h + 1);
            word.pop_back();
            return word == "health: starting" ? "starting" : word;
        }
    }
    return {};
}

std::string labels_text(const Labels& labels) {
    std::string out;
    for (const auto& [k, v] : labels) out += (out.empty() ? "" : ",") + k + "=" + v;
    return out;
}

bool keep(const Row& row, const PsOptions& options, const std::vector<std::string>& states) {
    if (!options.services.empty() && std::find(options.services.begin(), options.services.end(),
                                               row.service) == options.services.end()) {
        return false;
    }
    if (!states.empty() &&
        std::find(states.begin(), states.end(), row.summary.state) == states.end()) {
        return false;
    }
    return true;
}

std::vector<std::string> wanted_states(const PsOptions& options) {
    std::vector<std::string> states = options.status;
    for (const std::string& f : options.filters) {
        if (f.rfind("status=", 0) != 0) {
            throw Error(ErrorKind::Usage,
                        "invalid filter \"" + f + "\": only status=<state> is supported");
        }
        states.push_back(f.substr(7));
    }
    return states;
}

std::vector<Row> collect(const std::string& project, Engine& engine, const PsOptions& options) {
    ContainerListOptions list;
    std::vector<std::string> states = wanted_states(options);
    list.all = options.all || !states.empty();
    list.filters["label"] = {std::string(kLabelProject) + "=" + project,
                             std::string(kLabelOneoff) + "=" + kOneoffFalse};
    std::vector<Row> rows;
    for (ContainerSummary& c : value_or_throw(engine.list_containers(list))) {
        Row row;
        row.name = c.names.empty() ? c.id.substr(0, 12) : c.names.front();
        auto service = c.labels.find(kLabelService);
        row.service = service == c.labels.end() ? "" : service->second;
        row.exit_code = exit_code_of(c.status);
        row.health = health_of(c.status);
        row.summary = std::move(c);
        if (keep(row, options, states)) rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.name < b.name; });
    return rows;
}

// What Compose reads from inspecting each container for its JSON: the exit code of a stopped
// container, the health of a running one, and the mounts.
void add_inspection(Row& row, Engine& engine) {
    auto inspected = engine.inspect_container(row.summary.id);
    if (!inspected || !inspected->has_value()) return;  // Gone meanwhile: the list's view stays.
    const ContainerInfo& info = **inspected;
    const std::string& state = info.state.status;
    row.exit_code = state == "exited" || state == "dead" ? info.state.exit_code : 0;
    row.health = state == "running" ? info.state.health : std::string();
    for (const MountInfo& mount : info.mounts) {
        row.mounts.push_back(mount.name.empty() ? mount.source : mount.name);
        if (mount.driver == "local") ++row.local_volumes;
    }
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

// The docker CLI's quoted command, cut to 20 characters (tables and JSON alike).
std::string command_text(const std::string& command) {
    return go_quote(ellipsis(command, 20));
}

// Compose's publishers: sorted by container port (the engine's order otherwise).
nlohmann::ordered_json publishers_json(std::vector<PublishedPort> ports) {
    std::stable_sort(ports.begin(), ports.end(), [](const auto& a, const auto& b) {
        return std::tie(a.private_port, a.host_ip) < std::tie(b.private_port, b.host_ip);
    });
    nlohmann::ordered_json publishers = nlohmann::ordered_json::array();
    for (const PublishedPort& p : ports) {
        publishers.push_back({{"URL", p.host_ip},
                              {"TargetPort", p.private_port},
                              {"PublishedPort", p.public_port},
                              {"Protocol", p.protocol}});
    }
    return publishers;
}

// One line of `ps --format json`, with Compose v2.29's keys in its (alphabetical) order.
nlohmann::ordered_json row_json(const Row& row, const std::string& project, std::time_t now) {
    const ContainerSummary& c = row.summary;
    std::vector<std::string> mounts;
    for (const std::string& mount : row.mounts) mounts.push_back(ellipsis(mount, 15));
    std::vector<std::string> networks = c.networks;
    std::sort(networks.begin(), networks.end());
    nlohmann::ordered_json j;
    j["Command"] = command_text(c.command);
    j["CreatedAt"] = go_time_text(c.created);
    j["ExitCode"] = row.exit_code;
    j["Health"] = row.health;
    j["ID"] = c.id.substr(0, 12);
    j["Image"] = c.image;
    j["Labels"] = labels_text(c.labels);
    j["LocalVolumes"] = std::to_string(row.local_volumes);
    j["Mounts"] = joined(mounts);
    j["Name"] = row.name;
    j["Names"] = row.name;
    j["Networks"] = joined(networks);
    j["Ports"] = displayable_ports(c.ports);
    j["Project"] = project;
    j["Publishers"] = publishers_json(c.ports);
    j["RunningFor"] = human_duration(now - c.created) + " ago";
    j["Service"] = row.service;
    j["Size"] = "0B";  // Compose lists without sizes.
    j["State"] = c.state;
    j["Status"] = c.status;
    return j;
}

void print_table(const std::vector<Row>& rows, std::ostream& out, std::time_t now) {
    Table table({"NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"});
    for (const Row& row : rows) {
        const ContainerSummary& c = row.summary;
        table.add({row.name, c.image, command_text(c.command), row.service,
                   human_duration(now - c.created) + " ago", c.status, displayable_ports(c.ports)});
    }
    table.print(out);
}

}  // namespace

void run_ps(const std::string& project_name, Engine& engine, const PsOptions& options,
            std::ostream& out, std::time_t now) {
    std::vector<Row> rows = collect(project_name, engine, options);
    if (options.view == PsView::Containers && options.format == PsFormat::Json) {
        for (Row& row : rows) add_inspection(row, engine);
    }
    switch (options.view) {
    case PsView::Ids:
        for (const Row& row : rows) out << row.summary.id << '\n';
        return;
    case PsView::Services: {
        std::vector<std::string> seen;
        for (const Row& row : rows) {
            if (std::find(seen.begin(), seen.end(), row.service) != seen.end()) continue;
            seen.push_back(row.service);
            out << row.service << '\n';
        }
        return;
    }
    case PsView::Containers: break;
    }
    if (options.format == PsFormat::Json) {
        for (const Row& row : rows) out << row_json(row, project_name, now).dump() << '\n';
        return;
    }
    print_table(rows, out, now);
}

std::string human_duration(long long seconds) {
    if (seconds < 1) return "Less than a second";
    if (seconds == 1) return "1 second";
    if (seconds < 60) return std::to_string(seconds) + " seconds";
    long long minutes = seconds / 60;
    if (minutes == 1) return "About a minute";
    if (minutes < 60) return std::to_string(minutes) + " minutes";
    long long hours = seconds / 3600;
    if (hours == 1) return "About an hour";
    if (hours < 48) return std::to_string(hours) + " hours";
    if (hours < 24 * 7 * 2) return std::to_string(hours / 24) + " days";
    if (hours < 24 * 30 * 2) return std::to_string(hours / 24 / 7) + " weeks";
    if (hours < 24 * 365 * 2) return std::to_string(hours / 24 / 30) + " months";
    return std::to_string(hours / 24 / 365) + " years";
}

}  // namespace dc
