#include "core/ps.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/labels.h"
#include "core/table.h"

namespace dc {

namespace {

struct Row {
    ContainerSummary summary;
    std::string name;
    std::string service;
    int exit_code = 0;
    std::string health;
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

std::string format_ip(const std::string& ip) {
    return ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
}

std::string ports_text(const std::vector<PublishedPort>& ports) {
    std::string out;
    for (const PublishedPort& p : ports) {
        if (!out.empty()) out += ", ";
        if (p.public_port != 0) {
            out += format_ip(p.host_ip) + ":" + std::to_string(p.public_port) + "->";
        }
        out += std::to_string(p.private_port) + "/" + p.protocol;
    }
    return out;
}

std::string created_at(std::time_t t) {
    char buf[64];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S +0000 UTC", &tm);
    return buf;
}

std::string labels_text(const Labels& labels) {
    std::string out;
    for (const auto& [k, v] : labels) out += (out.empty() ? "" : ",") + k + "=" + v;
    return out;
}

bool keep(const Row& row, const PsOptions& options, const std::vector<std::string>& states) {
    if (!options.services.empty() &&
        std::find(options.services.begin(), options.services.end(), row.service) ==
            options.services.end()) {
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
            throw Error(ErrorKind::Usage, "invalid filter \"" + f + "\": only status=<state> is supported");
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

nlohmann::ordered_json row_json(const Row& row, const std::string& project, std::time_t now) {
    const ContainerSummary& c = row.summary;
    nlohmann::ordered_json j;
    j["Command"] = "\"" + c.command + "\"";
    j["CreatedAt"] = created_at(c.created);
    j["ExitCode"] = row.exit_code;
    j["Health"] = row.health;
    j["ID"] = c.id.substr(0, 12);
    j["Image"] = c.image;
    j["Labels"] = labels_text(c.labels);
    j["Name"] = row.name;
    j["Names"] = row.name;
    std::string networks;
    for (const std::string& n : c.networks) networks += (networks.empty() ? "" : ",") + n;
    j["Networks"] = networks;
    j["Ports"] = ports_text(c.ports);
    j["Project"] = project;
    nlohmann::ordered_json publishers = nlohmann::ordered_json::array();
    for (const PublishedPort& p : c.ports) {
        publishers.push_back({{"URL", p.host_ip},
                              {"TargetPort", p.private_port},
                              {"PublishedPort", p.public_port},
                              {"Protocol", p.protocol}});
    }
    j["Publishers"] = publishers;
    j["RunningFor"] = human_duration(now - c.created) + " ago";
    j["Service"] = row.service;
    j["State"] = c.state;
    j["Status"] = c.status;
    return j;
}

// The docker CLI shortens commands in tables to 20 characters, the last an ellipsis.
std::string short_command(const std::string& command) {
    std::string quoted = "\"" + command;
    if (command.size() > 20) {
        std::size_t cut = 19;
        while (cut > 0 && (static_cast<unsigned char>(command[cut]) & 0xC0) == 0x80) --cut;
        return quoted.substr(0, cut + 1) + "\u2026\"";
    }
    return quoted + "\"";
}

void print_table(const std::vector<Row>& rows, std::ostream& out, std::time_t now) {
    Table table({"NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"});
    for (const Row& row : rows) {
        const ContainerSummary& c = row.summary;
        table.add({row.name, c.image, short_command(c.command), row.service,
                   human_duration(now - c.created) + " ago", c.status, ports_text(c.ports)});
    }
    table.print(out);
}

}  // namespace

void run_ps(const std::string& project_name, Engine& engine, const PsOptions& options,
            std::ostream& out, std::time_t now) {
    std::vector<Row> rows = collect(project_name, engine, options);
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
