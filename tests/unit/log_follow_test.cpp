// Following containers' output: Compose's prefixes and colours, lines cut from frames, the
// docker CLI's --since/--until/--tail values, `logs` and attached `up` against the FakeEngine.
#include "core/log_follow.h"

#include <sstream>
#include <thread>

#include <doctest/doctest.h>

#include "core/attached_up.h"
#include "core/error.h"
#include "core/labels.h"
#include "core/log_printer.h"
#include "core/log_time.h"
#include "core/logs.h"
#include "core/up.h"
#include "tests/unit/lifecycle_fixture.h"

using dc::test::FakeEngine;
using dc::test::project_of;

namespace {

const char* const kTwo = R"(
services:
  db:
    image: postgres:16
  web:
    image: nginx
    depends_on: [db]
)";

std::string error_of(auto&& run) {
    try {
        run();
    } catch (const dc::Error& error) {
        return error.what();
    }
    return "no error";
}

dc::Labels labels_of(const std::string& project, const std::string& service, int number) {
    return {{dc::kLabelProject, project},
            {dc::kLabelService, service},
            {dc::kLabelContainerNumber, std::to_string(number)}};
}

dc::TimePoint utc(int year, int month, int day, int hour, int minute, int second) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return dc::TimePoint(std::chrono::seconds(timegm(&tm)));
}

}  // namespace

TEST_CASE("log_follow: names drop the project only from default container names") {
    CHECK(dc::log_name("p-web-1", labels_of("p", "web", 1)) == "web-1");
    CHECK(dc::log_name("my-custom-name", labels_of("p", "web", 1)) == "my-custom-name");
    CHECK(dc::log_name("p-web-1", {}) == "p-web-1");
}

TEST_CASE("log_follow: prefixes are padded to the longest name plus one, as Compose") {
    std::ostringstream out, err;
    dc::LogPrinter printer(out, err, {});
    printer.add("web-1");
    printer.line("web-1", "hello");
    printer.add("longername-1");
    printer.line("web-1", "again");
    printer.line("longername-1", "there", dc::StreamKind::Stderr);
    printer.status("web-1", "exited with code 0");
    CHECK(out.str() ==
          "web-1  | hello\n"
          "web-1         | again\n"
          "web-1 exited with code 0\n");
    CHECK(err.str() == "longername-1  | there\n");
}

TEST_CASE("log_follow: colours go round Compose's rainbow per container") {
    std::ostringstream out, err;
    dc::LogPrinter printer(out, err, {.color = dc::LogColor::On});
    for (int i = 1; i <= 6; ++i) printer.add("s-" + std::to_string(i));
    CHECK(printer.prefix("s-1") == "\033[36ms-1  | \033[0m");
    CHECK(printer.prefix("s-2") == "\033[33ms-2  | \033[0m");
    CHECK(printer.prefix("s-5") == "\033[34ms-5  | \033[0m");
    CHECK(printer.prefix("s-6") == "\033[36;1ms-6  | \033[0m");
    printer.status("s-2", "exited with code 1");
    CHECK(out.str() == "\033[33m\r\033[Ks-2 exited with code 1\033[0m\n");
}

TEST_CASE("log_follow: --no-log-prefix and a muted printer") {
    std::ostringstream out, err;
    dc::LogPrinter printer(out, err, {.prefix = dc::LogPrefix::Off});
    printer.line("web-1", "bare");
    printer.mute();
    printer.line("web-1", "dropped");
    printer.status("web-1", "exited with code 0");
    CHECK(out.str() == "bare\n");
}

TEST_CASE("log_follow: frames are cut into lines per stream, the rest at the end") {
    std::vector<std::string> lines;
    dc::LineCutter cutter([&](dc::StreamKind kind, std::string_view line) {
        lines.push_back((kind == dc::StreamKind::Stderr ? "E:" : "O:") + std::string(line));
    });
    cutter.feed({.stream = dc::StreamKind::Stdout, .bytes = "one\ntw"});
    cutter.feed({.stream = dc::StreamKind::Stderr, .bytes = "oops\r\n"});
    cutter.feed({.stream = dc::StreamKind::Stdout, .bytes = "o\n\nthree"});
    cutter.finish();
    CHECK(lines == std::vector<std::string>{"O:one", "E:oops", "O:two", "O:", "O:three"});
}

TEST_CASE("log_follow: --since and --until read times and durations as the docker CLI") {
    const dc::TimePoint now = utc(2024, 5, 1, 12, 0, 0);
    using std::chrono::minutes;
    CHECK(dc::parse_log_time("since", "10m", now) == now - minutes(10));
    CHECK(dc::parse_log_time("since", "1h30m", now) == now - minutes(90));
    CHECK(dc::parse_log_time("since", "1.5h", now) == now - minutes(90));
    CHECK(dc::parse_log_time("since", "2013-01-02T13:23:37Z", now) == utc(2013, 1, 2, 13, 23, 37));
    CHECK(dc::parse_log_time("since", "2013-01-02T13:23:37+02:00", now) ==
          utc(2013, 1, 2, 11, 23, 37));
    CHECK(dc::parse_log_time("since", "2013-01-02T13:23:37.5Z", now) ==
          utc(2013, 1, 2, 13, 23, 37) + std::chrono::milliseconds(500));
    CHECK(dc::parse_log_time("since", "1700000000", now) ==
          dc::TimePoint(std::chrono::seconds(1700000000)));
    CHECK(error_of([&] { dc::parse_log_time("since", "10x", now); }) ==
          "invalid value for \"since\": failed to parse value as time or duration: \"10x\"");
    CHECK(error_of([&] { dc::parse_log_time("until", "2013-13-02", now); }) ==
          "invalid value for \"until\": failed to parse value as time or duration: "
          "\"2013-13-02\"");
}

TEST_CASE("log_follow: --tail takes a count or all") {
    CHECK(dc::parse_tail("all") == std::nullopt);
    CHECK(dc::parse_tail("5") == 5);
    CHECK(dc::parse_tail("0") == 0);
    CHECK(dc::parse_tail("-1") == std::nullopt);
    CHECK(error_of([] { dc::parse_tail("abc"); }) ==
          "invalid --tail \"abc\": use a number of lines or all");
}

TEST_CASE("logs: every container's lines behind its prefix, --tail per container") {
    FakeEngine engine;
    dc::Project project = project_of(kTwo);
    dc::test::seed(engine, project, "db", 1, "exited");
    dc::test::seed(engine, project, "web", 1, "exited");
    engine.script_output("p-db-1", "ready\n");
    engine.script_output("p-web-1", "a\nb\nc\n");
    std::ostringstream out, err;
    dc::run_logs(project, engine, {.tail = 2}, out, err);
    std::string text = out.str();
    CHECK(text.find("db-1   | ready\n") != std::string::npos);
    CHECK(text.find("web-1  | b\nweb-1  | c\n") != std::string::npos);
    CHECK(text.find("| a") == std::string::npos);
    CHECK(text.size() == std::string("db-1   | ready\nweb-1  | b\nweb-1  | c\n").size());
}

TEST_CASE("logs: an unknown service and a missing --index are errors naming them") {
    FakeEngine engine;
    dc::Project project = project_of(kTwo);
    dc::test::seed(engine, project, "web", 1, "exited");
    std::ostringstream out, err;
    CHECK(error_of([&] { dc::run_logs(project, engine, {.services = {"nosuch"}}, out, err); }) ==
          "no such service: nosuch");
    CHECK(error_of([&] {
              dc::run_logs(project, engine, {.services = {"web"}, .index = 2}, out, err);
          }) == "service \"web\" is not running container #2");
    CHECK(error_of([&] { dc::run_logs(project, engine, {.index = 1}, out, err); }) ==
          "--index requires one service to be selected");
}

TEST_CASE("logs: -f ends when every followed container has stopped") {
    FakeEngine engine;
    dc::Project project = project_of(kTwo);
    dc::test::seed(engine, project, "db", 1);
    dc::test::seed(engine, project, "web", 1);
    engine.script_output("p-web-1", "serving\n");
    std::thread stopper([&] {
        CHECK(engine.await_call("events"));
        engine.exit_container("p-web-1", 0);
        engine.exit_container("p-db-1", 4);
    });
    std::ostringstream out, err;
    dc::run_logs(project, engine, {.follow = true}, out, err);
    stopper.join();
    std::string text = out.str();
    CHECK(text.find("web-1  | serving\n") != std::string::npos);
    CHECK(text.find("web-1 exited with code 0\n") > text.find("web-1  | serving"));
    CHECK(text.find("db-1 exited with code 4\n") != std::string::npos);
}

TEST_CASE("logs: -f picks up a container that starts later") {
    FakeEngine engine;
    dc::Project project = project_of(kTwo);
    dc::test::seed(engine, project, "db", 1);
    dc::test::seed(engine, project, "web", 1, "exited");
    engine.script_output("p-web-1", "late\n");
    std::thread later([&] {
        CHECK(engine.await_call("events"));
        CHECK(engine.start_container("p-web-1"));
        CHECK(engine.await_call("logs p-web-1"));
        engine.exit_container("p-web-1", 0);
        engine.exit_container("p-db-1", 0);
    });
    std::ostringstream out, err;
    dc::run_logs(project, engine, {.follow = true}, out, err);
    later.join();
    CHECK(out.str().find("web-1 exited with code 0\n") != std::string::npos);
    CHECK(engine.calls_of("logs").size() >= 3);  // db, web's dump, web once started.
}

TEST_CASE("attached up: prints exits and returns 0 once every container has exited") {
    FakeEngine engine;
    dc::Project project = project_of(kTwo);
    engine.add_image("postgres:16");
    engine.add_image("nginx");
    engine.script_output("p-web-1", "hello\n");
    std::thread exits([&] {
        CHECK(engine.await_call("logs p-web-1"));
        engine.exit_container("p-web-1", 2);
        engine.exit_container("p-db-1", 0);
    });
    std::ostringstream out, err;
    dc::RecordedProgress progress;
    int code = dc::run_attached_up(project, engine, progress, {}, {}, out, err);
    exits.join();
    CHECK(code == 0);
    std::string text = out.str();
    CHECK(text.starts_with("Attaching to db-1, web-1\n"));
    CHECK(text.find("web-1  | hello\n") != std::string::npos);
    CHECK(text.find("web-1 exited with code 2\n") > text.find("web-1  | hello"));
    CHECK(text.find("db-1 exited with code 0\n") != std::string::npos);
}

TEST_CASE("attached up: --exit-code-from stops the others and returns the service's code") {
    FakeEngine engine;
    dc::Project project = project_of(kTwo);
    engine.add_image("postgres:16");
    engine.add_image("nginx");
    engine.script("p-web-1", {{"exit:3"}});
    std::ostringstream out, err;
    dc::RecordedProgress progress;
    dc::AttachedUpOptions options{.cascade = dc::Cascade::Stop, .exit_code_from = "web"};
    int code = dc::run_attached_up(project, engine, progress, {}, options, out, err);
    CHECK(code == 3);
    CHECK(out.str().find("web-1 exited with code 3\n") != std::string::npos);
    CHECK(err.str() == "Aborting on container exit...\n");
    CHECK(engine.container("p-db-1")->status == "exited");
    CHECK(engine.calls_of("stop_container") == std::vector<std::string>{"p-db-1"});
}

TEST_CASE("attached up: --abort-on-container-failure ignores a zero exit") {
    FakeEngine engine;
    dc::Project project = project_of(kTwo);
    engine.add_image("postgres:16");
    engine.add_image("nginx");
    engine.script("p-db-1", {{"exit:0"}});
    std::thread exits([&] {
        CHECK(engine.await_call("logs p-web-1"));
        engine.exit_container("p-web-1", 5);
    });
    std::ostringstream out, err;
    dc::RecordedProgress progress;
    int code = dc::run_attached_up(project, engine, progress, {}, {.cascade = dc::Cascade::Fail},
                                   out, err);
    exits.join();
    CHECK(code == 5);
    CHECK(out.str().find("db-1 exited with code 0\n") != std::string::npos);
    CHECK(out.str().find("web-1 exited with code 5\n") != std::string::npos);
}

TEST_CASE("attached up: the first interrupt stops the containers and ends as cancelled") {
    FakeEngine engine;
    dc::Project project = project_of(kTwo);
    engine.add_image("postgres:16");
    engine.add_image("nginx");
    std::stop_source interrupt;
    std::thread signal([&] {
        CHECK(engine.await_call("logs p-web-1"));
        interrupt.request_stop();
    });
    std::ostringstream out, err;
    dc::RecordedProgress progress;
    dc::AttachedUpOptions options{.interrupt = interrupt.get_token()};
    CHECK(error_of([&] {
              dc::run_attached_up(project, engine, progress, {}, options, out, err);
          }) == "canceled");
    signal.join();
    CHECK(err.str() == "Gracefully stopping... (press Ctrl+C again to force)\n");
    CHECK(engine.container("p-web-1")->status == "exited");
    CHECK(engine.container("p-db-1")->status == "exited");
    // Dependents stop first.
    CHECK(engine.calls_of("stop_container") == std::vector<std::string>{"p-web-1", "p-db-1"});
}

TEST_CASE("attached up: which services are attached, and the flags Compose refuses") {
    dc::Project project = project_of(kTwo);
    using Names = std::vector<std::string>;
    CHECK(dc::services_to_attach(project, {}, {}) == Names{"db", "web"});
    CHECK(dc::services_to_attach(project, {.services = {"web"}}, {}) == Names{"web"});
    CHECK(dc::services_to_attach(project, {.services = {"web"}}, {.attach_dependencies = true}) ==
          Names{"db", "web"});
    CHECK(dc::services_to_attach(project, {}, {.no_attach = {"db"}}) == Names{"web"});
    CHECK(dc::services_to_attach(project, {.services = {"web"}}, {.attach = {"db"}}) ==
          Names{"db"});
    CHECK(error_of([&] { dc::services_to_attach(project, {}, {.attach = {"nosuch"}}); }) ==
          "cannot attach to services not included in up: nosuch");
    CHECK(error_of([&] { dc::services_to_attach(project, {}, {.exit_code_from = "nosuch"}); }) ==
          "no such service: nosuch");
}
