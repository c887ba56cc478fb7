// `dc config`: declares the flags; core/config.cpp does the work.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/config.h"

namespace dc::cli {

namespace {

struct ConfigFlags {
    std::string format = "yaml";
    bool services = false;
    bool volumes = false;
    bool networks = false;
    bool images = false;
    bool profiles = false;
    bool quiet = false;
    bool no_interpolate = false;
    std::string output;
    std::vector<std::string> service_names;
};

ConfigView view_of(const ConfigFlags& flags) {
    if (flags.quiet) return ConfigView::Quiet;
    if (flags.services) return ConfigView::Services;
    if (flags.volumes) return ConfigView::Volumes;
    if (flags.networks) return ConfigView::Networks;
    if (flags.images) return ConfigView::Images;
    if (flags.profiles) return ConfigView::Profiles;
    return ConfigView::Model;
}

}  // namespace

void setup_config(CLI::App& app, const GlobalOptions& global) {
    auto flags = std::make_shared<ConfigFlags>();
    CLI::App* cmd = app.add_subcommand("config", "Parse, resolve and render the compose file in canonical form");
    cmd->alias("convert");
    cmd->add_option("--format", flags->format, "Output format")
        ->check(CLI::IsMember({"yaml", "json"}));
    cmd->add_flag("--services", flags->services, "Print the service names, one per line");
    cmd->add_flag("--volumes", flags->volumes, "Print the volume names, one per line");
    cmd->add_flag("--networks", flags->networks, "Print the network names, one per line");
    cmd->add_flag("--images", flags->images, "Print the image names, one per line");
    cmd->add_flag("--profiles", flags->profiles, "Print the profile names, one per line");
    cmd->add_flag("-q,--quiet", flags->quiet, "Only validate the configuration, print nothing");
    cmd->add_flag("--no-interpolate", flags->no_interpolate, "Don't interpolate environment variables");
    cmd->add_option("-o,--output", flags->output, "Save to file (default: standard output)");
    cmd->add_option("service", flags->service_names, "Services to print (with their dependencies)");
    cmd->callback([flags, &global] {
        ProjectOptions project = project_options(global);
        project.services = flags->service_names;
        if (flags->no_interpolate) project.interpolation = Interpolation::Disabled;
        ConfigOptions options;
        options.format = flags->format == "json" ? ConfigFormat::Json : ConfigFormat::Yaml;
        options.view = view_of(*flags);
        options.output_file = flags->output;
        run_config(project, options, std::cout);
    });
}

}  // namespace dc::cli
