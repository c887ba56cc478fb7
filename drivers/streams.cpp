#include "drivers/streams.h"

#include <cstdint>

#include <nlohmann/json.hpp>

namespace dc::docker {

namespace {

constexpr std::size_t kHeaderSize = 8;

std::size_t frame_size(std::string_view header) {
    auto byte = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(header[i]));
    };
    return (byte(4) << 24) | (byte(5) << 16) | (byte(6) << 8) | byte(7);
}

Unexpected<EngineFailure> bad_stream(std::string message) {
    return engine_failure(FailureKind::Protocol, std::move(message));
}

}  // namespace

EngineResult<Flow> FrameDecoder::deliver(std::string_view header, std::string_view payload,
                                         const FrameSink& sink) const {
    StreamKind kind = StreamKind::Stdout;
    switch (header[0]) {
    case 0: kind = StreamKind::Stdin; break;
    case 1: kind = StreamKind::Stdout; break;
    case 2: kind = StreamKind::Stderr; break;
    case 3: {
        std::string message(payload);
        while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) {
            message.pop_back();
        }
        return engine_failure(FailureKind::ServerError, message);
    }
    default: break;  // feed() only lets 0-3 through.
    }
    return sink(OutputFrame{kind, payload});
}

EngineResult<Flow> FrameDecoder::feed(std::string_view bytes, const FrameSink& sink) {
    if (format_ == StreamFormat::Raw) {
        if (bytes.empty()) return Flow::Continue;
        return sink(OutputFrame{StreamKind::Stdout, bytes});
    }
    // Whole frames straight from `bytes` when nothing is pending; the leftovers are copied.
    std::string_view input = bytes;
    if (!pending_.empty()) {
        pending_.append(bytes);
        input = pending_;
    }
    std::size_t used = 0;
    Flow flow = Flow::Continue;
    while (flow == Flow::Continue && input.size() - used >= kHeaderSize) {
        std::string_view header = input.substr(used, kHeaderSize);
        if (static_cast<unsigned char>(header[0]) > 3 || header[1] != 0 || header[2] != 0 ||
            header[3] != 0) {
            return bad_stream("invalid frame header in a multiplexed stream (a TTY's raw stream?)");
        }
        std::size_t size = frame_size(header);
        if (size > kMaxFrameSize) {
            return bad_stream("frame of " + std::to_string(size) +
                              " bytes in a multiplexed stream");
        }
        if (input.size() - used - kHeaderSize < size) break;
        auto delivered = deliver(header, input.substr(used + kHeaderSize, size), sink);
        if (!delivered) return delivered;
        flow = *delivered;
        used += kHeaderSize + size;
    }
    std::string rest(input.substr(used));
    pending_ = std::move(rest);
    return flow;
}

EngineResult<Flow> FrameDecoder::finish() const {
    if (pending_.empty()) return Flow::Continue;
    return bad_stream("the stream ended inside a frame (" + std::to_string(pending_.size()) +
                      " bytes left over)");
}

Flow LineSplitter::feed(std::string_view bytes,
                        const std::function<Flow(std::string_view line)>& sink) {
    pending_.append(bytes);
    std::size_t start = 0;
    Flow flow = Flow::Continue;
    for (std::size_t nl;
         flow == Flow::Continue && (nl = pending_.find('\n', start)) != std::string::npos;
         start = nl + 1) {
        std::string_view line(pending_.data() + start, nl - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) flow = sink(line);
    }
    pending_.erase(0, start);
    return flow;
}

Flow LineSplitter::finish(const std::function<Flow(std::string_view line)>& sink) {
    std::string line = std::move(pending_);
    pending_.clear();
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return line.empty() ? Flow::Continue : sink(line);
}

std::optional<JsonMessage> parse_json_message(std::string_view line) {
    auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return std::nullopt;
    auto text = [&](const nlohmann::json& object, const char* key) {
        auto it = object.find(key);
        return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    JsonMessage message;
    message.progress.id = text(json, "id");
    message.progress.status = text(json, "status");
    message.stream = text(json, "stream");
    if (auto detail = json.find("progressDetail"); detail != json.end() && detail->is_object()) {
        auto number = [&](const char* key) {
            auto it = detail->find(key);
            return it != detail->end() && it->is_number() ? it->get<std::int64_t>() : 0;
        };
        message.progress.current = number("current");
        message.progress.total = number("total");
    }
    if (auto error = json.find("error"); error != json.end()) {
        std::string text_error = error->is_string() ? error->get<std::string>() : error->dump();
        if (auto detail = json.find("errorDetail"); detail != json.end() && detail->is_object()) {
            std::string detailed = text(*detail, "message");
            if (!detailed.empty()) text_error = detailed;
        }
        message.error = text_error.empty() ? std::string("unknown error") : text_error;
    }
    if (auto aux = json.find("aux"); aux != json.end() && aux->is_object()) {
        message.aux_id = text(*aux, "ID");
    } else if (message.progress.id.empty() && message.progress.status.starts_with("sha256:")) {
        message.aux_id = message.progress.status;
    }
    return message;
}

}  // namespace dc::docker
