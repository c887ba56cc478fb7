// The terminal progress view's model and frame layout, after Docker Compose v2's tty writer:
// a "[+] Running done/total" header, then per resource a status mark, its name padded to the
// longest, its status and, flush with the right edge, the seconds it took.
#include "cli/progress_view.h"

#include <algorithm>
#include <cstdio>

namespace dc::cli {

namespace {

constexpr std::string_view kSpinner[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
constexpr std::string_view kDone = "✔";
constexpr std::string_view kFailed = "✘";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kBlue = "\x1b[34m";
constexpr std::string_view kReset = "\x1b[0m";

// Characters on screen: UTF-8 code points (every mark and spinner is one column wide).
std::size_t columns(std::string_view text) {
    return std::count_if(text.begin(), text.end(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// The first `count` characters of `text`.
std::string first_columns(const std::string& text, std::size_t count) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool starts = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
        if (starts && seen++ == count) return text.substr(0, i);
    }
    return text;
}

std::string painted(std::string_view text, std::string_view colour, bool enabled) {
    if (!enabled || colour.empty()) return std::string(text);
    return std::string(colour) + std::string(text) + std::string(kReset);
}

std::string resource_id(const ProgressEvent& event) {
    std::string kind(resource_kind_name(event.kind));
    // Compose quotes volume names in its progress ("Volume "p_data"").
    if (event.kind == ResourceKind::Volume) return kind + " \"" + event.name + "\"";
    return kind + " " + event.name;
}

bool counts_done(ProgressStatus status) {
    return is_final(status) && status != ProgressStatus::Error;
}

double seconds_between(ViewClock::time_point from, ViewClock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

}  // namespace

std::optional<std::string> ProgressView::apply(const ProgressEvent& event,
                                               ViewClock::time_point now) {
    if (event.status == ProgressStatus::Warning) {
        // As Compose logs its warnings, once, above the view.
        if (event.kind == ResourceKind::Project) return "WARN[0000] " + event.text;
        return "WARN[0000] " + resource_id(event) + ": " + event.text;
    }
    const std::string id = resource_id(event);
    auto it = std::find_if(items_.begin(), items_.end(), [&](const Item& i) { return i.id == id; });
    if (it == items_.end()) {
        items_.push_back({.id = id, .start = now, .end = now});
        it = items_.end() - 1;
    }
    it->status = event.status;
    it->text = event.text;
    if (is_final(event.status)) it->end = now;
    return std::nullopt;
}

bool ProgressView::busy() const {
    return std::any_of(items_.begin(), items_.end(),
                       [](const Item& item) { return !is_final(item.status); });
}

std::vector<std::string> ProgressView::frame(ViewClock::time_point now,
                                             const FrameStyle& style) const {
    std::size_t done = std::count_if(items_.begin(), items_.end(),
                                     [](const Item& item) { return counts_done(item.status); });
    std::string header =
        "[+] Running " + std::to_string(done) + "/" + std::to_string(items_.size());
    std::vector<std::string> lines{
        painted(header, kBlue, style.colour && !items_.empty() && done == items_.size())};
    std::size_t id_width = 0;
    for (const Item& item : items_) id_width = std::max(id_width, columns(item.id));
    for (const Item& item : items_) lines.push_back(line(item, id_width, now, style));
    return lines;
}

std::string ProgressView::line(const Item& item, std::size_t id_width, ViewClock::time_point now,
                               const FrameStyle& style) const {
    const bool busy = !is_final(item.status);
    const bool failed = item.status == ProgressStatus::Error;
    std::string_view mark = failed ? kFailed : kDone;
    if (busy) {
        auto ticks = std::chrono::duration_cast<std::chrono::milliseconds>(now - item.start) / 100;
        mark = kSpinner[static_cast<std::size_t>(ticks.count()) % std::size(kSpinner)];
    }
    char timer[32];
    const double elapsed = seconds_between(item.start, busy ? now : item.end);
    std::snprintf(timer, sizeof timer, "%.1fs ", elapsed);

    std::string status(progress_status_name(item.status));
    if (!item.text.empty()) status += " " + item.text;
    const std::string head = " " + std::string(mark) + " " + item.id +
                             std::string(id_width - columns(item.id), ' ') + "  ";
    // The line fills the terminal exactly; a long status is cut rather than wrapped, so that
    // the next redraw still knows how many lines to go back over.
    const std::size_t room = static_cast<std::size_t>(std::max(style.width, 0));
    const std::size_t fixed = columns(head) + columns(timer);
    if (fixed + columns(status) > room) {
        status = room > fixed + 3 ? first_columns(status, room - fixed - 3) + "..." : "";
    }
    std::size_t used = fixed + columns(status);
    std::string gap(room > used ? room - used : 0, ' ');

    std::string_view mark_colour = busy ? kYellow : failed ? kRed : kGreen;
    std::string_view status_colour = busy ? std::string_view() : failed ? kRed : kGreen;
    return " " + painted(mark, mark_colour, style.colour) + " " + item.id +
           std::string(id_width - columns(item.id), ' ') + "  " +
           painted(status, status_colour, style.colour) + gap + painted(timer, kBlue, style.colour);
}

}  // namespace dc::cli
