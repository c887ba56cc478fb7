// Helpers the two halves of `up`'s checks share (core/up_checks.cpp, core/up_checks_ports.cpp).
#pragma once

#include <string>

#include "core/error.h"
#include "core/node.h"

namespace dc::up_checks {

// A check that fails: one line, exit code 1.
[[noreturn]] inline void fail(const std::string& message) {
    throw Error(ErrorKind::Failure, message);
}

inline std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// The text of a scalar attribute of a normalized mapping; empty when absent.
inline std::string text_at(const Node& node, const char* key) {
    const Node* value = node.find(key);
    return value != nullptr ? value->text : std::string();
}

}  // namespace dc::up_checks
