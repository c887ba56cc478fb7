// The scheduling loop (after ninja's Builder::Build): hand out ready actions up to the limit,
// wait for one message, update the state, repeat. Only run() and what it calls touch the state.
#include "core/executor.h"

#include "core/error.h"
#include "core/executor_internal.h"

namespace dc {

namespace executor {

void Mailbox::post(Message message) {
    {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_: posts race the take.
        queue_.push_back(std::move(message));
    }
    ready_.notify_one();
}

std::optional<Message> Mailbox::take(std::optional<Clock::time_point> deadline) {
    std::unique_lock<std::mutex> lock(mutex_);  // See mutex_: posts race the take.
    auto has_message = [this] { return !queue_.empty(); };
    if (!deadline) {
        ready_.wait(lock, has_message);
    } else if (!ready_.wait_until(lock, *deadline, has_message)) {
        return std::nullopt;
    }
    Message message = std::move(queue_.front());
    queue_.pop_front();
    return message;
}

}  // namespace executor

Executor::Executor(const Plan& plan, Engine& engine, ProgressListener& progress,
                   const ExecutorOptions& options)
    : plan_(plan), engine_(engine), progress_(progress), options_(options) {
    const std::size_t count = plan.actions().size();
    states_.assign(count, State::Waiting);
    unmet_.assign(count, 0);
    dependents_.resize(count);
    for (const Action& action : plan.actions()) {
        unmet_[action.id - 1] = static_cast<int>(action.after.size());
        for (int before : action.after) dependents_[before - 1].push_back(action.id);
    }
    service_containers_ = options.containers;
}

ExecutionResult Executor::run() {
    if (options_.stop.stop_requested()) {
        stopping_ = true;
        result_.cancelled = true;
    }
    std::stop_callback on_stop(options_.stop, [this] { mailbox_.post(executor::Cancelled{}); });
    for (const Action& action : plan_.actions()) {
        if (action.kind == ActionKind::Await && !stopping_) {
            start_watching();
            break;
        }
    }
    for (const Action& action : plan_.actions()) {
        if (unmet_[action.id - 1] == 0) {
            states_[action.id - 1] = State::Ready;
            ready_.insert(action.id);
        }
    }
    while (true) {
        dispatch();
        if (idle()) break;
        std::optional<executor::Message> message = mailbox_.take(next_deadline());
        if (!message) {
            expire();
            continue;
        }
        std::visit([this](auto& m) { handle(m); }, *message);
    }
    drain();
    for (const Action& action : plan_.actions()) {
        State state = states_[action.id - 1];
        if (state == State::Waiting || state == State::Ready) result_.not_run.push_back(action.id);
    }
    return std::move(result_);
}

void Executor::dispatch() {
    for (auto it = ready_.begin(); it != ready_.end() && !stopping_;) {
        int id = *it;
        bool waits = plan_.action(id).kind == ActionKind::Await;
        if (!waits && options_.parallel > 0 && running_ >= options_.parallel) {
            ++it;
            continue;
        }
        it = ready_.erase(it);
        const std::size_t ready = ready_.size();
        states_[id - 1] = State::Running;
        if (waits) {
            activate(id);
        } else {
            launch(id);
        }
        // An await met at once makes actions ready, maybe before this one: look again.
        if (ready_.size() != ready) it = ready_.begin();
    }
}

void Executor::launch(int id) {
    const Action& action = plan_.action(id);
    const ActionEvents events = events_of(action);
    TaskInput input;
    input.container_id = resolve(action.container);
    if (action.kind == ActionKind::StartContainer) input.project = options_.project;
    if (action.kind == ActionKind::CreateContainer) {
        input.project = options_.project;
        input.containers = service_containers_;
        if (input.project == nullptr) {
            fail(id, "internal: no project to create " + action.subject + " from");
            return;
        }
    }
    if (events.begin) emit(events.kind, events.name, *events.begin);
    ++running_;
    spawn([this, id, input = std::move(input)](int ticket) -> executor::Message {
        return executor::TaskDone{ticket, id, perform(engine_, plan_.action(id), input, starts_)};
    });
}

std::string Executor::resolve(const ContainerRef& ref) const {
    if (!ref.id.empty() || ref.created_by == 0) return ref.id;
    auto it = created_.find(ref.created_by);
    return it != created_.end() ? it->second : std::string();
}

void Executor::handle(executor::TaskDone& done) {
    threads_.erase(done.ticket);
    --running_;
    const Action& action = plan_.action(done.action);
    const ActionEvents events = events_of(action);
    for (const std::string& warning : done.result.warnings) {
        emit(events.kind, events.name, ProgressStatus::Warning, warning);
    }
    if (!done.result.ok) {
        emit(events.kind, events.name, ProgressStatus::Error, done.result.message);
        fail(done.action, done.result.message);
        return;
    }
    record_effects(action, done.result);
    bool removal = action.kind == ActionKind::RemoveNetwork ||
                   action.kind == ActionKind::RemoveVolume ||
                   action.kind == ActionKind::RemoveImage;
    if (events.end && !(removal && !done.result.warnings.empty())) {
        emit(events.kind, events.name, *events.end);
    }
    succeed(done.action);
}

void Executor::record_effects(const Action& action, const TaskResult& result) {
    if (action.kind == ActionKind::CreateContainer) {
        created_[action.id] = result.created_id;
        service_containers_[action.service][action.number] = {result.created_id,
                                                              action.container.name};
    }
    if (action.kind == ActionKind::RemoveContainer) {
        const std::string id = resolve(action.container);
        for (auto& [service, by_number] : service_containers_) {
            std::erase_if(by_number, [&](const auto& entry) { return entry.second.id == id; });
        }
    }
}

void Executor::succeed(int id) {
    states_[id - 1] = State::Done;
    for (int next : dependents_[id - 1]) {
        if (--unmet_[next - 1] == 0 && states_[next - 1] == State::Waiting) {
            states_[next - 1] = State::Ready;
            ready_.insert(next);
        }
    }
}

void Executor::fail(int id, const std::string& message) {
    states_[id - 1] = State::Failed;
    result_.failures.push_back({id, message});
    stopping_ = true;
    awaits_.clear();  // Abandoned: nothing will start after them.
}

void Executor::handle(const executor::Cancelled&) {
    result_.cancelled = true;
    stopping_ = true;
    awaits_.clear();
}

void Executor::emit(ResourceKind kind, const std::string& name, ProgressStatus status,
                    const std::string& text) {
    progress_.on_event({.kind = kind, .name = name, .status = status, .text = text});
}

bool Executor::idle() const {
    return running_ == 0 && awaits_.empty() && (ready_.empty() || stopping_);
}

void Executor::drain() {
    if (watcher_.joinable()) {
        watcher_.request_stop();
        watcher_.join();
    }
    while (!threads_.empty()) {
        std::optional<executor::Message> message = mailbox_.take(std::nullopt);
        if (auto* done = std::get_if<executor::TaskDone>(&*message)) threads_.erase(done->ticket);
        if (auto* seen = std::get_if<executor::Inspected>(&*message)) threads_.erase(seen->ticket);
    }
}

void Executor::spawn(std::function<executor::Message(int ticket)> work) {
    int ticket = ++next_ticket_;
    threads_.emplace(ticket, std::jthread([this, ticket, work = std::move(work)] {
                         mailbox_.post(work(ticket));
                     }));
}

ExecutionResult execute(const Plan& plan, Engine& engine, ProgressListener& progress,
                        const ExecutorOptions& options) {
    return Executor(plan, engine, progress, options).run();
}

void throw_if_failed(const ExecutionResult& result) {
    if (!result.failures.empty()) throw Error(ErrorKind::Failure, result.failures.front().message);
    if (result.cancelled) throw Error(ErrorKind::Cancelled, "cancelled");
}

void report_plan_warnings(const Plan& plan, const std::string& project,
                          ProgressListener& progress) {
    for (const std::string& warning : plan.warnings) {
        progress.on_event({.kind = ResourceKind::Project,
                           .name = project,
                           .status = ProgressStatus::Warning,
                           .text = warning});
    }
}

}  // namespace dc
