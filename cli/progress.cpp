#include "cli/progress.h"

#include <iostream>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace dc::cli {

namespace {

// " Container p-web-1  Started": Compose's plain progress layout.
class PlainProgress final : public ProgressListener {
  public:
    void on_event(const ProgressEvent& event) override {
        std::string line = " " + std::string(resource_kind_name(event.kind)) + " " + event.name +
                           "  " + std::string(progress_status_name(event.status));
        if (!event.text.empty()) line += ": " + event.text;
        std::cerr << line << '\n';
    }
};

class JsonProgress final : public ProgressListener {
  public:
    void on_event(const ProgressEvent& event) override {
        nlohmann::ordered_json j;
        j["kind"] = resource_kind_name(event.kind);
        j["name"] = event.name;
        j["status"] = progress_status_name(event.status);
        if (!event.text.empty()) j["text"] = event.text;
        std::cerr << j.dump() << '\n';
    }
};

}  // namespace

ProgressMode parse_progress_mode(const std::string& text) {
    if (text.empty() || text == "auto") return ProgressMode::Auto;
    if (text == "tty") return ProgressMode::Tty;
    if (text == "plain") return ProgressMode::Plain;
    if (text == "json") return ProgressMode::Json;
    if (text == "quiet") return ProgressMode::Quiet;
    throw Error(ErrorKind::Usage, "invalid --progress \"" + text +
                                      "\": use auto, tty, plain, json or quiet");
}

std::unique_ptr<ProgressListener> make_progress(ProgressMode mode) {
    switch (mode) {
    case ProgressMode::Quiet: return std::make_unique<NullProgress>();
    case ProgressMode::Json: return std::make_unique<JsonProgress>();
    case ProgressMode::Auto:
    case ProgressMode::Tty:
    case ProgressMode::Plain: return std::make_unique<PlainProgress>();
    }
    return std::make_unique<PlainProgress>();
}

}  // namespace dc::cli
