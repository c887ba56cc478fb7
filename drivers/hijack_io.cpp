#include "drivers/hijack_io.h"

#include <cerrno>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dc::docker {

namespace {

constexpr std::size_t kChunk = 32 * 1024;

int make_wake_pipe(int (&fds)[2]) {
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) fds[0] = fds[1] = -1;
    return fds[1];
}

}  // namespace

void Session::Wake::operator()() const {
    char byte = 1;
    if (fd >= 0) {
        // A full pipe already holds a wake-up, so a failed write loses nothing.
        [[maybe_unused]] ssize_t n = ::write(fd, &byte, 1);
    }
}

Session::Session(const HttpTransport& transport, std::string what, std::stop_token stop)
    : transport_(transport),
      what_(std::move(what)),
      stop_(stop),
      wake_(stop_, Wake{make_wake_pipe(wake_pipe_)}) {}

Session::~Session() {
    if (easy_ != nullptr) curl_easy_cleanup(easy_);
    for (int fd : wake_pipe_) {
        if (fd >= 0) ::close(fd);
    }
}

Unexpected<EngineFailure> Session::protocol(std::string_view answer) const {
    return engine_failure(FailureKind::Protocol,
                          "the Docker Engine answered " + what_ + " with " + std::string(answer));
}

Unexpected<EngineFailure> Session::cancelled() const {
    return engine_failure(FailureKind::Cancelled, what_ + ": cancelled");
}

Unexpected<EngineFailure> Session::broken(CURLcode code) const {
    return engine_failure(FailureKind::Protocol, "the connection to the Docker Engine broke in " +
                                                     what_ + " (" + curl_easy_strerror(code) + ")");
}

EngineResult<Outcome> Session::open(const std::string& target) {
    if (stop_.stop_requested()) return cancelled();
    easy_ = curl_easy_init();
    char error_text[CURL_ERROR_SIZE] = "";
    transport_.configure(easy_, target);
    curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(easy_, CURLOPT_CONNECT_ONLY, 1L);
    CURLcode code = curl_easy_perform(easy_);
    curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, nullptr);
    if (code != CURLE_OK) {
        long os_errno = 0;
        curl_easy_getinfo(easy_, CURLINFO_OS_ERRNO, &os_errno);
        return Unexpected<EngineFailure>{
            transport_failure(transport_.endpoint(), code, os_errno, error_text, what_, {})};
    }
    curl_easy_getinfo(easy_, CURLINFO_ACTIVESOCKET, &socket_);
    return Outcome::Done;
}

bool Session::wait(short events) const {
    pollfd fds[2] = {{socket_, events, 0}, {wake_pipe_[0], POLLIN, 0}};
    while (!stop_.stop_requested()) {
        if (::poll(fds, 2, -1) >= 0 || errno != EINTR) break;
    }
    return !stop_.stop_requested();
}

EngineResult<Outcome> Session::send_all(std::string_view data) {
    while (!data.empty()) {
        std::size_t sent = 0;
        CURLcode code = curl_easy_send(easy_, data.data(), data.size(), &sent);
        if (code == CURLE_AGAIN) {
            if (!wait(POLLOUT)) return cancelled();
            continue;
        }
        if (code != CURLE_OK) return broken(code);
        data.remove_prefix(sent);
    }
    return Outcome::Done;
}

EngineResult<std::string> Session::receive() {
    char buffer[kChunk];
    for (;;) {
        std::size_t got = 0;
        CURLcode code = curl_easy_recv(easy_, buffer, sizeof buffer, &got);
        if (code == CURLE_OK) return std::string(buffer, got);
        if (code != CURLE_AGAIN) return broken(code);
        if (!wait(POLLIN)) return cancelled();
    }
}

std::optional<EngineResult<Outcome>> Session::drain(FrameDecoder& decoder, const FrameSink& sink) {
    char buffer[kChunk];
    for (;;) {
        std::size_t got = 0;
        CURLcode code = curl_easy_recv(easy_, buffer, sizeof buffer, &got);
        if (code == CURLE_AGAIN) return std::nullopt;
        if (code != CURLE_OK) return broken(code);
        if (got == 0) {
            // The engine closed the stream: the process ended and its output is all here.
            auto end = decoder.finish();
            if (!end) return failed(end);
            return Outcome::Done;
        }
        auto flow = decoder.feed(std::string_view(buffer, got), sink);
        if (!flow) return failed(flow);
        if (*flow == Flow::Stop) return Outcome::Done;
    }
}

EngineResult<Outcome> Session::pump(std::string_view already_read, const ExecInput* input,
                                    FrameDecoder& decoder, const FrameSink& sink) {
    auto flow = decoder.feed(already_read, sink);
    if (!flow) return failed(flow);
    if (*flow == Flow::Stop) return Outcome::Done;
    std::string pending = input != nullptr && input->fd < 0 ? input->bytes : std::string();
    bool reading = input != nullptr && input->fd >= 0;  // The input fd may still have bytes.
    bool write_open = input != nullptr;
    char buffer[kChunk];
    while (!stop_.stop_requested()) {
        if (write_open && !reading && pending.empty()) {
            // End of input: half-close, so the process reads EOF while its output still flows.
            ::shutdown(socket_, SHUT_WR);
            write_open = false;
        }
        pollfd fds[3] = {{socket_, static_cast<short>(POLLIN | (pending.empty() ? 0 : POLLOUT)), 0},
                         {wake_pipe_[0], POLLIN, 0},
                         {reading && pending.empty() ? input->fd : -1, POLLIN, 0}};
        if (::poll(fds, 3, -1) < 0 && errno != EINTR) return broken(CURLE_RECV_ERROR);
        if (fds[2].revents != 0) {
            ssize_t n = ::read(input->fd, buffer, sizeof buffer);
            if (n > 0) pending.append(buffer, static_cast<std::size_t>(n));
            if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) reading = false;
        }
        if ((fds[0].revents & POLLOUT) != 0 && !pending.empty()) {
            std::size_t sent = 0;
            CURLcode code = curl_easy_send(easy_, pending.data(), pending.size(), &sent);
            if (code == CURLE_OK) pending.erase(0, sent);
            // The process stopped reading (or ended): the rest of the input has nowhere to go.
            if (code != CURLE_OK && code != CURLE_AGAIN) {
                pending.clear();
                reading = false;
            }
        }
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            if (auto end = drain(decoder, sink)) return *end;
        }
    }
    return cancelled();
}

}  // namespace dc::docker
