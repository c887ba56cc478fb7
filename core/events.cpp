// `dc events`: the project's container events as Compose prints them: a text line (and a blank
// one) or a JSON object a line, Compose's own labels left out of the attributes.
#include <algorithm>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "core/labels.h"
#include "core/tools.h"

namespace dc {

namespace {

// The attributes Compose shows: all but its own com.docker.compose.* labels.
std::vector<std::pair<std::string, std::string>> shown_attributes(const Event& event) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [key, value] : event.attributes) {
        if (key.rfind("com.docker.compose", 0) == 0) continue;
        out.emplace_back(key, value);
    }
    return out;
}

std::string service_of(const Event& event) {
    auto it = event.attributes.find(kLabelService);
    return it == event.attributes.end() ? std::string() : it->second;
}

std::tm local_tm(std::int64_t nanos) {
    std::time_t seconds = static_cast<std::time_t>(nanos / 1'000'000'000);
    std::tm local{};
    localtime_r(&seconds, &local);
    return local;
}

// Go's time.RFC3339Nano of a local time: fraction without trailing zeros, "Z" for UTC.
std::string rfc3339_nano(std::int64_t nanos) {
    std::tm local = local_tm(nanos);
    char text[64];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local);
    std::string out = text;
    long fraction = static_cast<long>(nanos % 1'000'000'000);
    if (fraction != 0) {
        std::snprintf(text, sizeof text, ".%09ld", fraction);
        std::string digits = text;
        while (digits.back() == '0') digits.pop_back();
        out += digits;
    }
    long offset = local.tm_gmtoff;
    if (offset == 0) return out + "Z";
    std::snprintf(text, sizeof text, "%c%02ld:%02ld", offset < 0 ? '-' : '+',
                  std::labs(offset) / 3600, std::labs(offset) % 3600 / 60);
    return out + text;
}

}  // namespace

std::string event_text(const Event& event) {
    std::tm local = local_tm(event.time_nano);
    char stamp[64];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
    char micros[16];
    std::snprintf(micros, sizeof micros, ".%06ld",
                  static_cast<long>(event.time_nano % 1'000'000'000 / 1000));
    std::string attributes;
    for (const auto& [key, value] : shown_attributes(event)) {
        attributes += (attributes.empty() ? "" : ", ") + key + "=" + value;
    }
    return std::string(stamp) + micros + " container " + event.action + " " + event.actor_id +
           " (" + attributes + ")\n\n";
}

std::string event_json(const Event& event) {
    nlohmann::json attributes = nlohmann::json::object();
    for (const auto& [key, value] : shown_attributes(event)) attributes[key] = value;
    // Sorted keys, as Go marshals a map.
    nlohmann::json line{{"action", event.action},
                        {"attributes", attributes},
                        {"id", event.actor_id},
                        {"service", service_of(event)},
                        {"time", rfc3339_nano(event.time_nano)},
                        {"type", "container"}};
    return line.dump() + "\n";
}

void run_events(const Project& project, Engine& engine, const EventsOptions& options,
                std::ostream& out) {
    check_services(project, options.services);
    EventOptions query;
    query.filters["type"] = {"container"};
    query.filters["label"] = {std::string(kLabelProject) + "=" + project.name};
    auto sink = [&](const Event& event) {
        std::string service = service_of(event);
        if (service.empty()) return Flow::Continue;
        if (!options.services.empty() && std::find(options.services.begin(), options.services.end(),
                                                   service) == options.services.end()) {
            return Flow::Continue;
        }
        // The engine's "health_status: healthy" is one action to Compose.
        Event shown = event;
        if (!event.health_status.empty()) shown.action += ": " + event.health_status;
        out << (options.json ? event_json(shown) : event_text(shown)) << std::flush;
        return Flow::Continue;
    };
    auto result = engine.events(query, sink, options.stop);
    if (!result && result.error().kind == FailureKind::Cancelled) return;
    value_or_throw(std::move(result));
}

}  // namespace dc
