// The fake engine's builds: each reads its whole context, says one step, and tags a new image id,
// so that a rebuilt image differs from the one before, as the real engine's would.
#include <algorithm>

#include "tests/unit/fake_engine.h"

namespace dc::test {

EngineResult<std::string> FakeEngine::build_image(const ByteSource& context,
                                                  const BuildOptions& options,
                                                  const BuildSink& sink, std::stop_token) {
    const std::string tag = options.tags.empty() ? std::string() : options.tags.front();
    CallScope scope(*this, "build_image", tag, CallScope::Target::Literal);
    std::size_t bytes = 0;
    char buffer[4096];
    while (auto got = context.read(buffer, sizeof buffer)) {
        if (*got == 0) break;
        bytes += *got;
    }
    if (sink) sink(BuildMessage{.stream = "Step 1/1 : FROM scratch\n"});
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    builds_.push_back({.options = options, .context_bytes = bytes});
    if (auto failure = take_failure("build_image", tag)) return Unexpected{*failure};
    const std::string id = "sha256:built-" + std::to_string(builds_.size());
    for (const std::string& name : options.tags) {
        if (std::find(images_.begin(), images_.end(), name) == images_.end()) {
            images_.push_back(name);
        }
        image_ids_[name] = id;
    }
    return id;
}

std::vector<FakeEngine::FakeBuild> FakeEngine::builds() const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    return builds_;
}

}  // namespace dc::test
