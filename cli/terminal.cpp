#include "cli/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "core/error.h"

namespace dc::cli {

AnsiMode parse_ansi_mode(const std::string& text) {
    if (text.empty() || text == "auto") return AnsiMode::Auto;
    if (text == "never") return AnsiMode::Never;
    if (text == "always") return AnsiMode::Always;
    throw Error(ErrorKind::Usage, "invalid --ansi \"" + text + "\": use never, always or auto");
}

bool is_terminal(int fd) { return isatty(fd) == 1; }

bool use_ansi(AnsiMode mode, int fd) {
    if (mode == AnsiMode::Always) return true;
    if (mode == AnsiMode::Never) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') return false;
    const char* term = std::getenv("TERM");
    if (term != nullptr && std::string_view(term) == "dumb") return false;
    return is_terminal(fd);
}

}  // namespace dc::cli
