// Compose's log formatter (cmd/formatter/logs.go and colors.go in v2.29): the prefix is
// "%-<width>s | " with width the longest name plus one, and colours go round a fixed rainbow in
// the order containers are registered.
#include "core/log_printer.h"

#include <algorithm>
#include <array>

#include "core/labels.h"

namespace dc {

namespace {

// Compose's rainbow: cyan, yellow, green, magenta, blue, then the same, bold.
constexpr std::array<const char*, 10> kRainbow = {"36",   "33",   "32",   "35",   "34",
                                                  "36;1", "33;1", "32;1", "35;1", "34;1"};

std::string value_of(const Labels& labels, const char* key) {
    auto it = labels.find(key);
    return it == labels.end() ? std::string() : it->second;
}

}  // namespace

std::string log_name(const std::string& container_name, const Labels& labels) {
    std::string project = value_of(labels, kLabelProject);
    std::string standard = project + "-" + value_of(labels, kLabelService) + "-" +
                           value_of(labels, kLabelContainerNumber);
    if (project.empty() || container_name != standard) return container_name;
    return container_name.substr(project.size() + 1);
}

LogPrinter::LogPrinter(std::ostream& out, std::ostream& err, LogFormat format)
    : out_(out), err_(err), format_(format) {}

LogPrinter::Presenter& LogPrinter::presenter(const std::string& name) {
    auto it = presenters_.find(name);
    if (it != presenters_.end()) return it->second;
    Presenter p;
    if (format_.color == LogColor::On) {
        p.color = kRainbow[next_color_];
        next_color_ = (next_color_ + 1) % kRainbow.size();
    }
    width_ = std::max(width_, name.size() + 1);
    return presenters_.emplace(name, p).first->second;
}

std::string LogPrinter::colored(const Presenter& p, const std::string& text) const {
    if (p.color.empty()) return text;
    return "\033[" + p.color + "m" + text + "\033[0m";
}

void LogPrinter::add(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    presenter(name);
}

std::string LogPrinter::prefix(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (format_.prefix == LogPrefix::Off) return "";
    const Presenter& p = presenter(name);
    std::string text = name;
    text.resize(width_, ' ');
    return colored(p, text + " | ");
}

void LogPrinter::line(const std::string& name, std::string_view text, StreamKind to) {
    std::string head = prefix(name);
    std::string whole = head;
    whole.append(text);
    whole += '\n';
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (muted_) return;
    std::ostream& stream = to == StreamKind::Stderr ? err_ : out_;
    stream << whole << std::flush;
}

void LogPrinter::status(const std::string& name, const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (muted_) return;
    const Presenter& p = presenter(name);
    // Compose clears the line first ("\r\033[K"); that is a terminal's business, so only with
    // colours on.
    std::string clear = p.color.empty() ? "" : "\r\033[K";
    out_ << colored(p, clear + name + " " + message) << '\n' << std::flush;
}

void LogPrinter::mute() {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    muted_ = true;
}

}  // namespace dc
