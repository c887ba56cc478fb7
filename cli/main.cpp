// dc's entry point: builds the command line, runs the chosen command, and
// turns errors into one line on stderr and Compose's exit codes.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/global_options.h"
#include "core/error.h"
#include "core/version.h"

namespace {

// Compose's exit codes, so scripts written for `docker compose` keep working.
int exit_code_for(dc::ErrorKind kind) {
    switch (kind) {
    case dc::ErrorKind::Config: return 15;
    case dc::ErrorKind::FileNotFound: return 14;
    case dc::ErrorKind::Usage: return 16;
    case dc::ErrorKind::Cancelled: return 130;
    case dc::ErrorKind::NotFound:
    case dc::ErrorKind::Engine:
    case dc::ErrorKind::Failure:
    case dc::ErrorKind::Internal: return 1;
    }
    return 1;
}

int report(std::string_view message, int code) {
    std::cerr << "dc: error: " << message << '\n';
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    CLI::App app{"dc: a fast Docker Compose compatible orchestrator", "dc"};
    app.require_subcommand(1);
    app.set_version_flag("-v,--version", std::string("dc version ") + dc::kVersion);
    dc::cli::GlobalOptions global;
    dc::cli::add_global_options(app, global);
    dc::cli::setup_config(app, global);
    dc::cli::setup_ps(app, global);
    dc::cli::setup_up(app, global);
    dc::cli::setup_down(app, global);
    dc::cli::setup_lifecycle(app, global);
    dc::cli::setup_logs(app, global);
    dc::cli::setup_exec(app, global);
    dc::cli::setup_run(app, global);
    dc::cli::setup_create(app, global);
    dc::cli::setup_images(app, global);
    dc::cli::setup_top(app, global);
    dc::cli::setup_port(app, global);
    dc::cli::setup_cp(app, global);
    dc::cli::setup_events(app, global);
    dc::cli::setup_attach(app, global);
    dc::cli::setup_wait(app, global);
    dc::cli::setup_ls(app, global);
    dc::cli::setup_version(app, global);
    dc::cli::setup_scale(app, global);
    dc::cli::setup_stats(app, global);
    dc::cli::setup_build(app, global);
    dc::cli::setup_pull(app, global);
    dc::cli::setup_push(app, global);
    dc::cli::setup_watch(app, global);
    dc::cli::setup_spark(app, global);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::RequiredError& e) {
        // A word that is not a command leaves the subcommand requirement unmet.
        if (!app.remaining().empty()) {
            return report("unknown command \"" + app.remaining().front() + "\" (see dc --help)",
                          exit_code_for(dc::ErrorKind::Usage));
        }
        return report(e.what(), exit_code_for(dc::ErrorKind::Usage));
    } catch (const CLI::ParseError& e) {
        return report(e.what(), exit_code_for(dc::ErrorKind::Usage));
    } catch (const dc::Error& e) {
        return report(e.what(), exit_code_for(e.kind()));
    } catch (const std::exception& e) {
        return report(std::string("internal error: ") + e.what(),
                      exit_code_for(dc::ErrorKind::Internal));
    }
    return 0;
}
