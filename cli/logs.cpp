// `dc logs`: declare the flags; core/logs.cpp does the work.
#include "core/logs.h"

#include <iostream>
#include <memory>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/signals.h"
#include "cli/terminal.h"
#include "core/log_time.h"

namespace dc::cli {

namespace {

struct LogsFlags {
    std::vector<std::string> services;
    bool follow = false;
    std::string tail = "all";
    bool timestamps = false;
    std::string since;
    std::string until;
    bool no_color = false;
    bool no_prefix = false;
    int index = 0;
};

LogsOptions logs_options(const LogsFlags& f, const GlobalOptions& global) {
    LogsOptions o;
    o.services = f.services;
    o.follow = f.follow;
    o.tail = parse_tail(f.tail);
    o.timestamps = f.timestamps;
    TimePoint now = std::chrono::system_clock::now();
    if (!f.since.empty()) o.since = parse_log_time("since", f.since, now);
    if (!f.until.empty()) o.until = parse_log_time("until", f.until, now);
    o.index = f.index;
    bool color = !f.no_color && use_ansi(parse_ansi_mode(global.ansi), STDOUT_FILENO);
    o.format.color = color ? LogColor::On : LogColor::Off;
    o.format.prefix = f.no_prefix ? LogPrefix::Off : LogPrefix::On;
    return o;
}

}  // namespace

void setup_logs(CLI::App& app, const GlobalOptions& global) {
    auto f = std::make_shared<LogsFlags>();
    CLI::App* cmd = app.add_subcommand("logs", "View output from containers");
    cmd->add_flag("-f,--follow", f->follow, "Follow log output");
    cmd->add_option("-n,--tail", f->tail,
                    "Number of lines to show from the end of the logs for each container");
    cmd->add_flag("-t,--timestamps", f->timestamps, "Show timestamps");
    cmd->add_option("--since", f->since,
                    "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m)");
    cmd->add_option("--until", f->until,
                    "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative "
                    "(e.g. 42m)");
    cmd->add_flag("--no-color", f->no_color, "Produce monochrome output");
    cmd->add_flag("--no-log-prefix", f->no_prefix, "Don't print prefix in logs");
    cmd->add_option("--index", f->index,
                    "Index of the container if the service has multiple replicas");
    cmd->add_option("service", f->services, "Services (default: all)");
    cmd->callback([f, &global] {
        LogsOptions options = logs_options(*f, global);
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        if (options.follow) {
            install_interrupt_handler();
            options.stop = first_interrupt();
        }
        run_logs(project, *engine, options, std::cout, std::cerr);
    });
}

}  // namespace dc::cli
