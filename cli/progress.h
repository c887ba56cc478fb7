// Renderers for core's progress events, chosen by --progress (or by looking
// at stderr): plain lines, JSON lines, or nothing.
#pragma once

#include <memory>
#include <string>

#include "core/progress.h"

namespace dc::cli {

enum class ProgressMode { Auto, Tty, Plain, Json, Quiet };

// "auto", "tty", "plain", "json", "quiet"; throws dc::Error (Usage) otherwise.
ProgressMode parse_progress_mode(const std::string& text);

// A listener writing to stderr in `mode`. Auto and Tty write plain lines for
// now, with the resource padded as Compose pads it.
std::unique_ptr<ProgressListener> make_progress(ProgressMode mode);

}  // namespace dc::cli
