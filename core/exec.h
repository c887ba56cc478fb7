// `dc exec`: run a command in a service's running container, attached (stdin, output, TTY) or
// detached, and report the command's exit code. Also the pieces `dc run` shares with it: how a
// TTY's size reaches the engine.
#pragma once

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/loader.h"

namespace dc {

// Sets the size of the TTY core attached to, in characters.
using TtyResize = std::function<void(int height, int width)>;
// Called once a TTY is attached, with the function that resizes it: the caller sizes it at once
// and again whenever its own terminal changes size, until the command returns.
using TtyAttached = std::function<void(const TtyResize& resize)>;

struct ExecOptions {
    std::string service{};
    std::vector<std::string> command{};
    std::optional<int> index{};  // --index; nullopt: the service's oldest running container.
    bool detach = false;
    bool tty = false;
    bool interactive = true;  // Attach stdin (-i, on by default as in Compose).
    // -e: "KEY=value", or "KEY" taken from the project environment (left out when unset there).
    std::vector<std::string> environment{};
    std::string user{};
    std::string working_dir{};
    bool privileged = false;
    ExecInput input{};       // Standard input, when interactive.
    FrameSink output{};      // Where the command's output goes.
    TtyAttached on_tty{};    // With a TTY: called once attached.
    std::stop_token stop{};  // Stops waiting for the command (it keeps running, as with docker).
};

// The running container `exec` works on: the service's container number `index` (any number
// when nullopt, the oldest first), one-off containers included as in Compose. Throws dc::Error
// (Failure) "service \"web\" is not running" or "service \"web\" is not running container #2".
ContainerSummary exec_target(const std::string& project, Engine& engine, const std::string& service,
                             std::optional<int> index);

// The engine's exec spec for the options: -e items resolved against `environment`.
ExecSpec exec_spec(const ExecOptions& options, const Environment& environment);

// Runs the command; returns its exit code, or 0 when detached. Throws dc::Error as exec_target,
// and EngineError when the engine fails (Cancelled when `stop` was triggered).
int run_exec(const Project& project, Engine& engine, const ExecOptions& options);

// `sink`, or one that drops the output when `sink` is empty.
FrameSink output_or_discard(const FrameSink& sink);

// Resizes with `resize` until the engine takes it: a process's TTY cannot be sized before the
// process runs, and the caller does not know when that is (the docker CLI retries the same way).
void resize_with_retries(const std::function<bool(int, int)>& resize, int height, int width);

}  // namespace dc
