// `dc stats`: the project's containers' resource usage, computed and laid out as the docker CLI
// does (Compose hands the command to it): CPU from the sample and the one before it, memory
// without the inactive file cache, network and block I/O in decimal units.
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/labels.h"
#include "core/tools.h"

namespace dc {

namespace {

std::string percent(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%", value);
    return text;
}

struct Target {
    std::string id{};
    std::string name{};
};

std::vector<Target> stats_targets(const std::string& project, Engine& engine,
                                  const StatsOptions& options) {
    Filters filters{{"label", {std::string(kLabelProject) + "=" + project}}};
    if (!options.service.empty()) {
        filters["label"].push_back(std::string(kLabelService) + "=" + options.service);
    }
    std::vector<Target> targets;
    // The engine's order (newest first), as the docker CLI keeps it.
    for (const ContainerSummary& c :
         value_or_throw(engine.list_containers({options.all, filters}))) {
        targets.push_back({c.id, container_name(c)});
    }
    return targets;
}

void print_rows(const std::vector<StatsRow>& rows, const StatsOptions& options, std::ostream& out) {
    if (options.format == ToolFormat::Json) {
        for (const StatsRow& row : rows) out << stats_json(row);
    } else {
        if (options.clear_screen) out << "\033[2J\033[H";
        out << stats_table(rows);
    }
    out << std::flush;
}

}  // namespace

StatsRow stats_row(const std::string& id, const std::string& name, const StatsSample& s) {
    StatsRow row;
    row.id = id;
    row.name = name;
    double cpu = 0;
    if (s.system_cpu > s.presystem_cpu && s.cpu_total > s.precpu_total) {
        double cpu_delta = static_cast<double>(s.cpu_total - s.precpu_total);
        double system_delta = static_cast<double>(s.system_cpu - s.presystem_cpu);
        cpu = cpu_delta / system_delta * s.online_cpus * 100.0;
    }
    row.cpu = percent(cpu);
    double used = static_cast<double>(s.memory_usage - std::min(s.memory_usage, s.memory_cache));
    double limit = static_cast<double>(s.memory_limit);
    row.memory = bytes_size(used) + " / " + bytes_size(limit);
    row.memory_percent = percent(limit > 0 ? used / limit * 100.0 : 0.0);
    row.net_io = human_size(static_cast<double>(s.net_rx)) + " / " +
                 human_size(static_cast<double>(s.net_tx));
    row.block_io = human_size(static_cast<double>(s.block_read)) + " / " +
                   human_size(static_cast<double>(s.block_write));
    row.pids = std::to_string(s.pids);
    return row;
}

std::string stats_table(const std::vector<StatsRow>& rows) {
    std::string text =
        "CONTAINER ID\tNAME\tCPU %\tMEM USAGE / LIMIT\tMEM %\tNET I/O\tBLOCK I/O\tPIDS\n";
    for (const StatsRow& r : rows) {
        text += r.id + "\t" + r.name + "\t" + r.cpu + "\t" + r.memory + "\t" + r.memory_percent +
                "\t" + r.net_io + "\t" + r.block_io + "\t" + r.pids + "\n";
    }
    return tabwrite(text, 10, 3);
}

std::string stats_json(const StatsRow& row) {
    // The docker CLI's `{{json .}}`: its fields in sorted order.
    nlohmann::json line{{"BlockIO", row.block_io},
                        {"CPUPerc", row.cpu},
                        {"Container", row.id},
                        {"ID", row.id},
                        {"MemPerc", row.memory_percent},
                        {"MemUsage", row.memory},
                        {"Name", row.name},
                        {"NetIO", row.net_io},
                        {"PIDs", row.pids}};
    return line.dump() + "\n";
}

void run_stats(const std::string& project, Engine& engine, const StatsOptions& options,
               std::ostream& out) {
    std::vector<Target> targets = stats_targets(project, engine, options);
    auto shown_id = [&](const std::string& id) { return options.no_trunc ? id : id.substr(0, 12); };
    if (options.no_stream) {
        std::vector<StatsRow> rows(targets.size());
        std::vector<std::jthread> readers;
        for (std::size_t i = 0; i < targets.size(); ++i) {
            readers.emplace_back([&, i] {
                const Target& t = targets[i];
                StatsSample sample;
                auto read = engine.container_stats(
                    t.id, StatsMode::Once,
                    [&](const StatsSample& s) {
                        sample = s;
                        return Flow::Stop;
                    },
                    options.stop);
                // A container removed meanwhile shows zeros, as one that stopped.
                (void)read;
                rows[i] = stats_row(shown_id(t.id), t.name, sample);
            });
        }
        readers.clear();
        print_rows(rows, options, out);
        return;
    }
    // Streaming: one reader a container keeps its latest row; the screen is redrawn each second.
    std::mutex mutex;
    std::map<std::string, StatsRow> latest;
    std::vector<std::jthread> readers;
    for (const Target& t : targets) {
        readers.emplace_back([&, t](std::stop_token) {
            auto sink = [&](const StatsSample& s) {
                std::lock_guard<std::mutex> lock(mutex);
                latest[t.id] = stats_row(shown_id(t.id), t.name, s);
                return Flow::Continue;
            };
            (void)engine.container_stats(t.id, StatsMode::Stream, sink, options.stop);
        });
    }
    // The first samples take the engine about a second (it reads twice for the CPU delta).
    auto next = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    while (!options.stop.stop_requested()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (std::chrono::steady_clock::now() < next) continue;
        next += std::chrono::seconds(1);
        std::vector<StatsRow> rows;
        {
            std::lock_guard<std::mutex> lock(mutex);
            for (const Target& t : targets) {
                auto it = latest.find(t.id);
                rows.push_back(it != latest.end() ? it->second
                                                  : stats_row(shown_id(t.id), t.name, {}));
            }
        }
        print_rows(rows, options, out);
    }
}

}  // namespace dc
