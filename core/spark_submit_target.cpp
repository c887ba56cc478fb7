// Finding the running cluster of a project by what its containers run, not by service names: the
// profile's generated cluster, the same services in a user's compose file and the course's
// hand-written master + worker are all found the same way.
#include <algorithm>
#include <sstream>

#include "core/error.h"
#include "core/labels.h"
#include "core/spark_submit_internal.h"

namespace dc {

namespace {

constexpr std::string_view kMasterClass = "org.apache.spark.deploy.master.Master";
constexpr std::string_view kWorkerClass = "org.apache.spark.deploy.worker.Worker";

// Every word of the command, items split on white space (a `sh -c "..."` line holds many).
std::vector<std::string> words_of(const std::vector<std::string>& command) {
    std::vector<std::string> out;
    for (const std::string& item : command) {
        std::istringstream in(item);
        std::string word;
        while (in >> word) out.push_back(word);
    }
    return out;
}

std::string env_value(const std::vector<std::string>& env, const std::string& key) {
    for (const std::string& item : env) {
        if (item.size() > key.size() && item.starts_with(key) && item[key.size()] == '=') {
            return item.substr(key.size() + 1);
        }
    }
    return {};
}

int port_or(const std::string& text, int fallback) {
    if (text.empty() || text.size() > 5) return fallback;
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return fallback;
    }
    int port = std::stoi(text);
    return port > 0 && port < 65536 ? port : fallback;
}

// The value of a `-Dkey=value` or `key=value` word anywhere in `words`.
std::string property(const std::vector<std::string>& words, std::string_view key) {
    for (const std::string& word : words) {
        std::string_view w = word;
        if (w.starts_with("-D")) w.remove_prefix(2);
        if (w.size() > key.size() && w.starts_with(key) && w[key.size()] == '=') {
            return std::string(w.substr(key.size() + 1));
        }
    }
    return {};
}

bool runs(const std::string& command, std::string_view main_class) {
    return command.find(main_class) != std::string::npos;
}

std::vector<std::string> command_of(const ContainerInfo& info) {
    std::vector<std::string> out = info.entrypoint;
    out.insert(out.end(), info.cmd.begin(), info.cmd.end());
    return out;
}

// The network to put the driver on: the project's own (named "<project>_...") before others.
std::string pick_network(const ContainerInfo& master, const std::string& project) {
    for (const auto& [name, attachment] : master.networks) {
        if (name.starts_with(project + "_")) return name;
    }
    return master.networks.empty() ? std::string() : master.networks.begin()->first;
}

bool same_mount(const MountInfo& a, const MountInfo& b) {
    return a.type == b.type && a.destination == b.destination &&
           (a.type == "volume" ? a.name == b.name : a.source == b.source);
}

}  // namespace

MasterAddress master_address(const std::vector<std::string>& command,
                             const std::vector<std::string>& env,
                             const std::string& fallback_host) {
    MasterAddress out;
    std::vector<std::string> words = words_of(command);
    std::string host = env_value(env, "SPARK_MASTER_HOST");
    out.port = port_or(env_value(env, "SPARK_MASTER_PORT"), out.port);
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        const std::string& word = words[i];
        if (word == "--host" || word == "-h" || word == "--ip" || word == "-i") host = words[i + 1];
        if (word == "--port" || word == "-p") out.port = port_or(words[i + 1], out.port);
    }
    for (const std::string& word : words) {
        if (word.starts_with("--host=")) host = word.substr(7);
        if (word.starts_with("--port=")) out.port = port_or(word.substr(7), out.port);
    }
    words.push_back(env_value(env, "SPARK_MASTER_OPTS"));
    words = words_of(words);
    out.rest_port = port_or(property(words, "spark.master.rest.port"), out.rest_port);
    out.host = host.empty() ? fallback_host : host;
    return out;
}

SparkTarget find_spark_target(Engine& engine, const std::string& project) {
    ContainerListOptions list{.filters = {{"label", {std::string(kLabelProject) + "=" + project}}}};
    std::vector<ContainerSummary> running = value_or_throw(engine.list_containers(list));
    // Oldest first, so that the answer does not change as one-off containers come and go.
    std::sort(
        running.begin(), running.end(),
        [](const ContainerSummary& a, const ContainerSummary& b) { return a.created < b.created; });
    const ContainerSummary* master = nullptr;
    std::vector<const ContainerSummary*> workers;
    for (const ContainerSummary& c : running) {
        auto oneoff = c.labels.find(kLabelOneoff);
        if (oneoff != c.labels.end() && oneoff->second == kOneoffTrue) continue;
        if (runs(c.command, kMasterClass) && master == nullptr) master = &c;
        if (runs(c.command, kWorkerClass)) workers.push_back(&c);
    }
    if (master == nullptr) {
        throw Error(ErrorKind::NotFound, "no running Spark master in project \"" + project +
                                             "\" (start one with dc spark up)");
    }
    auto inspected = value_or_throw(engine.inspect_container(master->id));
    if (!inspected) {
        throw Error(ErrorKind::NotFound, "Spark master " + master->names.front() + " is gone");
    }
    const ContainerInfo& info = *inspected;
    SparkTarget target{.project = project, .master_id = info.id, .master_name = info.name};
    auto service = info.labels.find(kLabelService);
    target.master_service = service != info.labels.end() ? service->second : info.name;
    target.address = master_address(command_of(info), info.env, target.master_service);
    target.image = info.image;
    std::string home = env_value(info.env, "SPARK_HOME");
    if (!home.empty()) target.spark_home = home;
    target.network = pick_network(info, project);
    if (target.network.empty()) {
        throw Error(ErrorKind::Failure, "Spark master " + info.name + " is on no network");
    }
    target.master_ip = info.networks.at(target.network).ip_address;

    std::vector<std::vector<MountInfo>> worker_mounts;
    for (const ContainerSummary* worker : workers) {
        auto w = value_or_throw(engine.inspect_container(worker->id));
        if (!w) continue;
        target.workers.push_back(w->name);
        worker_mounts.push_back(w->mounts);
    }
    for (const MountInfo& mount : info.mounts) {
        if (mount.type != "volume" && mount.type != "bind") continue;
        bool everywhere = std::all_of(
            worker_mounts.begin(), worker_mounts.end(), [&](const std::vector<MountInfo>& mounts) {
                return std::any_of(mounts.begin(), mounts.end(),
                                   [&](const MountInfo& m) { return same_mount(m, mount); });
            });
        if (everywhere) target.shared_mounts.push_back(mount);
    }
    return target;
}

}  // namespace dc
