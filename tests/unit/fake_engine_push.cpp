// The fake engine's push: recorded, and refused as the engine refuses it for an image it lacks.
#include <algorithm>

#include "tests/unit/fake_engine.h"

namespace dc::test {

EngineResult<Outcome> FakeEngine::push_image(const std::string& image, const std::string& tag,
                                             const std::string&, const ProgressSink& progress,
                                             std::stop_token) {
    const std::string reference = image + ":" + tag;
    CallScope scope(*this, "push_image", reference, CallScope::Target::Literal);
    {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        if (auto failure = take_failure("push_image", reference)) return Unexpected{*failure};
        if (std::find(images_.begin(), images_.end(), reference) == images_.end()) {
            return engine_failure(FailureKind::NotFound,
                                  "An image does not exist locally with the tag: " + image, 404);
        }
    }
    if (progress) progress(ProgressLine{.id = "0123456789ab", .status = "Pushed"});
    return Outcome::Done;
}

}  // namespace dc::test
