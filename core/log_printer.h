// Writes containers' output as Docker Compose v2 does: whole lines behind a prefix
// "web-1  | ", the name padded to the longest name registered so far, each container in the next
// colour of Compose's rainbow when colours are on; and status lines such as
// "web-1 exited with code 0". Many threads write at once; each line is written whole.
#pragma once

#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

#include "core/engine_types.h"

namespace dc {

enum class LogColor { Off, On };
enum class LogPrefix { Off, On };

struct LogFormat {
    LogColor color = LogColor::Off;
    LogPrefix prefix = LogPrefix::On;
};

// What Compose calls a container in its logs: the container's name without "<project>-" when it
// has the default name "<project>-<service>-<number>", else the whole name (a container_name).
std::string log_name(const std::string& container_name, const Labels& labels);

class LogPrinter {
  public:
    // `err` receives the lines a container wrote to its stderr when the caller asks for that
    // (attached `up`); `logs` writes everything to `out`.
    LogPrinter(std::ostream& out, std::ostream& err, LogFormat format);

    // Gives `name` the next colour and widens every prefix to fit it. Registering a name twice
    // changes nothing.
    void add(const std::string& name);
    // One line of output (without its newline). Registers an unknown name first.
    void line(const std::string& name, std::string_view text, StreamKind to = StreamKind::Stdout);
    // "<name> <message>" on a line of its own, in the container's colour.
    void status(const std::string& name, const std::string& message);
    // Drops every later line and status: Compose stops showing output once it tears down.
    void mute();

    // The prefix `name` gets now ("web-1  | "), with its colour codes when colours are on.
    std::string prefix(const std::string& name);

  private:
    struct Presenter {
        std::string color{};  // "36", "33;1", ...; empty without colours.
    };
    Presenter& presenter(const std::string& name);  // mutex_ held.
    std::string colored(const Presenter& p, const std::string& text) const;

    std::mutex mutex_;  // Guards everything below and serialises writes.
    std::ostream& out_;
    std::ostream& err_;
    LogFormat format_;
    std::map<std::string, Presenter> presenters_{};
    std::size_t width_ = 0;  // The longest name + 1, as Compose pads.
    std::size_t next_color_ = 0;
    bool muted_ = false;
};

}  // namespace dc
