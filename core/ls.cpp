// `dc ls`: every Compose project on the engine, found by its containers' project label, with a
// status per state ("exited(1), running(2)") and the compose files its containers name.
#include <algorithm>
#include <map>
#include <regex>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/labels.h"
#include "core/tools.h"

namespace dc {

namespace {

struct ProjectRow {
    std::map<std::string, int> states{};
    std::vector<std::string> config_files{};
};

std::string status_text(const std::map<std::string, int>& states) {
    std::string out;
    for (const auto& [state, count] : states) {
        out += (out.empty() ? "" : ", ") + state + "(" + std::to_string(count) + ")";
    }
    return out;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

// The name patterns of the filters: Compose knows only name=, matched as a regular expression
// anywhere in the project's name.
std::vector<std::regex> name_patterns(const std::vector<std::string>& filters) {
    std::vector<std::regex> patterns;
    for (const std::string& filter : filters) {
        std::size_t equals = filter.find('=');
        std::string key = filter.substr(0, equals);
        if (key != "name" || equals == std::string::npos) {
            throw Error(ErrorKind::Usage, "invalid filter '" + key + "'");
        }
        try {
            patterns.emplace_back(filter.substr(equals + 1));
        } catch (const std::regex_error&) {
            throw Error(ErrorKind::Usage, "invalid filter '" + filter + "': bad expression");
        }
    }
    return patterns;
}

bool wanted(const std::string& name, const std::vector<std::regex>& patterns) {
    if (patterns.empty()) return true;
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::regex& p) { return std::regex_search(name, p); });
}

}  // namespace

void run_ls(Engine& engine, const LsOptions& options, std::ostream& out) {
    std::vector<std::regex> patterns = name_patterns(options.filters);
    auto containers = value_or_throw(
        engine.list_containers({options.all, {{"label", {std::string(kLabelProject)}}}}));
    std::map<std::string, ProjectRow> projects;
    for (const ContainerSummary& c : containers) {
        const std::string& name = c.labels.at(kLabelProject);
        if (!wanted(name, patterns)) continue;
        ProjectRow& row = projects[name];
        ++row.states[c.state];
        auto files = c.labels.find(kLabelConfigFiles);
        if (files == c.labels.end()) continue;
        std::size_t start = 0;
        while (start <= files->second.size()) {
            std::size_t comma = std::min(files->second.find(',', start), files->second.size());
            std::string file = files->second.substr(start, comma - start);
            if (std::find(row.config_files.begin(), row.config_files.end(), file) ==
                row.config_files.end()) {
                row.config_files.push_back(file);
            }
            start = comma + 1;
        }
    }
    if (options.quiet) {
        for (const auto& [name, row] : projects) out << name << '\n';
        return;
    }
    if (options.format == ToolFormat::Json) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& [name, row] : projects) {
            list.push_back({{"Name", name},
                            {"Status", status_text(row.states)},
                            {"ConfigFiles", joined(row.config_files)}});
        }
        out << list.dump() << '\n';
        return;
    }
    std::string text = "NAME\tSTATUS\tCONFIG FILES\n";
    for (const auto& [name, row] : projects) {
        text += name + "\t" + status_text(row.states) + "\t" + joined(row.config_files) + "\n";
    }
    out << tabwrite(text, 20, 3);
}

}  // namespace dc
