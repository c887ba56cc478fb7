// How `dc ps` writes a container's fields, as the docker CLI's formatter (which Compose v2 uses)
// writes them, so that scripts parsing `docker compose ps` read dc's output the same way.
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine_info.h"

namespace dc {

// Go's strconv.Quote: double quotes around `text`, with `"`, `\` and control characters escaped.
std::string go_quote(std::string_view text);

// The docker CLI's Ellipsis: `text` cut to `width` characters, the last one "…", when longer.
std::string ellipsis(std::string_view text, std::size_t width);

// The docker CLI's DisplayablePorts: "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp", runs of exposed
// ports as ranges ("80-81/tcp"), sorted by container port.
std::string displayable_ports(std::vector<PublishedPort> ports);

// Go's time.Time.String() of a Unix time in the local zone: "2024-05-01 10:00:00 +0000 UTC".
std::string go_time_text(std::time_t time);

}  // namespace dc
