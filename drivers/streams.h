// Decoders for the engine's streamed answers: the multiplexed stdout/stderr framing of logs, exec
// and attach, and the JSON lines of pulls, imports, pushes, builds and events. Both take bytes as
// they arrive, in pieces of any size.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/engine.h"

namespace dc::docker {

enum class StreamFormat {
    Multiplexed,  // 8-byte headers: [stream, 0, 0, 0, size as big-endian u32], then the payload.
    Raw,  // A TTY's output: all of it is stdout.
};

// Frames larger than this are taken for a misread raw stream rather than buffered.
inline constexpr std::size_t kMaxFrameSize = 64u << 20;

class FrameDecoder {
  public:
    explicit FrameDecoder(StreamFormat format) : format_(format) {}

    // Delivers every whole frame in `bytes` (and earlier leftovers) to `sink`. Returns Flow::Stop
    // when the sink stopped; a failure for an in-band error frame (stream 3) or a bad header.
    EngineResult<Flow> feed(std::string_view bytes, const FrameSink& sink);
    // At the end of the stream: a failure when it ended inside a frame.
    EngineResult<Flow> finish() const;

  private:
    EngineResult<Flow> deliver(std::string_view header, std::string_view payload,
                               const FrameSink& sink) const;

    StreamFormat format_;
    std::string pending_;  // An incomplete header or frame, kept for the next piece.
};

// Splits a stream into lines and hands over each non-empty one, without its "\r\n" or "\n".
class LineSplitter {
  public:
    Flow feed(std::string_view bytes, const std::function<Flow(std::string_view line)>& sink);
    // The last line when the stream did not end with a newline.
    Flow finish(const std::function<Flow(std::string_view line)>& sink);

  private:
    std::string pending_;
};

// One JSON message of a pull, an import, a push or a build: progress, the builder's text, or an
// in-band error ({"errorDetail": {...}, "error": "..."}), which arrives after a 200 status.
struct JsonMessage {
    ProgressLine progress;
    std::optional<std::string> error;
    std::string aux_id;  // An import's {"status": "sha256:..."} or a build's aux ID.
    std::string stream;  // What the builder printed, with its newlines.
};

// Parses one line; nullopt when it is not a JSON object.
std::optional<JsonMessage> parse_json_message(std::string_view line);

}  // namespace dc::docker
