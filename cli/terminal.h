// What the output can take: whether a descriptor is a terminal, and whether dc may write colours
// and cursor movements to it (--ansi, NO_COLOR, TERM=dumb), decided in one place for every command.
#pragma once

#include <string>

namespace dc::cli {

enum class AnsiMode { Auto, Never, Always };

// "auto", "never", "always"; throws dc::Error (Usage) otherwise.
AnsiMode parse_ansi_mode(const std::string& text);

bool is_terminal(int fd);

// Always: yes. Never: no. Auto: when `fd` is a terminal, NO_COLOR is unset or empty, and TERM is
// not "dumb" (the conventions of no-color.org and of the docker CLI).
bool use_ansi(AnsiMode mode, int fd);

}  // namespace dc::cli
