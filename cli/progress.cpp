#include "cli/progress.h"

#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/progress_view.h"
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

// The terminal's width in columns: the terminal's own, else $COLUMNS, else 80.
int terminal_width(int fd) {
    winsize size{};
    if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    const char* columns = std::getenv("COLUMNS");
    int value = columns != nullptr ? std::atoi(columns) : 0;
    return value > 0 ? value : 80;
}

// Compose's live view on stderr: each event redraws the frame in place, and a ticker redraws it
// every 100 ms while something is busy, so that spinners turn and timers run. Both the
// executor's thread and the ticker draw, under one lock.
class TtyProgress final : public ProgressListener {
  public:
    explicit TtyProgress(bool colour) : style_{.width = terminal_width(2), .colour = colour} {
        ticker_ = std::jthread([this](std::stop_token stop) { tick(stop); });
    }
    ~TtyProgress() override {
        ticker_.request_stop();
        ticker_.join();
        std::lock_guard<std::mutex> lock(mutex_);
        if (!view_.empty()) draw();
    }

    void on_event(const ProgressEvent& event) override {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto message = view_.apply(event, ViewClock::now())) pending_.push_back(*message);
        draw();
    }

  private:
    void tick(std::stop_token stop) {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!stop.stop_requested()) {
            woken_.wait_for(lock, stop, std::chrono::milliseconds(100), [] { return false; });
            if (!stop.stop_requested() && view_.busy()) draw();
        }
    }

    // Goes back over the last frame, prints pending messages above it, then the frame. The
    // cursor is hidden while drawing, as Compose does.
    void draw() {
        std::string out;
        if (drawn_ > 0) out += "\x1b[" + std::to_string(drawn_) + "A";
        out += "\r\x1b[?25l";
        for (const std::string& message : pending_) out += "\x1b[2K" + message + "\n";
        pending_.clear();
        std::vector<std::string> lines;
        if (!view_.empty()) lines = view_.frame(ViewClock::now(), style_);
        for (const std::string& line : lines) out += "\x1b[2K" + line + "\n";
        out += "\x1b[?25h";
        drawn_ = lines.size();
        std::cerr << out << std::flush;
    }

    FrameStyle style_;
    std::mutex mutex_;
    std::condition_variable_any woken_;
    ProgressView view_;
    std::vector<std::string> pending_;  // Messages to print above the view at the next draw.
    std::size_t drawn_ = 0;             // Lines of the frame on screen.
    std::jthread ticker_;
};

}  // namespace

ProgressMode parse_progress_mode(const std::string& text) {
    if (text.empty() || text == "auto") return ProgressMode::Auto;
    if (text == "tty") return ProgressMode::Tty;
    if (text == "plain") return ProgressMode::Plain;
    if (text == "json") return ProgressMode::Json;
    if (text == "quiet") return ProgressMode::Quiet;
    throw Error(ErrorKind::Usage,
                "invalid --progress \"" + text + "\": use auto, tty, plain, json or quiet");
}

std::unique_ptr<ProgressListener> make_progress(ProgressMode mode, AnsiMode ansi) {
    switch (mode) {
    case ProgressMode::Quiet: return std::make_unique<NullProgress>();
    case ProgressMode::Json: return std::make_unique<JsonProgress>();
    case ProgressMode::Auto: {
        // A dumb terminal takes no cursor movement either.
        const char* term = std::getenv("TERM");
        bool dumb = term != nullptr && std::string_view(term) == "dumb";
        if (!is_terminal(2) || (dumb && ansi != AnsiMode::Always)) {
            return std::make_unique<PlainProgress>();
        }
        [[fallthrough]];
    }
    case ProgressMode::Tty:
        if (ansi == AnsiMode::Never) return std::make_unique<PlainProgress>();
        return std::make_unique<TtyProgress>(use_ansi(ansi, 2));
    case ProgressMode::Plain: return std::make_unique<PlainProgress>();
    }
    return std::make_unique<PlainProgress>();
}

std::unique_ptr<ProgressListener> make_progress(const GlobalOptions& global) {
    return make_progress(parse_progress_mode(global.progress), parse_ansi_mode(global.ansi));
}

}  // namespace dc::cli
