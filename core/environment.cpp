#include "core/environment.h"

#include <cstring>

extern char** environ;

namespace dc {

Environment os_environment() {
    Environment env;
    for (char** entry = environ; entry && *entry; ++entry) {
        const char* text = *entry;
        const char* equals = std::strchr(text, '=');
        if (!equals || equals == text) continue;
        // The first of duplicate entries wins, as with getenv().
        env.emplace(std::string(text, equals), std::string(equals + 1));
    }
    return env;
}

}  // namespace dc
