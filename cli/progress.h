// Renderers for core's progress events, chosen by --progress (or by looking at stderr): a live
// view redrawn in place on a terminal, plain lines, JSON lines, or nothing.
#pragma once

#include <memory>
#include <string>

#include "cli/global_options.h"
#include "cli/terminal.h"
#include "core/progress.h"

namespace dc::cli {

enum class ProgressMode { Auto, Tty, Plain, Json, Quiet };

// "auto", "tty", "plain", "json", "quiet"; throws dc::Error (Usage) otherwise.
ProgressMode parse_progress_mode(const std::string& text);

// A listener writing to stderr in `mode`. Tty, and Auto when stderr is a terminal, draw Compose's
// live view (unless `ansi` is Never, which allows no cursor movement: plain lines then), coloured
// when use_ansi(ansi, stderr) says so. The view's final frame is drawn when the listener is
// destroyed.
std::unique_ptr<ProgressListener> make_progress(ProgressMode mode, AnsiMode ansi = AnsiMode::Auto);

// The same, from the global --progress and --ansi flags.
std::unique_ptr<ProgressListener> make_progress(const GlobalOptions& global);

}  // namespace dc::cli
