// `dc spark`: the built-in Spark profile's commands (up, down, config, status, ui, logs; submit
// is in cli/spark_submit.cpp). Declares the flags; core/spark_*.cpp does the work.
#include <iostream>
#include <memory>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/engine_connect.h"
#include "cli/progress.h"
#include "cli/signals.h"
#include "cli/terminal.h"
#include "core/config.h"
#include "core/down.h"
#include "core/error.h"
#include "core/log_time.h"
#include "core/logs.h"
#include "core/spark_commands.h"

namespace dc::cli {

namespace {

// The cluster's shape, shared by every subcommand: `down`, `logs`, `status` and `ui` otherwise
// take the number of workers from the containers that exist.
struct ShapeFlags {
    int workers = 0;
    int worker_cores = 0;
    std::string worker_memory;
    std::string image;
    bool with_postgres = false;
    bool history_server = false;
    std::vector<std::string> ports;

    SparkFlags spark(const CLI::App& cmd) const {
        SparkFlags f;
        if (cmd.count("--workers")) f.workers = workers;
        if (cmd.count("--worker-cores")) f.worker_cores = worker_cores;
        if (cmd.count("--worker-memory")) f.worker_memory = worker_memory;
        if (cmd.count("--image")) f.image = image;
        if (with_postgres) f.with_postgres = true;
        if (history_server) f.history_server = true;
        f.ports = ports;
        return f;
    }
};

void add_shape_flags(CLI::App* cmd, ShapeFlags& f) {
    cmd->add_option("--workers", f.workers, "Number of workers (default 2)");
    cmd->add_option("--worker-cores", f.worker_cores, "Cores per worker (default 1)");
    cmd->add_option("--worker-memory", f.worker_memory, "Memory per worker, e.g. 2g (default 1g)");
    cmd->add_option("--image", f.image, "Spark image (default apache/spark:3.5.4-python3)");
    cmd->add_flag("--with-postgres", f.with_postgres, "Add a PostgreSQL service (postgres:16)");
    cmd->add_flag("--history-server", f.history_server, "Add the Spark history server");
    cmd->add_option("--port", f.ports,
                    "Host port NAME=PORT: master-ui, master, rest, worker-ui (the first worker's), "
                    "history, or all; 0 lets the engine pick")
        ->allow_extra_args(false);
}

SparkSetup setup_for(const GlobalOptions& global, const ShapeFlags& shape, const CLI::App& cmd) {
    return prepare_spark_project(project_options(global), shape.spark(cmd));
}

// As setup_for, with as many workers as the cluster has when --workers does not say.
SparkSetup existing_setup(const GlobalOptions& global, const ShapeFlags& shape, const CLI::App& cmd,
                          Engine& engine) {
    SparkSetup setup = setup_for(global, shape, cmd);
    if (cmd.count("--workers")) return setup;
    int existing = existing_spark_workers(engine, setup.project.project_name);
    if (existing == 0 || existing == setup.options.workers) return setup;
    SparkFlags flags = shape.spark(cmd);
    flags.workers = existing;
    return prepare_spark_project(project_options(global), flags);
}

void add_up(CLI::App& spark, const GlobalOptions& global) {
    auto shape = std::make_shared<ShapeFlags>();
    auto timeout = std::make_shared<int>(180);
    CLI::App* cmd = spark.add_subcommand(
        "up", "Start the cluster; return when the master and every worker are ALIVE");
    add_shape_flags(cmd, *shape);
    cmd->add_option("--wait-timeout", *timeout, "Seconds to wait for the cluster (default 180)");
    cmd->callback([shape, timeout, cmd, &global] {
        SparkSetup setup = setup_for(global, *shape, *cmd);
        Project project = load_spark_project(setup);
        std::unique_ptr<Engine> engine = connect_engine();
        install_interrupt_handler();
        SparkUpOptions options;
        options.timeout = std::chrono::seconds(std::max(*timeout, 1));
        if (is_local_engine(*engine)) options.port_probe = PortProbe::Bind;
        options.stop = first_interrupt();
        SparkMasterStatus status;
        {
            std::unique_ptr<ProgressListener> progress = make_progress(global);
            status = run_spark_up(setup, project, *engine, *progress, options);
        }
        std::cout << "Spark cluster " << project.name << " ready: master " << status.url << ", "
                  << status.alive_workers() << " worker(s) ALIVE\n";
        for (const SparkUiAddress& ui : spark_ui_addresses(*engine, project.name)) {
            std::cout << "  " << ui.service << " UI: " << ui.url << '\n';
        }
    });
}

void add_down(CLI::App& spark, const GlobalOptions& global) {
    auto shape = std::make_shared<ShapeFlags>();
    auto volumes = std::make_shared<bool>(false);
    auto timeout = std::make_shared<int>(-1);
    CLI::App* cmd = spark.add_subcommand("down", "Stop and remove the cluster (volumes stay)");
    add_shape_flags(cmd, *shape);
    cmd->add_flag("-v,--volumes", *volumes, "Also remove the shared and PostgreSQL volumes");
    cmd->add_option("-t,--timeout", *timeout, "Shutdown timeout in seconds");
    cmd->callback([shape, volumes, timeout, cmd, &global] {
        std::unique_ptr<Engine> engine = connect_engine();
        SparkSetup setup = existing_setup(global, *shape, *cmd, *engine);
        Project project = load_spark_project(setup);
        DownOptions options;
        options.volumes = *volumes;
        // A standalone cluster's project is only the cluster: the history server or PostgreSQL
        // of an earlier `up` go too, whatever the flags now.
        options.remove_orphans = !setup.joined;
        if (*timeout >= 0) options.timeout = std::chrono::seconds(*timeout);
        options.dry_run = global.dry_run;
        std::unique_ptr<ProgressListener> progress = make_progress(global);
        Plan plan = run_down(project, *engine, *progress, options);
        if (options.dry_run) std::cout << plan.str();
    });
}

void add_config(CLI::App& spark, const GlobalOptions& global) {
    auto shape = std::make_shared<ShapeFlags>();
    auto format = std::make_shared<std::string>("yaml");
    CLI::App* cmd = spark.add_subcommand(
        "config", "Print the cluster's compose project (Docker Compose can run it too)");
    add_shape_flags(cmd, *shape);
    cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"yaml", "json"}));
    cmd->callback([shape, format, cmd, &global] {
        SparkSetup setup = setup_for(global, *shape, *cmd);
        ConfigOptions options;
        options.format = *format == "json" ? ConfigFormat::Json : ConfigFormat::Yaml;
        run_config(setup.project, options, std::cout);
    });
}

void add_status(CLI::App& spark, const GlobalOptions& global) {
    auto format = std::make_shared<std::string>("table");
    CLI::App* cmd = spark.add_subcommand(
        "status", "Show the master, its workers (cores, memory) and applications");
    cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"table", "json"}));
    cmd->callback([format, &global] {
        std::string project = spark_project_name(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        std::string master = spark_master_container(*engine, project);
        std::optional<SparkMasterStatus> status = read_master_status(*engine, master);
        if (!status) {
            throw Error(ErrorKind::Failure,
                        "spark: the master of " + project + " does not answer on /json/ yet");
        }
        print_spark_status(*status,
                           *format == "json" ? SparkStatusFormat::Json : SparkStatusFormat::Table,
                           std::cout);
    });
}

void add_ui(CLI::App& spark, const GlobalOptions& global) {
    CLI::App* cmd = spark.add_subcommand("ui", "Print the web UIs' addresses");
    cmd->callback([&global] {
        std::string project = spark_project_name(project_options(global));
        std::unique_ptr<Engine> engine = connect_engine();
        std::vector<SparkUiAddress> uis = spark_ui_addresses(*engine, project);
        if (uis.empty())
            throw Error(ErrorKind::Failure,
                        "spark: " + project + " publishes no web UI (is it up?)");
        for (const SparkUiAddress& ui : uis) std::cout << ui.service << '\t' << ui.url << '\n';
    });
}

void add_logs(CLI::App& spark, const GlobalOptions& global) {
    struct LogsFlags {
        ShapeFlags shape;
        std::vector<std::string> services;
        bool follow = false;
        std::string tail = "all";
        bool timestamps = false;
        bool no_prefix = false;
    };
    auto f = std::make_shared<LogsFlags>();
    CLI::App* cmd = spark.add_subcommand("logs", "View the cluster's output");
    add_shape_flags(cmd, f->shape);
    cmd->add_flag("-f,--follow", f->follow, "Follow log output");
    cmd->add_option("-n,--tail", f->tail, "Number of lines to show from the end of each log");
    cmd->add_flag("-t,--timestamps", f->timestamps, "Show timestamps");
    cmd->add_flag("--no-log-prefix", f->no_prefix, "Don't print prefix in logs");
    cmd->add_option("service", f->services, "Services (default: all)");
    cmd->callback([f, cmd, &global] {
        std::unique_ptr<Engine> engine = connect_engine();
        Project project = load_spark_project(existing_setup(global, f->shape, *cmd, *engine));
        LogsOptions options;
        options.services = f->services;
        options.follow = f->follow;
        options.tail = parse_tail(f->tail);
        options.timestamps = f->timestamps;
        bool color = use_ansi(parse_ansi_mode(global.ansi), STDOUT_FILENO);
        options.format.color = color ? LogColor::On : LogColor::Off;
        options.format.prefix = f->no_prefix ? LogPrefix::Off : LogPrefix::On;
        if (options.follow) {
            install_interrupt_handler();
            options.stop = first_interrupt();
        }
        run_logs(project, *engine, options, std::cout, std::cerr);
    });
}

}  // namespace

void setup_spark(CLI::App& app, const GlobalOptions& global) {
    CLI::App* spark = app.add_subcommand("spark", "A Spark standalone cluster in one command");
    spark->require_subcommand(1);
    add_up(*spark, global);
    add_down(*spark, global);
    add_config(*spark, global);
    add_status(*spark, global);
    add_ui(*spark, global);
    add_logs(*spark, global);
    setup_spark_submit(*spark, global);
}

}  // namespace dc::cli
