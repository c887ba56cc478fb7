// Values of flags that several commands share.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace dc::cli {

// `--scale SERVICE=NUMBER`, repeatable; throws dc::Error (Usage) for anything else.
std::map<std::string, int> parse_scale(const std::vector<std::string>& items);

}  // namespace dc::cli
