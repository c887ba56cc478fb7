// The everyday tools: `images`, `top`, `port`, `cp`, `events`, `attach`, `wait`, `ls`, `version`,
// `stats` (and `scale`, which is `up`). Each prints what Docker Compose v2.29 prints, in the same
// shape, so that scripts written against `docker compose` read dc's output the same way. One file
// a tool implements these (core/images.cpp, core/top.cpp, ...); core/tools_format.cpp holds the
// formatting they share.
#pragma once

#include <ctime>
#include <optional>
#include <ostream>
#include <stop_token>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/loader.h"
#include "core/up.h"

namespace dc {

enum class ToolFormat { Table, Json };

// ---- Shared pieces (core/tools_format.cpp) -------------------------------------------------

// Go's text/tabwriter over `text` (cells ended by tabs, lines by newlines): each column padded to
// its widest cell plus `padding`, at least `min_width`; a line's last, unterminated cell unpadded.
std::string tabwrite(std::string_view text, std::size_t min_width, std::size_t padding);

// Go's units.BytesSize: binary units, four significant digits ("444KiB", "23.54GiB").
std::string bytes_size(double bytes);
// Go's units.HumanSizeWithPrecision: decimal units ("1.25kB", "0B", "1.98MB").
std::string human_size(double bytes, int precision = 3);

// Throws NotFound "no such service: x" for the first of `services` the project does not have.
void check_services(const Project& project, const std::vector<std::string>& services);

// The project's containers, sorted by name: of `services` (every service when empty), stopped
// ones too with `all`, one-off containers too with `oneoffs`.
enum class Oneoffs { Exclude, Include };
std::vector<ContainerSummary> project_containers(const std::string& project, Engine& engine,
                                                 const std::vector<std::string>& services, bool all,
                                                 Oneoffs oneoffs);

// A container's name without the engine's "/", or its short id.
std::string container_name(const ContainerSummary& container);

// ---- images ----------------------------------------------------------------------------------

struct ImagesOptions {
    std::vector<std::string> services{};
    ToolFormat format = ToolFormat::Table;
    bool quiet = false;  // Image ids only.
};
void run_images(const Project& project, Engine& engine, const ImagesOptions& options,
                std::ostream& out);

// ---- top -------------------------------------------------------------------------------------

void run_top(const Project& project, Engine& engine, const std::vector<std::string>& services,
             std::ostream& out);

// ---- port ------------------------------------------------------------------------------------

struct PortOptions {
    std::string service{};
    int port = 0;
    std::string protocol = "tcp";
    std::optional<int> index{};
};
// "0.0.0.0:32768": the host address and port publishing the container's port.
std::string run_port(const Project& project, Engine& engine, const PortOptions& options);

// ---- cp --------------------------------------------------------------------------------------

struct CpOptions {
    std::string source{};       // "SERVICE:PATH" or a host path.
    std::string destination{};  // Likewise; "-" as a host destination writes the tar to stdout.
    std::optional<int> index{};
    bool archive = false;      // -a: keep uid and gid.
    bool follow_link = false;  // -L: copy what a symbolic link SRC points to.
};
// Copies; reports each container's copy on `status` (Compose's " name copy a to b Copied" lines)
// and writes a "-" destination's archive to `out`.
void run_cp(const Project& project, Engine& engine, const CpOptions& options, std::ostream& out,
            std::ostream& status);

// ---- events ----------------------------------------------------------------------------------

struct EventsOptions {
    std::vector<std::string> services{};
    bool json = false;
    std::stop_token stop{};
};
// Prints the project's container events until `stop`.
void run_events(const Project& project, Engine& engine, const EventsOptions& options,
                std::ostream& out);
// One event in Compose's text form (with its blank line) or as a JSON line.
std::string event_text(const Event& event);
std::string event_json(const Event& event);

// ---- attach ----------------------------------------------------------------------------------

struct AttachToolOptions {
    std::string service{};
    std::optional<int> index{};
    bool no_stdin = false;
    ExecInput input{};
    FrameSink output{};
    std::function<void(bool tty, const std::function<void(int, int)>& resize)> on_attached{};
    std::stop_token stop{};
};
// Attaches until the container stops; returns its exit code.
int run_attach(const Project& project, Engine& engine, const AttachToolOptions& options);

// ---- wait ------------------------------------------------------------------------------------

struct WaitOptions {
    std::vector<std::string> services{};
    bool down_project = false;  // Take the project down once the first container stops.
    std::stop_token stop{};
};
// Waits for the services' containers to stop, printing each one's exit code as it does; returns
// the exit code of the last to stop. `down` takes the project down (for --down-project).
int run_wait(const Project& project, Engine& engine, const WaitOptions& options, std::ostream& out,
             const std::function<void()>& down);

// ---- ls --------------------------------------------------------------------------------------

struct LsOptions {
    bool all = false;
    bool quiet = false;
    ToolFormat format = ToolFormat::Table;
    std::vector<std::string> filters{};  // "name=..." only, as in Compose.
};
void run_ls(Engine& engine, const LsOptions& options, std::ostream& out);

// ---- version ---------------------------------------------------------------------------------

void print_version(ToolFormat format, bool short_form, std::ostream& out);

// ---- stats -----------------------------------------------------------------------------------

struct StatsOptions {
    std::string service{};  // Empty: every service.
    bool all = false;
    bool no_stream = false;
    bool no_trunc = false;
    ToolFormat format = ToolFormat::Table;
    bool clear_screen = false;  // Redraw in place while streaming (a terminal).
    std::stop_token stop{};
};
void run_stats(const std::string& project, Engine& engine, const StatsOptions& options,
               std::ostream& out);

// One container's row, as the docker CLI computes it from a sample.
struct StatsRow {
    std::string id{};
    std::string name{};
    std::string cpu{};     // "0.50%"
    std::string memory{};  // "1MiB / 4MiB"
    std::string memory_percent{};
    std::string net_io{};
    std::string block_io{};
    std::string pids{};
};
StatsRow stats_row(const std::string& id, const std::string& name, const StatsSample& sample);
std::string stats_table(const std::vector<StatsRow>& rows);
std::string stats_json(const StatsRow& row);

// ---- scale -----------------------------------------------------------------------------------

// `dc scale web=3 db=1`: `up -d --no-recreate` with those replica counts, for the named services
// (and their dependencies unless `no_deps`). Throws dc::Error: Failure "invalid scale specifier:
// web" for an item that is not SERVICE=NUMBER (Compose exits 1 there too), Usage for no item,
// NotFound for an unknown service.
UpOptions scale_options(const Project& project, const std::vector<std::string>& items,
                        bool no_deps);

}  // namespace dc
