// `run` and `exec` against the FakeEngine: the one-off container's spec, what is started before
// it, attaching before starting, exit codes, --rm; and how exec finds its container.
#include "core/run.h"

#include <doctest/doctest.h>

#include "core/error.h"
#include "core/exec.h"
#include "core/labels.h"
#include "tests/unit/lifecycle_fixture.h"

using dc::test::FakeEngine;
using dc::test::project_of;

namespace {

const char* const kProject = R"(
services:
  db:
    image: postgres:16
  web:
    image: nginx
    command: ["nginx", "-g", "daemon off;"]
    depends_on: [db]
    ports: ["8080:80"]
    restart: always
    environment: {MODE: one}
)";

std::string error_of(auto&& run) {
    try {
        run();
    } catch (const dc::Error& error) {
        return error.what();
    }
    return "no error";
}

// Attached options for a one-off of web named "once", output collected into `out`.
dc::OneOffOptions attached(std::string& out) {
    dc::OneOffOptions options;
    options.service = "web";
    options.run.name = "once";
    options.run.interactive = false;
    options.output = [&out](const dc::OutputFrame& frame) {
        out += frame.bytes;
        return dc::Flow::Continue;
    };
    return options;
}

}  // namespace

TEST_CASE("run: the one-off is the service with run's overrides, labelled and named as Compose") {
    dc::Project project = project_of(kProject);
    dc::OneOffOptions options;
    options.service = "web";
    options.run.slug = std::string(64, 'a');
    options.run.command = std::vector<std::string>{"sh", "-c", "true"};
    options.run.environment = {"EXTRA=1"};
    options.run.labels = {{"x", "y"}};
    options.volumes = {"/host/data:/data:ro"};
    dc::ServiceContainerSpec spec = dc::oneoff_spec(project, options, dc::ObservedState{});
    CHECK(spec.spec.name == "p-web-run-aaaaaaaaaaaa");
    CHECK(spec.spec.labels.at(dc::kLabelOneoff) == "True");
    CHECK(spec.spec.labels.at(dc::kLabelSlug) == std::string(64, 'a'));
    CHECK(spec.spec.labels.at(dc::kLabelContainerNumber) == "1");
    CHECK(spec.spec.labels.at("x") == "y");
    CHECK(spec.spec.cmd == std::vector<std::string>{"sh", "-c", "true"});
    CHECK(spec.spec.env == std::vector<std::string>{"EXTRA=1", "MODE=one"});
    // No published ports without --service-ports, no restart policy, no auto-removal attached.
    CHECK(spec.spec.host.port_bindings.empty());
    CHECK(spec.spec.host.restart_policy.name.empty());
    CHECK_FALSE(spec.spec.host.auto_remove);
    // -v's short syntax is a bind, sent as Compose sends it.
    CHECK(spec.spec.host.binds == std::vector<std::string>{"/host/data:/data:ro"});
}

TEST_CASE("run: --entrypoint clears the command, --service-ports publishes, -d --rm auto-removes") {
    dc::Project project = project_of(kProject);
    dc::OneOffOptions options;
    options.service = "web";
    options.run.name = "custom";
    options.run.entrypoint = std::vector<std::string>{"echo"};
    options.run.service_ports = true;
    options.detach = true;
    options.remove = true;
    dc::ServiceContainerSpec spec = dc::oneoff_spec(project, options, dc::ObservedState{});
    CHECK(spec.spec.name == "custom");
    CHECK(spec.spec.entrypoint == std::vector<std::string>{"echo"});
    CHECK(spec.spec.cmd == std::vector<std::string>{});
    CHECK(spec.spec.host.port_bindings.count("80/tcp") == 1);
    CHECK(spec.spec.host.auto_remove);
}

TEST_CASE("run: dependencies start first, the one-off is attached before it starts") {
    dc::Project project = project_of(kProject);
    FakeEngine engine;
    engine.script("once", {{"exit:3"}});
    engine.script_output("once", "hello\n");
    dc::RecordedProgress progress;
    std::string out;
    dc::OneOffResult result = dc::run_oneoff(project, engine, progress, attached(out));
    CHECK(result.exit_code == 3);
    CHECK(result.name == "once");
    CHECK(out == "hello\n");
    CHECK(engine.calls_of("start_container") == std::vector<std::string>{"p-db-1", "once"});
    CHECK(engine.calls_of("create_container") == std::vector<std::string>{"p-db-1", "once"});
    CHECK(engine.position("attach_container once") < engine.position("start_container once"));
    CHECK(engine.position("start_container p-db-1") < engine.position("create_container once"));
    // Without --rm the exited one-off stays; it is no service container of web.
    REQUIRE(engine.container("once"));
    CHECK(engine.container("once")->status == "exited");
    CHECK(engine.container_names() == std::vector<std::string>{"once", "p-db-1"});
}

TEST_CASE("run: --no-deps starts nothing else but still makes the network; --rm removes") {
    dc::Project project = project_of(kProject);
    FakeEngine engine;
    engine.script("once", {{"exit:0"}});
    dc::RecordedProgress progress;
    std::string out;
    dc::OneOffOptions options = attached(out);
    options.no_deps = true;
    options.remove = true;
    dc::OneOffResult result = dc::run_oneoff(project, engine, progress, options);
    CHECK(result.exit_code == 0);
    CHECK(engine.calls_of("start_container") == std::vector<std::string>{"once"});
    CHECK(engine.network_names() == std::vector<std::string>{"p_default"});
    CHECK(engine.calls_of("remove_container") == std::vector<std::string>{"once"});
    CHECK(engine.container_names().empty());
}

TEST_CASE("run: stdin goes to the attached one-off; detached it is started and left running") {
    dc::Project project = project_of(kProject);
    FakeEngine engine;
    engine.script("once", {{"exit:0"}});
    dc::RecordedProgress progress;
    std::string out;
    dc::OneOffOptions options = attached(out);
    options.run.interactive = true;
    options.input.bytes = "typed\n";
    dc::run_oneoff(project, engine, progress, options);
    CHECK(engine.attach_inputs().at("once") == "typed\n");

    dc::OneOffOptions detached;
    detached.service = "web";
    detached.run.name = "bg";
    detached.detach = true;
    dc::OneOffResult result = dc::run_oneoff(project, engine, progress, detached);
    CHECK_FALSE(result.id.empty());
    CHECK(engine.container("bg")->status == "running");
    CHECK(engine.calls_of("attach_container") == std::vector<std::string>{"once"});
}

TEST_CASE("run: an unknown service is an error naming it") {
    dc::Project project = project_of(kProject);
    FakeEngine engine;
    dc::RecordedProgress progress;
    std::string out;
    dc::OneOffOptions options = attached(out);
    options.service = "nope";
    CHECK(error_of([&] { dc::run_oneoff(project, engine, progress, options); }) ==
          "no such service: nope");
    CHECK(engine.calls_of("create_container").empty());
}

TEST_CASE("exec: the command runs in the service's container and its exit code comes back") {
    dc::Project project = project_of(kProject);
    project.environment["FROM_SHELL"] = "s";
    FakeEngine engine;
    dc::test::seed(engine, project, "web", 1);
    dc::test::seed(engine, project, "web", 2);
    engine.script_exec(7, "out\n");
    dc::ExecOptions options;
    options.service = "web";
    options.command = {"sh", "-c", "exit 7"};
    options.index = 2;
    options.environment = {"A=1", "FROM_SHELL", "UNSET"};
    options.user = "nobody";
    options.working_dir = "/tmp";
    std::string out;
    options.output = [&out](const dc::OutputFrame& frame) {
        out += frame.bytes;
        return dc::Flow::Continue;
    };
    CHECK(dc::run_exec(project, engine, options) == 7);
    CHECK(out == "out\n");
    CHECK(engine.calls_of("create_exec") == std::vector<std::string>{"p-web-2"});
    dc::ExecSpec spec = engine.exec_specs().at(0);
    CHECK(spec.cmd == std::vector<std::string>{"sh", "-c", "exit 7"});
    CHECK(spec.env == std::vector<std::string>{"A=1", "FROM_SHELL=s"});
    CHECK(spec.user == "nobody");
    CHECK(spec.working_dir == "/tmp");
    CHECK(spec.attach_stdin);
    CHECK_FALSE(spec.tty);
}

TEST_CASE("exec: a service without a running container, or without that index, is an error") {
    dc::Project project = project_of(kProject);
    FakeEngine engine;
    dc::test::seed(engine, project, "db", 1, "exited");
    dc::test::seed(engine, project, "web", 1);
    dc::ExecOptions options;
    options.command = {"true"};
    options.service = "db";
    CHECK(error_of([&] { dc::run_exec(project, engine, options); }) ==
          "service \"db\" is not running");
    options.service = "web";
    options.index = 3;
    CHECK(error_of([&] { dc::run_exec(project, engine, options); }) ==
          "service \"web\" is not running container #3");
    options.index.reset();
    options.detach = true;
    CHECK(dc::run_exec(project, engine, options) == 0);
    CHECK_FALSE(engine.exec_specs().at(0).attach_stdout);
}
