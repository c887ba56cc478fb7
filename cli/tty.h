// The user's terminal while `exec` or `run` has a TTY attached: raw mode (keys go to the
// container as typed, Ctrl-C included), restored on every way out; the terminal's size, and its
// changes (SIGWINCH) passed on as resizes. Also how an attached command hands its exit code on.
#pragma once

#include <mutex>
#include <optional>
#include <thread>

#include <termios.h>

#include "core/exec.h"

namespace dc::cli {

struct TerminalSize {
    int height = 0;
    int width = 0;
};

// The size of the terminal behind `fd`, or nullopt when it is not one.
std::optional<TerminalSize> terminal_size(int fd);

// Puts a terminal in raw mode on enter() and restores it when destroyed (also after an
// exception, and at exit() for the paths that skip destructors). Does nothing for a non-terminal.
class RawTerminal {
  public:
    explicit RawTerminal(int fd) : fd_(fd) {}
    ~RawTerminal() { restore(); }
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

    void enter();
    void restore();

  private:
    int fd_;
    std::mutex mutex_;
    std::optional<termios> saved_;
};

// While alive, passes the terminal's size to the resize function given to follow(): at once,
// and at every SIGWINCH.
class ResizeWatcher {
  public:
    explicit ResizeWatcher(int fd);
    ~ResizeWatcher();
    ResizeWatcher(const ResizeWatcher&) = delete;
    ResizeWatcher& operator=(const ResizeWatcher&) = delete;

    void follow(TtyResize resize);

  private:
    void watch(std::stop_token stop);
    void resize_now();

    int fd_;
    int pipe_[2] = {-1, -1};
    std::mutex mutex_;
    TtyResize resize_;
    std::jthread thread_;
};

// Writes a command's output as it comes: stdout frames to fd 1, stderr frames to fd 2, unbuffered
// (an interactive program's prompt has no newline to flush on).
FrameSink standard_output();

// Ends dc with an attached command's exit code (main() only knows error kinds): flushes the
// output and exits. Call it after the command's own objects are gone.
[[noreturn]] void exit_with(int code);

}  // namespace dc::cli
