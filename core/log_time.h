// The values `logs --since/--until/--tail` accept, read as the docker CLI reads them: a point in
// time (RFC 3339 and its shorter forms, a bare date, Unix seconds) or a duration before now
// ("10m", "1h30m", Go's time.ParseDuration syntax), and a line count or "all".
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/engine_info.h"

namespace dc {

// Parses `value` for the option `flag` ("since", "until"), relative to `now`. A time without a
// zone is local time. Throws dc::Error (Failure) with the docker CLI's message:
// `invalid value for "since": failed to parse value as time or duration: "10x"`.
TimePoint parse_log_time(const std::string& flag, const std::string& value, TimePoint now);

// Go's time.ParseDuration: "300ms", "-1.5h", "2h45m". nullopt when it is not one.
std::optional<std::chrono::nanoseconds> parse_go_duration(const std::string& text);

// "all" (or a negative number, as the engine reads it) is every line: nullopt. Throws dc::Error
// (Usage) "invalid --tail \"x\": use a number of lines or all" otherwise.
std::optional<int> parse_tail(const std::string& value);

}  // namespace dc
