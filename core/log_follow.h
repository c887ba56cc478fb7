// Follows several containers' output at once: one thread per container reading Engine::logs,
// cutting the frames into lines for a LogPrinter. Threads end with their stream (a followed
// stream ends when its container stops) or when the follower is stopped.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "core/engine.h"
#include "core/log_printer.h"

namespace dc {

// A container whose output is shown.
struct LoggedContainer {
    std::string id{};
    std::string name{};  // As the printer shows it: log_name().
    std::string service{};
};

// Where a container's stderr lines go: with its stdout (`logs`), or to dc's stderr (`up`).
enum class StderrTo { Stdout, Stderr };

class LogFollower {
  public:
    LogFollower(Engine& engine, LogPrinter& printer, LogOptions options,
                StderrTo stderr_to = StderrTo::Stdout);
    ~LogFollower();  // Stops and joins every thread.
    LogFollower(const LogFollower&) = delete;
    LogFollower& operator=(const LogFollower&) = delete;

    // Starts a thread showing `container`'s output, from `since` when given (else from the
    // options' since). Nothing happens while one is under way for it already.
    void follow(const LoggedContainer& container, std::optional<TimePoint> since = std::nullopt);
    // Waits until the container's stream has ended (or it was never followed); false when
    // `timeout` passed first.
    bool wait_ended(const std::string& id, std::chrono::milliseconds timeout);
    // Ends every stream soon, and waits for the threads.
    void stop();
    void join();
    // The first stream that failed for another reason than a missing container or a stop.
    std::optional<EngineFailure> failure() const;

  private:
    struct Stream {
        std::jthread thread{};
        bool ended = false;
        // Asked to follow again while this stream was still under way (a container that
        // restarted before its old stream drained): a new one starts from here when it ends.
        std::optional<TimePoint> again{};
    };
    void start(const LoggedContainer& container, std::optional<TimePoint> since);  // mutex_ held.
    void run(LoggedContainer container, LogOptions options, Stream* stream);

    Engine& engine_;
    LogPrinter& printer_;
    LogOptions options_;
    StderrTo stderr_to_;
    std::stop_source stop_{};
    mutable std::mutex mutex_;  // Guards streams_ and failure_.
    std::condition_variable ended_;
    std::map<std::string, std::vector<std::unique_ptr<Stream>>> streams_{};  // By container id.
    std::optional<EngineFailure> failure_{};
};

// Cuts a container's output frames into lines, one buffer per stream, and hands each whole line
// on; what is left at the end is handed on as a last line.
class LineCutter {
  public:
    using LineSink = std::function<void(StreamKind stream, std::string_view line)>;
    explicit LineCutter(LineSink sink) : sink_(std::move(sink)) {}
    void feed(const OutputFrame& frame);
    void finish();

  private:
    LineSink sink_;
    std::map<StreamKind, std::string> pending_{};
};

}  // namespace dc
