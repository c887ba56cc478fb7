// The fake engine's logs: a container's scripted output (script_output), its last `tail` lines
// when asked, and with `follow` a stream that lasts until the container stops, as the engine's.
#include "tests/unit/fake_engine.h"

namespace dc::test {

namespace {

bool is_up(const FakeContainer& c) {
    return c.status == "running" || c.status == "paused";
}

// The last `count` lines of `text`.
std::string last_lines(const std::string& text, int count) {
    std::size_t start = text.size();
    if (start > 0 && text.back() == '\n') --start;
    for (int seen = 0; start > 0; --start) {
        if (text[start - 1] == '\n' && ++seen == count) break;
    }
    return count <= 0 ? std::string() : text.substr(start);
}

}  // namespace

EngineResult<Outcome> FakeEngine::logs(const std::string& id, const LogOptions& options,
                                       const FrameSink& sink, std::stop_token stop) {
    CallScope scope(*this, "logs", id, Target::Container);
    std::string name;
    std::string output;
    {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        const FakeContainer* c = find(id);
        if (c == nullptr) return Outcome::NotFound;
        name = c->name;
        output = outputs_[name];
    }
    if (options.tail) output = last_lines(output, *options.tail);
    if (!output.empty() && sink(OutputFrame{.bytes = output}) == Flow::Stop) return Outcome::Done;
    if (!options.follow) return Outcome::Done;
    std::unique_lock<std::mutex> lock(mutex_);  // See mutex_.
    changed_.wait(lock, stop, [&] {
        const FakeContainer* c = find(name);
        return c == nullptr || !is_up(*c);
    });
    if (stop.stop_requested()) return engine_failure(FailureKind::Cancelled, "cancelled");
    return Outcome::Done;
}

}  // namespace dc::test
