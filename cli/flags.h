// Values of flags that several commands share.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace dc::cli {

// `--scale SERVICE=NUMBER`, repeatable; throws dc::Error (Usage) for anything else.
std::map<std::string, int> parse_scale(const std::vector<std::string>& items);

// `--pull` of up, create and run: "always", "missing", "never", "build" or "if_not_present"
// (given as is), or "policy", the default, which leaves each service's pull_policy (empty).
// Throws dc::Error (Failure, exit 1) `invalid --pull option "x"`, as Compose words it.
std::string parse_pull(const std::string& value);

}  // namespace dc::cli
