// The executor's state. Everything in Executor except the Mailbox and the StartLock belongs to
// the thread in run(); worker, inspection and event threads talk to it only through the Mailbox.
// Split over executor.cpp (scheduling and engine calls) and executor_await.cpp (waits, the event
// stream and inspections).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <variant>

#include "core/action_runner.h"
#include "core/executor.h"
#include "core/readiness.h"

namespace dc {

namespace executor {

using Clock = std::chrono::steady_clock;

// A worker's engine call has returned.
struct TaskDone {
    int ticket = 0;
    int action = 0;
    TaskResult result{};
};
// An inspection for an Await has returned.
struct Inspected {
    int ticket = 0;
    std::string container{};
    EngineResult<std::optional<ContainerInfo>> info = std::optional<ContainerInfo>();
};
// The engine reported something about a container of the project.
struct ContainerEvent {
    std::string container{};
};
// The event stream ended without being asked to.
struct StreamEnded {
    std::string message{};
};
struct Cancelled {};
using Message = std::variant<TaskDone, Inspected, ContainerEvent, StreamEnded, Cancelled>;

// The one channel from the other threads to the scheduling thread.
class Mailbox {
  public:
    void post(Message message);
    // The next message, or nullopt once `deadline` has passed.
    std::optional<Message> take(std::optional<Clock::time_point> deadline);

  private:
    // Guards the queue: workers, inspections and the event stream post from their own threads
    // while the scheduling thread takes.
    std::mutex mutex_{};
    std::condition_variable ready_{};
    std::deque<Message> queue_{};
};

}  // namespace executor

class Executor {
  public:
    Executor(const Plan& plan, Engine& engine, ProgressListener& progress,
             const ExecutorOptions& options);
    ExecutionResult run();

  private:
    enum class State { Waiting, Ready, Running, Done, Failed };
    // An Await under way: the verdict so far on each container it waits for, by id.
    struct ActiveAwait {
        std::map<std::string, std::string> names{};  // Container id to name.
        std::map<std::string, Verdict> verdicts{};
        std::string failed{};  // The first container that failed, and why.
        std::string reason{};
        std::optional<executor::Clock::time_point> deadline{};
    };
    // A container being inspected for awaits: at most one inspection at a time, and another
    // one after it when an event arrived meanwhile.
    struct Inspection {
        bool under_way = false;
        bool stale = false;
    };

    // executor.cpp
    void dispatch();
    void launch(int id);
    std::string resolve(const ContainerRef& ref) const;
    void handle(executor::TaskDone& done);
    void record_effects(const Action& action, const TaskResult& result);
    void succeed(int id);
    void fail(int id, const std::string& message);
    void emit(ResourceKind kind, const std::string& name, ProgressStatus status,
              const std::string& text = "");
    bool idle() const;
    void drain();
    void handle(const executor::Cancelled& cancelled);
    // Runs `work` on a new thread, which posts what it returns.
    void spawn(std::function<executor::Message(int ticket)> work);

    // executor_await.cpp
    void start_watching();
    void activate(int id);
    void inspect(const std::string& container);
    void handle(executor::Inspected& inspected);
    void handle(const executor::ContainerEvent& event);
    void handle(const executor::StreamEnded& ended);
    void settle(int id);
    bool pending_on(const std::string& container) const;
    void end_await(int id, Verdict verdict, const std::string& message);
    std::optional<executor::Clock::time_point> next_deadline() const;
    void expire();

    const Plan& plan_;
    Engine& engine_;
    ProgressListener& progress_;
    const ExecutorOptions& options_;
    executor::Mailbox mailbox_{};
    StartLock starts_{};

    std::vector<State> states_{};                 // By action id - 1.
    std::vector<int> unmet_{};                    // Prerequisites not yet done, by action id - 1.
    std::vector<std::vector<int>> dependents_{};  // By action id - 1.
    std::set<int> ready_{};
    int running_ = 0;        // Engine calls under way for actions (not inspections).
    bool stopping_ = false;  // A failure or cancellation: hand out nothing more.
    ExecutionResult result_{};
    std::map<int, std::string> created_{};    // Container id by CreateContainer action.
    ServiceContainers service_containers_{};  // Updated as containers are created and removed.
    std::map<int, ActiveAwait> awaits_{};
    std::map<std::string, Inspection> inspections_{};  // By container id.
    std::optional<std::string> stream_failure_{};
    int next_ticket_ = 0;
    std::map<int, std::jthread> threads_{};  // Workers and inspections, by ticket.
    std::jthread watcher_{};                 // Declared last: stopped and joined first.
};

}  // namespace dc
