// The fake engine's exec and attach: execs in running containers that write a scripted output and
// exit with a scripted code, and attachments that read their input, deliver a container's
// scripted output and last until the container stops, as the engine's do.
#include <unistd.h>

#include "tests/unit/fake_engine.h"

namespace dc::test {

namespace {

bool is_up(const FakeContainer& c) {
    return c.status == "running" || c.status == "paused";
}

// The input as an attachment reads it: the bytes, or the descriptor until its end.
std::string read_input(const ExecInput& input) {
    if (input.fd < 0) return input.bytes;
    std::string out;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(input.fd, buffer, sizeof buffer)) > 0) {
        out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
}

}  // namespace

void FakeEngine::script_exec(int code, std::string output) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    exec_code_ = code;
    exec_output_ = std::move(output);
}

void FakeEngine::script_output(const std::string& name, std::string output) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    outputs_[name] = std::move(output);
}

std::vector<ExecSpec> FakeEngine::exec_specs() const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    std::vector<ExecSpec> out;
    for (const FakeExec& exec : execs_) out.push_back(exec.spec);
    return out;
}

std::map<std::string, std::string> FakeEngine::attach_inputs() const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    return attach_inputs_;
}

EngineResult<std::string> FakeEngine::create_exec(const std::string& container,
                                                  const ExecSpec& spec) {
    CallScope scope(*this, "create_exec", container, Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    const FakeContainer* c = find(container);
    if (c == nullptr) {
        return engine_failure(FailureKind::NotFound, "No such container: " + container, 404);
    }
    if (c->status != "running") {
        return engine_failure(FailureKind::Conflict, "Container " + c->id + " is not running", 409);
    }
    execs_.push_back({.container = c->id, .spec = spec});
    return std::to_string(execs_.size());
}

EngineResult<Outcome> FakeEngine::start_exec(const std::string& exec_id, const ExecSpec& spec,
                                             const ExecInput&, const FrameSink& sink,
                                             std::stop_token) {
    CallScope scope(*this, "start_exec", exec_id, Target::Literal);
    std::string output;
    {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        output = exec_output_;
    }
    if (spec.attach_stdout && !output.empty()) {
        sink(OutputFrame{.stream = StreamKind::Stdout, .bytes = output});
    }
    return Outcome::Done;
}

EngineResult<ExecInfo> FakeEngine::inspect_exec(const std::string& exec_id) {
    CallScope scope(*this, "inspect_exec", exec_id, Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    std::size_t index = std::stoul(exec_id) - 1;
    return ExecInfo{.exit_code = exec_code_, .container_id = execs_.at(index).container};
}

EngineResult<Outcome> FakeEngine::resize_exec(const std::string& exec_id, int height, int width) {
    CallScope scope(*this, "resize_exec",
                    exec_id + " " + std::to_string(height) + "x" + std::to_string(width),
                    Target::Literal);
    return Outcome::Done;
}

EngineResult<Outcome> FakeEngine::attach_container(const std::string& id,
                                                   const AttachOptions& options,
                                                   const ExecInput& input, const FrameSink& sink,
                                                   std::stop_token stop) {
    CallScope scope(*this, "attach_container", id, Target::Container);
    std::string name;
    {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        const FakeContainer* c = find(id);
        if (c == nullptr) {
            return engine_failure(FailureKind::NotFound, "No such container: " + id, 404);
        }
        name = c->name;
    }
    if (options.attach_stdin) {
        std::string read = read_input(input);
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        attach_inputs_[name] = std::move(read);
    }
    if (options.on_attached && options.on_attached() == Flow::Stop) return Outcome::Done;
    std::string output;
    {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        output = outputs_[name];
    }
    if (options.attach_stdout && !output.empty()) {
        if (sink(OutputFrame{.stream = StreamKind::Stdout, .bytes = output}) == Flow::Stop) {
            return Outcome::Done;
        }
    }
    std::unique_lock<std::mutex> lock(mutex_);  // See mutex_.
    changed_.wait(lock, stop, [&] {
        const FakeContainer* c = find(name);
        return c == nullptr || !is_up(*c);
    });
    if (stop.stop_requested()) return engine_failure(FailureKind::Cancelled, "cancelled");
    return Outcome::Done;
}

EngineResult<Outcome> FakeEngine::resize_container(const std::string& id, int height, int width) {
    CallScope scope(*this, "resize_container",
                    id + " " + std::to_string(height) + "x" + std::to_string(width),
                    Target::Literal);
    return Outcome::Done;
}

}  // namespace dc::test
