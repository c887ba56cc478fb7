#include "cli/tty.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace dc::cli {

namespace {

std::atomic<int> g_winch_fd{-1};

extern "C" void on_winch(int) {
    int saved = errno;
    char byte = 1;
    if (int fd = g_winch_fd.load(); fd >= 0) [[maybe_unused]]
        ssize_t n = write(fd, &byte, 1);
    errno = saved;
}

// The terminal attributes to put back at exit(), which skips RawTerminal's destructor.
std::mutex g_exit_mutex;
std::optional<std::pair<int, termios>> g_exit_restore;

void restore_at_exit() {
    std::lock_guard<std::mutex> lock(g_exit_mutex);
    if (g_exit_restore) tcsetattr(g_exit_restore->first, TCSANOW, &g_exit_restore->second);
}

}  // namespace

std::optional<TerminalSize> terminal_size(int fd) {
    winsize size{};
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) {
        return std::nullopt;
    }
    return TerminalSize{size.ws_row, size.ws_col};
}

void RawTerminal::enter() {
    std::lock_guard<std::mutex> lock(mutex_);
    termios current{};
    if (saved_ || !isatty(fd_) || tcgetattr(fd_, &current) != 0) return;
    termios raw = current;
    cfmakeraw(&raw);
    if (tcsetattr(fd_, TCSANOW, &raw) != 0) return;
    saved_ = current;
    static std::once_flag registered;
    std::call_once(registered, [] { std::atexit(restore_at_exit); });
    std::lock_guard<std::mutex> exit_lock(g_exit_mutex);
    g_exit_restore.emplace(fd_, current);
}

void RawTerminal::restore() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!saved_) return;
    tcsetattr(fd_, TCSANOW, &*saved_);
    saved_.reset();
    std::lock_guard<std::mutex> exit_lock(g_exit_mutex);
    g_exit_restore.reset();
}

ResizeWatcher::ResizeWatcher(int fd) : fd_(fd) {
    if (pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) return;
    g_winch_fd = pipe_[1];
    struct sigaction action {};
    action.sa_handler = on_winch;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &action, nullptr);
    thread_ = std::jthread([this](std::stop_token stop) { watch(stop); });
}

ResizeWatcher::~ResizeWatcher() {
    signal(SIGWINCH, SIG_DFL);
    g_winch_fd = -1;
    if (thread_.joinable()) {
        thread_.request_stop();
        char byte = 0;
        [[maybe_unused]] ssize_t n = write(pipe_[1], &byte, 1);
        thread_.join();
    }
    for (int fd : pipe_) {
        if (fd >= 0) close(fd);
    }
}

void ResizeWatcher::follow(TtyResize resize) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        resize_ = std::move(resize);
    }
    resize_now();
}

void ResizeWatcher::resize_now() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!resize_) return;
    if (auto size = terminal_size(fd_)) resize_(size->height, size->width);
}

void ResizeWatcher::watch(std::stop_token stop) {
    pollfd wake{pipe_[0], POLLIN, 0};
    while (!stop.stop_requested()) {
        if (poll(&wake, 1, -1) < 0 && errno != EINTR) return;
        char buffer[64];
        while (read(pipe_[0], buffer, sizeof buffer) > 0) {
        }
        if (!stop.stop_requested()) resize_now();
    }
}

FrameSink standard_output() {
    return [](const OutputFrame& frame) {
        int fd = frame.stream == StreamKind::Stderr ? STDERR_FILENO : STDOUT_FILENO;
        std::string_view rest = frame.bytes;
        while (!rest.empty()) {
            ssize_t n = write(fd, rest.data(), rest.size());
            if (n < 0 && errno == EINTR) continue;
            // Nobody reads the output any more (a closed pipe): stop streaming it.
            if (n <= 0) return Flow::Stop;
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
        return Flow::Continue;
    };
}

[[noreturn]] void exit_with(int code) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::exit(code);
}

}  // namespace dc::cli
