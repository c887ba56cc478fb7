// Awaits. The engine's event stream for the project's containers is followed from before the
// first action (and from a second earlier still, so nothing between subscribing and the first
// start is missed); an Await inspects its containers when it begins and again after each event
// about one of them, one inspection per container at a time. Nothing polls.
#include <algorithm>

#include "core/executor_internal.h"
#include "core/labels.h"

namespace dc {

using executor::Clock;

void Executor::start_watching() {
    EventOptions events{.since = std::chrono::system_clock::now() - std::chrono::seconds(1),
                        .filters = {{"type", {"container"}}}};
    if (options_.project != nullptr) {
        events.filters["label"] = {std::string(kLabelProject) + "=" + options_.project->name};
    }
    watcher_ = std::jthread([this, events](std::stop_token stop) {
        auto forward = [this](const Event& event) {
            mailbox_.post(executor::ContainerEvent{event.actor_id});
            return Flow::Continue;
        };
        auto result = engine_.events(events, forward, stop);
        if (stop.stop_requested()) return;
        mailbox_.post(executor::StreamEnded{result ? "the engine's event stream ended"
                                                   : engine_message(result.error())});
    });
}

void Executor::activate(int id) {
    const Action& action = plan_.action(id);
    if (stream_failure_) {
        fail(id, "cannot follow the engine's events: " + *stream_failure_);
        return;
    }
    ActiveAwait& await = awaits_[id];
    if (action.deadline) await.deadline = Clock::now() + *action.deadline;
    for (const ContainerRef& target : action.targets) {
        const std::string container = resolve(target);
        await.names[container] = target.name;
        await.verdicts[container] = Verdict::Pending;
        emit(ResourceKind::Container, target.name, ProgressStatus::Waiting);
    }
    if (action.targets.empty()) {
        settle(id);
        return;
    }
    for (const auto& [container, verdict] : await.verdicts) inspect(container);
}

void Executor::inspect(const std::string& container) {
    Inspection& inspection = inspections_[container];
    if (inspection.under_way) {
        inspection.stale = true;
        return;
    }
    inspection.under_way = true;
    spawn([this, container](int ticket) -> executor::Message {
        return executor::Inspected{ticket, container, engine_.inspect_container(container)};
    });
}

bool Executor::pending_on(const std::string& container) const {
    return std::any_of(awaits_.begin(), awaits_.end(), [&](const auto& entry) {
        auto it = entry.second.verdicts.find(container);
        return it != entry.second.verdicts.end() && it->second == Verdict::Pending;
    });
}

void Executor::handle(executor::Inspected& inspected) {
    threads_.erase(inspected.ticket);
    Inspection& inspection = inspections_[inspected.container];
    inspection.under_way = false;
    const bool stale = std::exchange(inspection.stale, false);
    std::vector<int> judged;
    for (auto& [id, await] : awaits_) {
        auto verdict = await.verdicts.find(inspected.container);
        if (verdict == await.verdicts.end() || verdict->second != Verdict::Pending) continue;
        const std::string& name = await.names[inspected.container];
        Judgement judgement =
            inspected.info ? judge(plan_.action(id).condition, name, *inspected.info)
                           : Judgement{Verdict::Failed, engine_message(inspected.info.error())};
        verdict->second = judgement.verdict;
        if (judgement.verdict == Verdict::Failed && await.failed.empty()) {
            await.failed = name;
            await.reason = judgement.reason;
        }
        judged.push_back(id);
    }
    for (int id : judged) settle(id);
    if (stale && pending_on(inspected.container)) inspect(inspected.container);
}

void Executor::handle(const executor::ContainerEvent& event) {
    if (pending_on(event.container)) inspect(event.container);
}

void Executor::handle(const executor::StreamEnded& ended) {
    stream_failure_ = ended.message;
    for (const auto& [id, await] : std::map(awaits_)) {
        if (awaits_.contains(id)) {
            end_await(id, Verdict::Failed, "cannot follow the engine's events: " + ended.message);
        }
    }
}

void Executor::settle(int id) {
    const ActiveAwait& await = awaits_.at(id);
    const Action& action = plan_.action(id);
    if (!await.failed.empty()) {
        bool optional = action.requirement == Requirement::Optional;
        end_await(id, Verdict::Failed,
                  optional ? optional_failure(action, await.reason)
                           : await_failure(action, await.reason));
        return;
    }
    bool all_met = std::all_of(await.verdicts.begin(), await.verdicts.end(),
                               [](const auto& entry) { return entry.second == Verdict::Met; });
    if (all_met) end_await(id, Verdict::Met, "");
}

void Executor::end_await(int id, Verdict verdict, const std::string& message) {
    const Action& action = plan_.action(id);
    ActiveAwait await = std::move(awaits_.at(id));
    awaits_.erase(id);
    if (verdict == Verdict::Met) {
        bool completion = action.condition == AwaitCondition::CompletedSuccessfully;
        for (const auto& [container, name] : await.names) {
            emit(ResourceKind::Container, name,
                 completion ? ProgressStatus::Exited : ProgressStatus::Healthy);
        }
        succeed(id);
        return;
    }
    // A timeout or a lost event stream fails an optional dependency too, as in Compose.
    bool skipped = action.requirement == Requirement::Optional && !await.failed.empty();
    std::vector<std::string> blamed;
    if (!await.failed.empty()) blamed.push_back(await.failed);
    for (const auto& [container, state] : await.verdicts) {
        if (await.failed.empty() && state == Verdict::Pending)
            blamed.push_back(await.names[container]);
    }
    for (const std::string& name : blamed) {
        emit(ResourceKind::Container, name,
             skipped ? ProgressStatus::Skipped : ProgressStatus::Error, message);
    }
    skipped ? succeed(id) : fail(id, message);
}

std::optional<Clock::time_point> Executor::next_deadline() const {
    std::optional<Clock::time_point> next;
    for (const auto& [id, await] : awaits_) {
        if (await.deadline && (!next || *await.deadline < *next)) next = await.deadline;
    }
    return next;
}

void Executor::expire() {
    const Clock::time_point now = Clock::now();
    for (const auto& [id, await] : std::map(awaits_)) {
        if (awaits_.contains(id) && await.deadline && *await.deadline <= now) {
            end_await(id, Verdict::Failed, plan_.action(id).timeout_message);
        }
    }
}

}  // namespace dc
