#include <doctest/doctest.h>

#include <stdlib.h>

#include "core/error.h"
#include "core/loader.h"
#include "tests/unit/test_util.h"

using dc::test::TempDir;

namespace {

const char* const kSimple = "services:\n  web:\n    image: nginx\n";

dc::ProjectOptions options_in(const std::string& dir, std::vector<std::string>* warnings = nullptr) {
    dc::ProjectOptions o;
    o.working_dir = dir;
    o.warn = [warnings](const std::string& m) {
        if (warnings) warnings->push_back(m);
    };
    return o;
}

std::string load_error(const dc::ProjectOptions& o, dc::ErrorKind* kind = nullptr) {
    try {
        dc::load_project(o);
    } catch (const dc::Error& e) {
        if (kind) *kind = e.kind();
        return e.what();
    }
    return "no error";
}

const dc::Node& service(const dc::Project& p, const std::string& name) {
    const dc::Node* s = p.model.find("services")->find(name);
    REQUIRE(s);
    return *s;
}

}  // namespace

TEST_CASE("loader: finds compose.yaml in a parent directory, with its override") {
    TempDir dir;
    dir.write("My.App/compose.yaml", kSimple);
    dir.write("My.App/compose.override.yaml", "services:\n  web:\n    image: httpd\n");
    dir.write("My.App/sub/deeper/.keep", "");
    dc::Project p = dc::load_project(options_in(dir.path() + "/My.App/sub/deeper"));
    CHECK(p.name == "myapp");
    CHECK(p.working_dir == dir.path() + "/My.App");
    CHECK(p.config_files.size() == 2);
    CHECK(service(p, "web").find("image")->text == "httpd");
}

TEST_CASE("loader: prefers compose.yaml and warns about the others") {
    TempDir dir;
    dir.write("compose.yaml", kSimple);
    dir.write("docker-compose.yml", "services:\n  other:\n    image: x\n");
    std::vector<std::string> warnings;
    dc::Project p = dc::load_project(options_in(dir.path(), &warnings));
    CHECK(p.model.find("services")->find("web"));
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0].find("Found multiple config files with supported names: ") == 0);
    CHECK(warnings[1] == "Using " + dir.path() + "/compose.yaml");
}

TEST_CASE("loader: no compose file is a FileNotFound error") {
    TempDir dir;
    dc::ErrorKind kind{};
    CHECK(load_error(options_in(dir.path()), &kind) == "no configuration file provided: not found");
    CHECK(kind == dc::ErrorKind::FileNotFound);
    dc::ProjectOptions o = options_in(dir.path());
    o.files = {"missing.yaml"};
    CHECK(load_error(o, &kind) == "open missing.yaml: no such file or directory");
}

TEST_CASE("loader: project name precedence") {
    TempDir dir;
    dir.write("Proj_Dir/compose.yaml", std::string("name: From-File\n") + kSimple);
    dc::ProjectOptions o = options_in(dir.path() + "/Proj_Dir");
    CHECK(dc::load_project(o).name == "from-file");
    dir.write("Proj_Dir/.env", "COMPOSE_PROJECT_NAME=fromdotenv\n");
    CHECK(dc::load_project(o).name == "fromdotenv");
    o.os_env["COMPOSE_PROJECT_NAME"] = "fromshell";
    CHECK(dc::load_project(o).name == "fromshell");
    o.project_name = "fromflag";
    CHECK(dc::load_project(o).name == "fromflag");
    o.project_name = "Bad Name";
    CHECK(load_error(o) ==
          "invalid project name \"Bad Name\": must consist only of lowercase alphanumeric "
          "characters, hyphens, and underscores as well as start with a letter or number");
}

TEST_CASE("loader: directory name normalized when nothing else names the project") {
    TempDir dir;
    dir.write("_Weird Dir.9/compose.yaml", kSimple);
    CHECK(dc::load_project(options_in(dir.path() + "/_Weird Dir.9")).name == "weirddir9");
}

TEST_CASE("loader: COMPOSE_FILE with a custom separator, from .env") {
    TempDir dir;
    dir.write("a.yaml", kSimple);
    dir.write("b.yaml", "services:\n  db:\n    image: postgres\n");
    dir.write(".env", "COMPOSE_FILE=a.yaml;b.yaml\nCOMPOSE_PATH_SEPARATOR=;\n");
    dc::Project p = dc::load_project(options_in(dir.path()));
    CHECK(p.service_names() == std::vector<std::string>{"db", "web"});
}

TEST_CASE("loader: the shell environment wins over .env, which can be disabled") {
    TempDir dir;
    dir.write("compose.yaml", "services:\n  web:\n    image: \"nginx:${TAG}\"\n");
    dir.write(".env", "TAG=from-dotenv\n");
    dir.write("other.env", "TAG=from-other\n");
    dc::ProjectOptions o = options_in(dir.path());
    CHECK(service(dc::load_project(o), "web").find("image")->text == "nginx:from-dotenv");
    o.env_files = {"other.env"};
    CHECK(service(dc::load_project(o), "web").find("image")->text == "nginx:from-other");
    o.os_env["TAG"] = "from-shell";
    CHECK(service(dc::load_project(o), "web").find("image")->text == "nginx:from-shell");
    o.os_env.erase("TAG");
    o.env_files.clear();
    o.os_env["COMPOSE_DISABLE_ENV_FILE"] = "true";
    std::vector<std::string> warnings;
    o.warn = [&](const std::string& m) { warnings.push_back(m); };
    CHECK(service(dc::load_project(o), "web").find("image")->text == "nginx:");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] == "The \"TAG\" variable is not set. Defaulting to a blank string.");
}

TEST_CASE("loader: --no-interpolate keeps templates") {
    TempDir dir;
    dir.write("compose.yaml", "services:\n  web:\n    image: \"nginx:${TAG}\"\n");
    dc::ProjectOptions o = options_in(dir.path());
    o.interpolation = dc::Interpolation::Disabled;
    CHECK(service(dc::load_project(o), "web").find("image")->text == "nginx:${TAG}");
}

TEST_CASE("loader: stdin as a compose file") {
    TempDir dir;
    dc::ProjectOptions o = options_in(dir.path());
    o.files = {"-"};
    o.project_name = "fromstdin";
    o.read_stdin = [] { return std::string(kSimple); };
    CHECK(dc::load_project(o).service_names() == std::vector<std::string>{"web"});
}

TEST_CASE("loader: profiles") {
    TempDir dir;
    dir.write("compose.yaml",
              "services:\n"
              "  web:\n    image: w\n"
              "  db:\n    image: d\n    profiles: [dbp]\n"
              "  tool:\n    image: t\n    profiles: [tools, debug]\n"
              "  opt:\n    image: o\n    depends_on:\n      db: {condition: service_started, "
              "required: false}\n");
    dc::ProjectOptions o = options_in(dir.path());
    dc::Project p = dc::load_project(o);
    CHECK(p.service_names() == std::vector<std::string>{"opt", "web"});
    CHECK(p.all_profiles == std::vector<std::string>{"dbp", "debug", "tools"});
    CHECK_FALSE(service(p, "opt").find("depends_on"));
    o.profiles = {"dbp"};
    CHECK(dc::load_project(o).service_names() == std::vector<std::string>{"db", "opt", "web"});
    o.profiles = {"*"};
    CHECK(dc::load_project(o).service_names().size() == 4);
    o.profiles.clear();
    o.os_env["COMPOSE_PROFILES"] = "debug,dbp";
    CHECK(dc::load_project(o).service_names().size() == 4);
    o.os_env.erase("COMPOSE_PROFILES");
    o.services = {"tool"};
    CHECK(dc::load_project(o).service_names() == std::vector<std::string>{"tool"});
    o.services = {"nosuch"};
    dc::ErrorKind kind{};
    CHECK(load_error(o, &kind) == "no such service: nosuch");
    CHECK(kind == dc::ErrorKind::NotFound);
}

TEST_CASE("loader: a required dependency on a disabled service is an error") {
    TempDir dir;
    dir.write("compose.yaml",
              "services:\n  web:\n    image: w\n    depends_on: [db]\n"
              "  db:\n    image: d\n    profiles: [dbp]\n");
    std::string message = load_error(options_in(dir.path()));
    CHECK(message.find("service \"web\" depends on undefined service \"db\"") != std::string::npos);
}

TEST_CASE("loader: naming services keeps them and their dependencies") {
    TempDir dir;
    dir.write("compose.yaml",
              "services:\n  web:\n    image: w\n    depends_on: [api]\n"
              "  api:\n    image: a\n    depends_on: [db]\n  db:\n    image: d\n"
              "  other:\n    image: o\n    volumes: [data:/d]\nvolumes:\n  data: {}\n");
    dc::ProjectOptions o = options_in(dir.path());
    o.services = {"web"};
    dc::Project p = dc::load_project(o);
    CHECK(p.service_names() == std::vector<std::string>{"api", "db", "web"});
    CHECK_FALSE(p.model.find("volumes"));
}

TEST_CASE("loader: unused networks and volumes are dropped") {
    TempDir dir;
    dir.write("compose.yaml",
              "services:\n  web:\n    image: w\n    networks: [front]\n    volumes: [data:/d]\n"
              "networks:\n  front: {}\n  back: {}\nvolumes:\n  data: {}\n  other: {}\n");
    dc::Project p = dc::load_project(options_in(dir.path()));
    CHECK(p.model.find("networks")->find("front"));
    CHECK_FALSE(p.model.find("networks")->find("back"));
    CHECK(p.model.find("volumes")->find("data"));
    CHECK_FALSE(p.model.find("volumes")->find("other"));
}

TEST_CASE("loader: version is dropped with a warning") {
    TempDir dir;
    dir.write("compose.yaml", std::string("version: \"3.8\"\n") + kSimple);
    std::vector<std::string> warnings;
    dc::Project p = dc::load_project(options_in(dir.path(), &warnings));
    CHECK_FALSE(p.model.find("version"));
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("compose.yaml: the attribute `version` is obsolete") == 0);
}

TEST_CASE("loader: an empty file is an error") {
    TempDir dir;
    dir.write("compose.yaml", "# nothing\n");
    CHECK(load_error(options_in(dir.path())) == "compose.yaml: empty compose file");
}

TEST_CASE("loader: include brings a project with its own directory and .env") {
    TempDir dir;
    dir.write("compose.yaml", "include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: w\n");
    dir.write("sub/compose.yaml",
              "services:\n  db:\n    image: \"postgres:${PG}\"\n    env_file: db.env\n"
              "    build: ./ctx\n");
    dir.write("sub/.env", "PG=16\n");
    dir.write("sub/db.env", "A=1\n");
    dc::Project p = dc::load_project(options_in(dir.path()));
    CHECK(p.service_names() == std::vector<std::string>{"db", "web"});
    const dc::Node& db = service(p, "db");
    CHECK(db.find("image")->text == "postgres:16");
    CHECK(db.find("build")->find("context")->text == dir.path() + "/sub/ctx");
    CHECK(db.find("environment")->find("A")->text == "1");
}

TEST_CASE("loader: include long form, conflicts and cycles") {
    TempDir dir;
    dir.write("compose.yaml",
              "include:\n  - path: [lib/a.yaml]\n    project_directory: lib\n    env_file: lib/vars.env\n"
              "services:\n  web:\n    image: \"${IMG}\"\n");
    dir.write("lib/a.yaml", "services:\n  api:\n    image: \"api:${V}\"\n");
    dir.write("lib/vars.env", "V=2\n");
    dc::Project p = dc::load_project(options_in(dir.path()));
    CHECK(service(p, "api").find("image")->text == "api:2");

    dir.write("lib/a.yaml", "services:\n  web:\n    image: other\n");
    CHECK(load_error(options_in(dir.path())).find("services.web conflicts with imported resource") !=
          std::string::npos);

    dir.write("lib/a.yaml", "include: [../compose.yaml]\nservices:\n  api:\n    image: x\n");
    CHECK(load_error(options_in(dir.path())).find("include cycle: compose.yaml -> lib/a.yaml -> compose.yaml") !=
          std::string::npos);
}
