// The live progress view of a terminal, as a pure model: the resources seen so far, their status
// and timing, and the lines of one frame at a given time. cli/progress.cpp draws the frames in
// place; keeping this free of I/O and clocks lets the tests render frames from events and times.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.h"

namespace dc::cli {

using ViewClock = std::chrono::steady_clock;

struct FrameStyle {
    int width = 80;       // The terminal's columns: each resource line fills them exactly.
    bool colour = false;  // ANSI colours (the cursor movements are the writer's business).
};

class ProgressView {
  public:
    // Takes an event seen at `now`. Warnings are not resources: they come back as a line to print
    // once, above the view.
    std::optional<std::string> apply(const ProgressEvent& event, ViewClock::time_point now);

    // "[+] Running 2/3", then one line per resource in the order they appeared:
    // " ✔ Container p-web-1  Started ... 0.4s ", with a spinner while the resource is busy.
    std::vector<std::string> frame(ViewClock::time_point now, const FrameStyle& style) const;

    bool empty() const { return items_.empty(); }
    // Whether some resource is still busy (the spinner and timer move).
    bool busy() const;

  private:
    struct Item {
        std::string id{};  // "Container p-web-1", `Volume "p_data"`.
        ProgressStatus status = ProgressStatus::Created;
        std::string text{};
        ViewClock::time_point start{};
        ViewClock::time_point end{};  // Of the last final event.
    };
    std::string line(const Item& item, std::size_t id_width, ViewClock::time_point now,
                     const FrameStyle& style) const;

    std::vector<Item> items_{};
};

}  // namespace dc::cli
