// The Spark profile's settings: flags over `x-spark` over defaults, each checked where it was
// written, so that a bad value names its flag or its place in the compose file.
#include "core/spark_profile.h"

#include <cctype>
#include <charconv>
#include <set>
#include <utility>

#include "core/error.h"

namespace dc {

namespace {

constexpr int kMaxWorkers = 64;
constexpr int kMaxCores = 256;
// A worker must fit one executor at Spark's default spark.executor.memory (1g); a smaller worker
// is registered but never runs anything, and its jobs wait forever for resources.
constexpr std::int64_t kMinWorkerMib = 1024;

// Where a value came from: a flag (reported as a usage error) or a node of x-spark (reported as
// a configuration error at its place in the file).
struct Origin {
    std::string flag{};
    const Node* node = nullptr;
    std::string path{};

    [[noreturn]] void fail(const std::string& message) const {
        if (node) config_error(node->mark, path, message);
        throw Error(ErrorKind::Usage, flag + ": " + message);
    }
};

std::string key_of(std::string_view name) {
    std::string key(name);
    for (char& c : key) {
        if (c == '-') c = '_';
    }
    return key;
}

std::optional<int> parse_int(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

int node_int(const Node& node, const Origin& origin) {
    if (node.kind == NodeKind::Int) return static_cast<int>(node.as_int());
    if (node.kind == NodeKind::String) {
        if (auto value = parse_int(node.text)) return *value;
    }
    origin.fail("must be an integer, not \"" + node.text + "\"");
}

bool node_bool(const Node& node, const Origin& origin) {
    if (node.kind == NodeKind::Bool) return node.as_bool();
    if (node.text == "true") return true;
    if (node.text == "false") return false;
    origin.fail("must be true or false, not \"" + node.text + "\"");
}

std::string node_string(const Node& node, const Origin& origin) {
    if (!node.is_scalar() || node.is_null()) origin.fail("must be a string");
    return node.text;
}

void check_range(int value, int low, int high, const Origin& origin) {
    if (value < low || value > high) {
        origin.fail("must be between " + std::to_string(low) + " and " + std::to_string(high) +
                    ", not " + std::to_string(value));
    }
}

void check_memory(const std::string& text, const Origin& origin) {
    std::optional<std::int64_t> mib = spark_memory_mib(text);
    if (!mib)
        origin.fail("invalid memory \"" + text + "\": write it as Spark does, e.g. 2g or 1536m");
    if (*mib < kMinWorkerMib) {
        origin.fail("worker memory " + text +
                    " is below 1g, the memory of one executor at Spark's default "
                    "spark.executor.memory");
    }
}

void check_image(const std::string& image, const Origin& origin) {
    if (image.empty()) origin.fail("must name an image");
}

// Sets one port by name ("master-ui" or "master_ui"; "all" sets every one).
void set_port(SparkPorts& ports, const std::string& name, int value, const Origin& origin) {
    check_range(value, 0, 65535, origin);
    std::string key = key_of(name);
    bool all = key == "all";
    bool known = all;
    for (auto [port_name, port] :
         {std::pair{"master_ui", &ports.master_ui}, std::pair{"master", &ports.master},
          std::pair{"rest", &ports.rest}, std::pair{"worker_ui", &ports.worker_ui},
          std::pair{"history", &ports.history}}) {
        if (all || key == port_name) {
            *port = value;
            known = true;
        }
    }
    if (!known) {
        origin.fail("unknown port \"" + name +
                    "\" (expected master-ui, master, rest, worker-ui, history or all)");
    }
}

void apply_x_spark(SparkOptions& options, const Node& block) {
    Origin where{{}, &block, "x-spark"};
    if (!block.is_mapping()) where.fail("must be a mapping");
    for (const Entry& entry : block.entries) {
        const Node& value = *entry.value;
        Origin origin{{}, &value, path_join("x-spark", entry.key)};
        std::string key = key_of(entry.key);
        if (key == "workers") {
            options.workers = node_int(value, origin);
        } else if (key == "worker_cores") {
            options.worker_cores = node_int(value, origin);
        } else if (key == "worker_memory") {
            options.worker_memory = node_string(value, origin);
        } else if (key == "image") {
            options.image = node_string(value, origin);
        } else if (key == "with_postgres") {
            options.with_postgres = node_bool(value, origin);
        } else if (key == "history_server") {
            options.history_server = node_bool(value, origin);
        } else if (key == "ports") {
            if (!value.is_mapping()) origin.fail("must be a mapping of port names to numbers");
            for (const Entry& port : value.entries) {
                Origin port_origin{{}, port.value.get(), path_join(origin.path, port.key)};
                set_port(options.ports, port.key, node_int(*port.value, port_origin), port_origin);
            }
        } else {
            Origin{{}, &block, "x-spark"}.fail(
                "unknown setting \"" + entry.key +
                "\" (expected workers, worker_cores, worker_memory, image, with_postgres, "
                "history_server or ports)");
        }
        // Each value is checked where it was written, before a flag may replace it.
        if (key == "workers") check_range(options.workers, 1, kMaxWorkers, origin);
        if (key == "worker_cores") check_range(options.worker_cores, 1, kMaxCores, origin);
        if (key == "worker_memory") check_memory(options.worker_memory, origin);
        if (key == "image") check_image(options.image, origin);
    }
}

void apply_flags(SparkOptions& options, const SparkFlags& flags) {
    if (flags.workers) {
        options.workers = *flags.workers;
        check_range(options.workers, 1, kMaxWorkers, {"--workers"});
    }
    if (flags.worker_cores) {
        options.worker_cores = *flags.worker_cores;
        check_range(options.worker_cores, 1, kMaxCores, {"--worker-cores"});
    }
    if (flags.worker_memory) {
        options.worker_memory = *flags.worker_memory;
        check_memory(options.worker_memory, {"--worker-memory"});
    }
    if (flags.image) {
        options.image = *flags.image;
        check_image(options.image, {"--image"});
    }
    if (flags.with_postgres) options.with_postgres = *flags.with_postgres;
    if (flags.history_server) options.history_server = *flags.history_server;
    for (const std::string& item : flags.ports) {
        Origin origin{"--port"};
        std::size_t eq = item.find('=');
        std::optional<int> value = eq == std::string::npos
                                       ? std::nullopt
                                       : parse_int(std::string_view(item).substr(eq + 1));
        if (!value) origin.fail("expected NAME=PORT (e.g. master-ui=9090), not \"" + item + "\"");
        set_port(options.ports, item.substr(0, eq), *value, origin);
    }
}

// Two services cannot publish the same host port; worker i publishes worker_ui + i - 1.
void check_ports(const SparkOptions& options) {
    std::set<int> taken{};
    auto take = [&](int port, const std::string& what) {
        if (port == 0) return;
        if (!taken.insert(port).second) {
            throw Error(ErrorKind::Usage, "spark: host port " + std::to_string(port) + " (" + what +
                                              ") is also published by another Spark service");
        }
    };
    take(options.ports.master_ui, "master UI");
    take(options.ports.master, "master");
    take(options.ports.rest, "REST submissions");
    if (options.history_server) take(options.ports.history, "history server");
    for (int i = 0; i < options.workers && options.ports.worker_ui != 0; ++i) {
        if (options.ports.worker_ui + i > 65535) {
            throw Error(ErrorKind::Usage, "spark: worker UI ports from " +
                                              std::to_string(options.ports.worker_ui) +
                                              " run past 65535");
        }
        take(options.ports.worker_ui + i, "worker " + std::to_string(i + 1) + " UI");
    }
}

}  // namespace

std::optional<std::int64_t> spark_memory_mib(std::string_view text) {
    std::string lower{};
    for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.size() > 1 && lower.back() == 'b') lower.pop_back();
    if (lower.size() < 2) return std::nullopt;
    char unit = lower.back();
    lower.pop_back();
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(lower.data(), lower.data() + lower.size(), value);
    if (ec != std::errc() || end != lower.data() + lower.size() || value <= 0) return std::nullopt;
    switch (unit) {
    case 'k': return value / 1024;
    case 'm': return value;
    case 'g': return value * 1024;
    case 't': return value * 1024 * 1024;
    default: return std::nullopt;
    }
}

SparkOptions resolve_spark_options(const SparkFlags& flags, const Node* x_spark) {
    SparkOptions options{};
    if (x_spark) apply_x_spark(options, *x_spark);
    apply_flags(options, flags);
    check_ports(options);
    return options;
}

std::vector<std::string> spark_driver_confs(const SparkOptions& options) {
    if (!options.history_server) return {};
    return {"spark.eventLog.enabled=true",
            "spark.eventLog.dir=file:" + std::string(kSparkEventsDir)};
}

std::string spark_master_url() {
    return "spark://" + std::string(kSparkMasterService) + ":" + std::to_string(kSparkMasterPort);
}

}  // namespace dc
