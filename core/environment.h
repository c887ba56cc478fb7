// Variables for interpolation: the shell environment over the .env files.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dc {

using Environment = std::map<std::string, std::string, std::less<>>;

// Reads `environ` into an Environment.
Environment os_environment();

inline std::optional<std::string> lookup(const Environment& env, std::string_view key) {
    auto it = env.find(key);
    if (it == env.end()) return std::nullopt;
    return it->second;
}

}  // namespace dc
