#include "cli/signals.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <mutex>
#include <thread>

namespace dc::cli {

namespace {

int g_pipe[2] = {-1, -1};
std::atomic<int> g_count{0};

std::stop_source& first_source() {
    static std::stop_source source;
    return source;
}

std::stop_source& second_source() {
    static std::stop_source source;
    return source;
}

extern "C" void on_signal(int) {
    int saved = errno;
    char byte = 1;
    [[maybe_unused]] ssize_t n = write(g_pipe[1], &byte, 1);
    errno = saved;
}

// Counts signals and requests the stops. Detached: it lives as long as the process.
void watch() {
    char byte = 0;
    while (true) {
        ssize_t n = read(g_pipe[0], &byte, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        int count = ++g_count;
        if (count == 1) first_source().request_stop();
        if (count == 2) second_source().request_stop();
    }
}

}  // namespace

void install_interrupt_handler() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (pipe2(g_pipe, O_CLOEXEC) != 0) return;
        std::thread(watch).detach();
        struct sigaction action {};
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
    });
}

std::stop_token first_interrupt() { return first_source().get_token(); }
std::stop_token second_interrupt() { return second_source().get_token(); }
int interrupt_count() { return g_count.load(); }

}  // namespace dc::cli
