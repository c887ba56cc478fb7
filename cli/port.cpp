// `dc port`: declares the flags; core/port.cpp does the work.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "core/error.h"
#include "core/tools.h"

namespace dc::cli {

void setup_port(CLI::App& app, const GlobalOptions& global) {
    struct Flags {
        std::string service;
        std::string port;
        std::string protocol = "tcp";
        int index = 0;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = app.add_subcommand("port", "Print the public port for a port binding");
    cmd->add_option("--protocol", f->protocol, "tcp or udp")->check(CLI::IsMember({"tcp", "udp"}));
    cmd->add_option("--index", f->index, "Index of the container if service has multiple replicas");
    cmd->add_option("service", f->service, "The service")->required();
    cmd->add_option("private_port", f->port, "The container's port")->required();
    cmd->callback([f, &global] {
        PortOptions options;
        options.service = f->service;
        try {
            std::size_t used = 0;
            options.port = std::stoi(f->port, &used);
            if (used != f->port.size() || options.port <= 0 || options.port > 65535) throw 0;
        } catch (...) {
            throw Error(ErrorKind::Usage, "port: invalid port \"" + f->port + "\"");
        }
        options.protocol = f->protocol;
        if (f->index > 0) options.index = f->index;
        Project project = load_project(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        std::cout << run_port(project, *engine, options) << '\n';
    });
}

}  // namespace dc::cli
