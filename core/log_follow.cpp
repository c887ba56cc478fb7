// One thread per followed container. A container restarted after its stream ended gets a new
// stream (and thread) of its own, started by the old stream's thread when the restart came before
// the old stream drained; old ones are kept until the follower is joined, so that no thread ever
// joins itself.
#include "core/log_follow.h"

namespace dc {

void LineCutter::feed(const OutputFrame& frame) {
    std::string& pending = pending_[frame.stream];
    pending.append(frame.bytes);
    std::size_t start = 0;
    while (true) {
        std::size_t end = pending.find('\n', start);
        if (end == std::string::npos) break;
        std::string_view line(pending.data() + start, end - start);
        // A TTY ends its lines with "\r\n"; the carriage return is not part of the text.
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        sink_(frame.stream, line);
        start = end + 1;
    }
    pending.erase(0, start);
}

void LineCutter::finish() {
    for (auto& [stream, pending] : pending_) {
        if (!pending.empty()) sink_(stream, pending);
        pending.clear();
    }
}

LogFollower::LogFollower(Engine& engine, LogPrinter& printer, LogOptions options,
                         StderrTo stderr_to)
    : engine_(engine), printer_(printer), options_(std::move(options)), stderr_to_(stderr_to) {}

LogFollower::~LogFollower() {
    stop();
}

void LogFollower::follow(const LoggedContainer& container, std::optional<TimePoint> since) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (stop_.stop_requested()) return;
    auto& streams = streams_[container.id];
    if (!streams.empty() && !streams.back()->ended) {
        streams.back()->again = since.value_or(std::chrono::system_clock::now());
        return;
    }
    start(container, since);
}

void LogFollower::start(const LoggedContainer& container, std::optional<TimePoint> since) {
    printer_.add(container.name);
    LogOptions options = options_;
    if (since) options.since = since;
    auto& streams = streams_[container.id];
    streams.push_back(std::make_unique<Stream>());
    Stream* stream = streams.back().get();
    stream->thread =
        std::jthread([this, container, options, stream] { run(container, options, stream); });
}

void LogFollower::run(LoggedContainer container, LogOptions options, Stream* stream) {
    LineCutter cutter([&](StreamKind kind, std::string_view line) {
        StreamKind to = kind == StreamKind::Stderr && stderr_to_ == StderrTo::Stderr
                            ? StreamKind::Stderr
                            : StreamKind::Stdout;
        printer_.line(container.name, line, to);
    });
    auto result = engine_.logs(
        container.id, options,
        [&](const OutputFrame& frame) {
            cutter.feed(frame);
            return Flow::Continue;
        },
        stop_.get_token());
    cutter.finish();
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (!result && result.error().kind != FailureKind::Cancelled &&
        result.error().kind != FailureKind::NotFound && !failure_) {
        failure_ = result.error();
    }
    stream->ended = true;
    if (stream->again && !stop_.stop_requested()) start(container, stream->again);
    ended_.notify_all();
}

bool LogFollower::wait_ended(const std::string& id, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);  // See mutex_.
    return ended_.wait_for(lock, timeout, [&] {
        auto it = streams_.find(id);
        return it == streams_.end() || it->second.empty() || it->second.back()->ended;
    });
}

void LogFollower::stop() {
    stop_.request_stop();
    join();
}

void LogFollower::join() {
    // Threads are joined outside the lock: they take it to finish. A stream may start another
    // as it ends (see Stream::again), so this goes on until none is left to join.
    while (true) {
        std::vector<std::jthread*> threads;
        {
            std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
            for (auto& [id, streams] : streams_) {
                for (auto& stream : streams) {
                    if (stream->thread.joinable()) threads.push_back(&stream->thread);
                }
            }
        }
        if (threads.empty()) return;
        for (std::jthread* thread : threads) thread->join();
    }
}

std::optional<EngineFailure> LogFollower::failure() const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    return failure_;
}

}  // namespace dc
