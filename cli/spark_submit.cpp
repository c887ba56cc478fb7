// `dc spark submit`: declare the flags, stream the driver's output, and exit with the job's exit
// code; core/spark_submit.cpp does the work.
#include "core/spark_submit.h"

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/signals.h"
#include "cli/tty.h"
#include "core/error.h"
#include "core/spark_project.h"
#include "drivers/http_client.h"

namespace dc::cli {

namespace {

struct SubmitFlags {
    std::string application;
    std::string main_class;
    std::vector<std::string> jars;
    std::vector<std::string> py_files;
    std::vector<std::string> conf;
    std::string deploy_mode = "client";
    std::vector<std::string> args;
};

// Returns the exit code dc ends with.
int submit(const SubmitFlags& f, const GlobalOptions& global) {
    install_interrupt_handler();
    SparkSubmitOptions options;
    options.project = spark_project_name(project_options(global));
    options.application = f.application;
    options.main_class = f.main_class;
    options.jars = f.jars;
    options.py_files = f.py_files;
    options.conf = f.conf;
    options.deploy_mode = f.deploy_mode == "cluster" ? DeployMode::Cluster : DeployMode::Client;
    options.args = f.args;
    options.output = standard_output();
    options.report = [](const std::string& line) { std::cout << line << std::endl; };
    options.forward = first_interrupt();
    options.stop = second_interrupt();
    check_submit_options(options);
    std::unique_ptr<Engine> engine = connect_engine();
    std::unique_ptr<HttpClient> http = docker::make_http_client();
    return run_spark_submit(*engine, *http, options);
}

}  // namespace

void setup_spark_submit(CLI::App& spark, const GlobalOptions& global) {
    auto f = std::make_shared<SubmitFlags>();
    CLI::App* cmd = spark.add_subcommand(
        "submit", "Run a Spark application (.py or .jar) on the cluster; exit with its exit code");
    cmd->add_option("--class", f->main_class, "The application's main class (JVM jobs)");
    cmd->add_option("--jars", f->jars, "Jars for the driver and executors (comma-separated)")
        ->allow_extra_args(false);
    cmd->add_option("--py-files", f->py_files, ".zip, .egg or .py files for the Python path")
        ->allow_extra_args(false);
    cmd->add_option("-c,--conf", f->conf, "A Spark property, key=value (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--deploy-mode", f->deploy_mode,
                    "client: the driver runs in a one-off container; cluster: on a worker, through "
                    "the master's REST endpoint (JVM jobs)")
        ->check(CLI::IsMember({"client", "cluster"}));
    cmd->add_option("application", f->application, "The application: APP.py or APP.jar")
        ->required();
    cmd->add_option("args", f->args, "The application's arguments (after --)");
    cmd->callback([f, &global] {
        int code = submit(*f, global);
        if (code != 0) exit_with(code);
    });
}

}  // namespace dc::cli
