// `dc up` without -d: run_up, then show the attached services' output until every watched
// container has exited, as Compose v2 does. "<name> exited with code N" marks each exit; the
// cascades (--abort-on-container-exit, --abort-on-container-failure, --exit-code-from) stop the
// services and pick the exit code; the first interrupt stops the services gracefully, the second
// kills them.
#pragma once

#include <optional>
#include <ostream>
#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/loader.h"
#include "core/log_printer.h"
#include "core/progress.h"
#include "core/up.h"

namespace dc {

// What ends an attached `up` early.
enum class Cascade {
    Ignore,  // Nothing: wait for every container.
    Stop,    // Any exit (--abort-on-container-exit).
    Fail,    // A non-zero exit (--abort-on-container-failure).
};

struct AttachedUpOptions {
    std::vector<std::string> attach{};     // --attach: only these; empty: as Compose picks.
    std::vector<std::string> no_attach{};  // --no-attach.
    bool attach_dependencies = false;      // --attach-dependencies.
    Cascade cascade = Cascade::Ignore;
    std::string exit_code_from{};  // --exit-code-from (implies Cascade::Stop).
    LogFormat format{};
    bool timestamps = false;
    std::stop_token interrupt{};  // The first Ctrl-C: stop the services.
    std::stop_token force{};      // The second: kill them.
};

// The services whose output an attached `up` shows: --attach, else the named services (all when
// none are named, with their dependencies for --attach-dependencies) less `attach: false`; less
// --no-attach. Throws dc::Error (Usage) for --attach or --exit-code-from naming a service `up`
// does not start, and for --attach with --attach-dependencies.
std::vector<std::string> services_to_attach(const Project& project, const UpOptions& up,
                                            const AttachedUpOptions& options);

// Runs `up` (cancelled by the first interrupt), then follows the output on `out` (container
// stderr lines on `err`, with Compose's messages) until the watched containers have exited.
// Returns the exit code: 0, or the code the cascade picked. Throws dc::Error (Cancelled,
// "canceled") after an interrupt, and what run_up throws.
int run_attached_up(const Project& project, Engine& engine, ProgressListener& progress,
                    const UpOptions& up, const AttachedUpOptions& options, std::ostream& out,
                    std::ostream& err);

}  // namespace dc
