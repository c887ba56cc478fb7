// The fake engine's set-up, scripting and record of calls, the lookups every call shares, and its
// event stream.
#include "tests/unit/fake_engine.h"

#include <algorithm>
#include <cstdio>

namespace dc::test {

namespace {

using namespace std::chrono_literals;

constexpr auto kRendezvousDeadline = 10s;

}  // namespace

FakeEngine::CallScope::CallScope(FakeEngine& engine, std::string call, const std::string& target,
                                 Target kind)
    : engine_(engine), call_(std::move(call)) {
    std::unique_lock<std::mutex> lock(engine_.mutex_);  // See mutex_.
    const FakeContainer* container = kind == Target::Container ? engine_.find(target) : nullptr;
    engine_.record(call_, container != nullptr ? container->name : target);
    int& now = ++engine_.in_flight_[call_];
    engine_.max_in_flight_[call_] = std::max(engine_.max_in_flight_[call_], now);
    auto it = engine_.rendezvous_.find(call_);
    if (it == engine_.rendezvous_.end() || it->second.arrived >= it->second.count) return;
    Rendezvous& meeting = it->second;
    ++meeting.arrived;
    engine_.changed_.notify_all();
    if (!engine_.changed_.wait_for(lock, kRendezvousDeadline,
                                   [&] { return meeting.arrived >= meeting.count; })) {
        engine_.rendezvous_missed_ = true;
    }
}
FakeEngine::CallScope::~CallScope() {
    std::lock_guard<std::mutex> lock(engine_.mutex_);  // See mutex_.
    --engine_.in_flight_[call_];
}

std::string FakeEngine::add_container(const ContainerSpec& spec, const std::string& status) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    std::string id = next_id();
    FakeContainer& c = containers_[id];
    c = FakeContainer{
        .id = id, .name = spec.name, .spec = spec, .status = status, .created = serial_};
    for (const std::string& path : spec.anonymous_volumes) {
        c.mounts.push_back(
            {.type = "volume", .name = "anon-" + id.substr(0, 12) + path, .destination = path});
    }
    return id;
}

void FakeEngine::script(const std::string& name, ContainerScript script) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    scripts_[name] = std::move(script);
}

void FakeEngine::fail_next(const std::string& call, const std::string& target,
                           EngineFailure failure) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    failures_.push_back({call, target, std::move(failure)});
}

void FakeEngine::rendezvous(const std::string& call, int count) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    rendezvous_[call] = Rendezvous{.count = count};
}

void FakeEngine::set_health(const std::string& name, const std::string& health) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (FakeContainer* c = find(name)) {
        c->health = health;
        emit(*c, "health_status", health);
    }
}

void FakeEngine::exit_container(const std::string& name, int code) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (FakeContainer* c = find(name)) {
        c->status = "exited";
        c->exit_code = code;
        emit(*c, "die");
    }
}

bool FakeEngine::await_call(const std::string& call) {
    std::unique_lock<std::mutex> lock(mutex_);  // See mutex_.
    return changed_.wait_for(lock, kRendezvousDeadline, [&] {
        return std::find(calls_.begin(), calls_.end(), call) != calls_.end();
    });
}

std::vector<std::string> FakeEngine::calls() const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    return calls_;
}

std::vector<std::string> FakeEngine::calls_of(const std::string& call) const {
    std::vector<std::string> out;
    for (const std::string& line : calls()) {
        if (line.starts_with(call + " ")) out.push_back(line.substr(call.size() + 1));
    }
    return out;
}

int FakeEngine::position(const std::string& call) const {
    std::vector<std::string> all = calls();
    auto it = std::find(all.begin(), all.end(), call);
    return it == all.end() ? -1 : static_cast<int>(it - all.begin());
}

int FakeEngine::max_in_flight(const std::string& call) const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    auto it = max_in_flight_.find(call);
    return it == max_in_flight_.end() ? 0 : it->second;
}

bool FakeEngine::rendezvous_missed() const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    return rendezvous_missed_;
}

std::optional<FakeContainer> FakeEngine::container(const std::string& name) const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    const FakeContainer* c = find(name);
    return c != nullptr ? std::optional<FakeContainer>(*c) : std::nullopt;
}

std::vector<std::string> FakeEngine::container_names() const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    std::vector<std::string> out;
    for (const auto& [id, c] : containers_) out.push_back(c.name);
    std::sort(out.begin(), out.end());
    return out;
}

// Whether `labels` (with `name`) pass the engine's list filters: every "label" item, "k" or "k=v",
// and any "name" item.
bool FakeEngine::passes(const Filters& filters, const Labels& labels, const std::string& name) {
    if (auto it = filters.find("label"); it != filters.end()) {
        for (const std::string& item : it->second) {
            std::size_t eq = item.find('=');
            auto label = labels.find(item.substr(0, eq));
            if (label == labels.end()) return false;
            if (eq != std::string::npos && label->second != item.substr(eq + 1)) return false;
        }
    }
    if (auto it = filters.find("name"); it != filters.end()) {
        return std::find(it->second.begin(), it->second.end(), name) != it->second.end();
    }
    return true;
}

bool FakeEngine::passes(const Filters& filters, const Event& event) {
    if (auto it = filters.find("type"); it != filters.end()) {
        if (std::find(it->second.begin(), it->second.end(), event.type) == it->second.end()) {
            return false;
        }
    }
    Filters labels_only;
    if (auto it = filters.find("label"); it != filters.end()) labels_only["label"] = it->second;
    return passes(labels_only, Labels(event.attributes.begin(), event.attributes.end()), "");
}

FakeContainer* FakeEngine::find(const std::string& id_or_name) {
    return const_cast<FakeContainer*>(std::as_const(*this).find(id_or_name));
}

const FakeContainer* FakeEngine::find(const std::string& id_or_name) const {
    if (id_or_name.empty()) return nullptr;
    if (auto it = containers_.find(id_or_name); it != containers_.end()) return &it->second;
    const FakeContainer* prefixed = nullptr;
    for (const auto& [id, c] : containers_) {
        if (c.name == id_or_name) return &c;
        if (id.starts_with(id_or_name)) prefixed = &c;
    }
    return prefixed;
}

std::optional<EngineFailure> FakeEngine::take_failure(const std::string& call,
                                                      const std::string& target) {
    auto it = std::find_if(failures_.begin(), failures_.end(),
                           [&](const Failure& f) { return f.call == call && f.target == target; });
    if (it == failures_.end()) return std::nullopt;
    EngineFailure failure = it->failure;
    failures_.erase(it);
    return failure;
}

void FakeEngine::record(const std::string& call, const std::string& target) {
    calls_.push_back(target.empty() ? call : call + " " + target);
    changed_.notify_all();
}

void FakeEngine::emit(const FakeContainer& c, const std::string& action,
                      const std::string& health) {
    Event event{.type = "container", .action = action, .health_status = health, .actor_id = c.id};
    event.attributes.insert(c.spec.labels.begin(), c.spec.labels.end());
    event.attributes["name"] = c.name;
    if (action == "die") event.attributes["exitCode"] = std::to_string(c.exit_code);
    event.time_nano = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    events_.push_back(std::move(event));
    changed_.notify_all();
}

ContainerInfo FakeEngine::info_of(const FakeContainer& c) const {
    ContainerInfo info{.id = c.id,
                       .name = c.name,
                       .image = c.spec.image,
                       .labels = c.spec.labels,
                       .mounts = c.mounts};
    info.state = ContainerState{.status = c.status,
                                .running = c.status == "running",
                                .paused = c.status == "paused",
                                .exit_code = c.exit_code,
                                .health = c.health};
    return info;
}

EngineResult<Outcome> FakeEngine::events(const EventOptions& options, const EventSink& sink,
                                         std::stop_token stop) {
    CallScope scope(*this, "events", "", CallScope::Target::Literal);
    std::unique_lock<std::mutex> lock(mutex_);  // See mutex_.
    if (auto failure = take_failure("events", "")) return Unexpected{*failure};
    std::size_t next = events_.size();
    if (options.since) {
        auto since =
            std::chrono::duration_cast<std::chrono::nanoseconds>(options.since->time_since_epoch())
                .count();
        next = 0;
        while (next < events_.size() && events_[next].time_nano < since) ++next;
    }
    while (true) {
        changed_.wait(lock, stop, [&] { return next < events_.size(); });
        if (stop.stop_requested()) return engine_failure(FailureKind::Cancelled, "cancelled");
        Event event = events_[next++];
        if (!passes(options.filters, event)) continue;
        lock.unlock();
        Flow flow = sink(event);
        lock.lock();
        if (flow == Flow::Stop) return Outcome::Done;
    }
}

std::string FakeEngine::next_id() {
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%012d", ++serial_);
    return prefix + std::string(52, 'f');
}

}  // namespace dc::test
