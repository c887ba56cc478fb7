// Errors above the transport edge. Each carries a kind; cli/main.cpp maps
// kinds to exit codes in one place.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "core/node.h"

namespace dc {

enum class ErrorKind {
    Usage,  // Bad command line.
    Config,  // Bad compose file, .env or project setup.
    FileNotFound,  // No compose file, or a named one is missing.
    NotFound,  // A service, container or object the user named does not exist.
    Engine,  // The Docker Engine refused or failed.
    Cancelled,  // Interrupted by the user.
    Failure,  // Anything else that went wrong (exit code 1).
    Internal,
};

class Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, const std::string& message)
        : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const { return kind_; }

  private:
    ErrorKind kind_;
};

// A configuration error at a place in a file:
// "compose.yaml:12:7: services.web.ports[0]: invalid port \"x\"".
// An empty path leaves out the "path: " part; a mark without a file leaves
// out the position.
[[noreturn]] void config_error(const Mark& mark, std::string_view path, std::string_view message);

// A configuration error with no position (a missing file, say).
[[noreturn]] void config_error(std::string_view message);

// Formats the same text as config_error without throwing.
std::string format_config_error(const Mark& mark, std::string_view path, std::string_view message);

}  // namespace dc
