// `dc build [service...]`: declare the flags; core/build.cpp does the work. The builder's output
// goes to stdout as the classic builder prints it, unless -q.
#include "core/build.h"

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/progress.h"
#include "cli/signals.h"
#include "core/error.h"

namespace dc::cli {

namespace {

struct BuildFlags {
    std::vector<std::string> services;
    std::vector<std::string> build_args;
    bool no_cache = false;
    bool pull = false;
    bool quiet = false;
    bool with_dependencies = false;
};


}  // namespace

void setup_build(CLI::App& app, const GlobalOptions& global) {
    auto f = std::make_shared<BuildFlags>();
    CLI::App* cmd = app.add_subcommand("build", "Build or rebuild services");
    cmd->add_option("--build-arg", f->build_args, "Set build-time variables for services")
        ->allow_extra_args(false);
    cmd->add_flag("--no-cache", f->no_cache, "Do not use cache when building the image");
    cmd->add_flag("--pull", f->pull, "Always attempt to pull a newer version of the image");
    cmd->add_flag("-q,--quiet", f->quiet, "Don't print anything to STDOUT");
    cmd->add_flag("--with-dependencies", f->with_dependencies,
                  "Also build dependencies (transitively)");
    cmd->add_option("service", f->services, "Services to build");
    cmd->callback([f, &global] {
        BuildRequest request;
        request.services = f->services;
        request.build_args = f->build_args;
        request.no_cache = f->no_cache;
        request.pull = f->pull;
        request.with_dependencies = f->with_dependencies;
        request.parallel = parallel_limit(global);
        request.platforms = BuildPlatforms::AsDeclared;
        if (!f->quiet) {
            request.output = [](const std::string&, std::string_view text) {
                std::cout << text << std::flush;
            };
        }
        install_interrupt_handler();
        request.stop = first_interrupt();
        Project project = load_project(project_options(global));
        const ServiceGraph graph = ServiceGraph::from_project(project.model);
        std::vector<std::string> services = services_to_build(project, graph, request);
        check_classic_builds(project, services, request);  // Also in a dry run.
        if (global.dry_run) {
            for (const std::string& service : services) std::cout << "build " << service << '\n';
            return;
        }
        std::unique_ptr<Engine> engine = connect_engine();
        // The builder's own output is the progress, as with Compose's classic builder: events
        // only when --progress asks for them.
        std::unique_ptr<ProgressListener> progress = f->quiet || global.progress == "auto"
                                                         ? std::make_unique<NullProgress>()
                                                         : make_progress(global);
        build_services(project, *engine, *progress, services, request);
    });
}

}  // namespace dc::cli
