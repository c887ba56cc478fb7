// Interrupts (SIGINT, SIGTERM) as stop tokens. Commands that run long (attached up, logs -f, waits)
// cancel on the first and escalate on the second, as Compose does: "press Ctrl+C again to force".
// The handler only writes to a pipe; a watcher thread requests the stops, so stop callbacks run on
// an ordinary thread and may call the engine.
#pragma once

#include <stop_token>

namespace dc::cli {

// Installs the handlers and starts the watcher. Safe to call more than once.
void install_interrupt_handler();

// Stop requested at the first signal, and at the second.
std::stop_token first_interrupt();
std::stop_token second_interrupt();

// Signals received so far.
int interrupt_count();

}  // namespace dc::cli
