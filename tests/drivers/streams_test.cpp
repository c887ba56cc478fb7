#include "drivers/streams.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

using dc::Flow;
using dc::OutputFrame;
using dc::StreamKind;
using dc::docker::FrameDecoder;
using dc::docker::StreamFormat;

namespace {

std::string frame(char stream, std::string_view payload) {
    std::string out{stream, 0, 0, 0};
    auto size = static_cast<std::uint32_t>(payload.size());
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((size >> shift) & 0xff);
    return out + std::string(payload);
}

struct Collected {
    std::vector<std::pair<StreamKind, std::string>> frames;
    dc::FrameSink sink() {
        return [this](const OutputFrame& f) {
            frames.emplace_back(f.stream, std::string(f.bytes));
            return Flow::Continue;
        };
    }
};

}  // namespace

TEST_CASE("streams: multiplexed frames split at every position decode the same") {
    std::string stream = frame(1, "hello\n") + frame(2, "oops\n") + frame(1, "") + frame(1, "x");
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        CAPTURE(cut);
        FrameDecoder decoder(StreamFormat::Multiplexed);
        Collected got;
        REQUIRE(decoder.feed(std::string_view(stream).substr(0, cut), got.sink()));
        REQUIRE(decoder.feed(std::string_view(stream).substr(cut), got.sink()));
        REQUIRE(decoder.finish());
        REQUIRE(got.frames.size() == 4);
        CHECK(got.frames[0] == std::pair{StreamKind::Stdout, std::string("hello\n")});
        CHECK(got.frames[1] == std::pair{StreamKind::Stderr, std::string("oops\n")});
        CHECK(got.frames[2].second.empty());
        CHECK(got.frames[3].second == "x");
    }
}

TEST_CASE("streams: multiplexed frames fed one byte at a time") {
    std::string stream = frame(1, "one") + frame(2, "two");
    FrameDecoder decoder(StreamFormat::Multiplexed);
    Collected got;
    for (char c : stream) REQUIRE(decoder.feed(std::string_view(&c, 1), got.sink()));
    REQUIRE(got.frames.size() == 2);
    CHECK(got.frames[1].second == "two");
}

TEST_CASE("streams: an in-band error frame is a failure with its text") {
    FrameDecoder decoder(StreamFormat::Multiplexed);
    Collected got;
    auto result = decoder.feed(frame(1, "a") + frame(3, "exec failed: no such file\n"), got.sink());
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == dc::FailureKind::ServerError);
    CHECK(result.error().message == "exec failed: no such file");
    CHECK(got.frames.size() == 1);
}

TEST_CASE("streams: a stream that ends inside a frame is a protocol failure") {
    FrameDecoder decoder(StreamFormat::Multiplexed);
    Collected got;
    REQUIRE(decoder.feed(frame(1, "complete") + frame(1, "cut short").substr(0, 12), got.sink()));
    auto end = decoder.finish();
    REQUIRE_FALSE(end);
    CHECK(end.error().kind == dc::FailureKind::Protocol);
    CHECK(end.error().message == "the stream ended inside a frame (12 bytes left over)");
}

TEST_CASE("streams: a raw stream read as multiplexed is caught by its header") {
    FrameDecoder decoder(StreamFormat::Multiplexed);
    Collected got;
    auto result = decoder.feed("hello world, this is a TTY\n", got.sink());
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == dc::FailureKind::Protocol);
    CHECK(result.error().message ==
          "invalid frame header in a multiplexed stream (a TTY's raw stream?)");
}

TEST_CASE("streams: raw (TTY) output is stdout as it comes") {
    FrameDecoder decoder(StreamFormat::Raw);
    Collected got;
    REQUIRE(decoder.feed("\x01\x02 any bytes", got.sink()));
    REQUIRE(got.frames.size() == 1);
    CHECK(got.frames[0].first == StreamKind::Stdout);
    CHECK(got.frames[0].second == "\x01\x02 any bytes");
}

TEST_CASE("streams: the sink stops the decoder between frames") {
    FrameDecoder decoder(StreamFormat::Multiplexed);
    int seen = 0;
    auto result = decoder.feed(frame(1, "a") + frame(1, "b"), [&](const OutputFrame&) {
        ++seen;
        return Flow::Stop;
    });
    REQUIRE(result);
    CHECK(*result == Flow::Stop);
    CHECK(seen == 1);
}

TEST_CASE("streams: lines split across pieces, CRLF and blank lines") {
    dc::docker::LineSplitter lines;
    std::vector<std::string> got;
    auto sink = [&](std::string_view line) {
        got.emplace_back(line);
        return Flow::Continue;
    };
    lines.feed("{\"a\":1}\r\n{\"b\"", sink);
    lines.feed(":2}\n\n{\"c\":3}", sink);
    CHECK(got == std::vector<std::string>{"{\"a\":1}", "{\"b\":2}"});
    lines.finish(sink);
    CHECK(got.back() == "{\"c\":3}");
}

TEST_CASE("streams: JSON messages carry progress, builder text, image ids and in-band errors") {
    auto progress = dc::docker::parse_json_message(
        R"({"status":"Downloading","id":"abc","progressDetail":{"current":5,"total":10}})");
    REQUIRE(progress);
    CHECK(progress->progress.id == "abc");
    CHECK(progress->progress.current == 5);
    CHECK(progress->progress.total == 10);
    CHECK_FALSE(progress->error);

    auto imported = dc::docker::parse_json_message(R"({"status":"sha256:0123"})");
    REQUIRE(imported);
    CHECK(imported->aux_id == "sha256:0123");

    auto built = dc::docker::parse_json_message(R"({"stream":"Step 1/2 : FROM scratch\n"})");
    REQUIRE(built);
    CHECK(built->stream == "Step 1/2 : FROM scratch\n");
    CHECK(built->aux_id.empty());

    auto error = dc::docker::parse_json_message(
        R"({"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown - short"})");
    REQUIRE(error);
    CHECK(error->error == "manifest unknown");
    CHECK_FALSE(dc::docker::parse_json_message("not json"));
}
