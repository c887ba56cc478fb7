// The canonical form: expected values are what Docker Compose v2.29.7 prints
// (`docker compose -p demo config --format json`) for the same input.
#include "core/normalize.h"

#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/emit.h"
#include "core/error.h"
#include "core/normalize_consistency.h"
#include "core/normalize_text.h"
#include "core/yaml_reader.h"
#include "tests/unit/test_util.h"

namespace {

using nlohmann::json;

dc::Node normalized(const std::string& yaml, const dc::Environment& env = {},
                    const std::string& dir = "/proj") {
    dc::Node document = dc::read_yaml(yaml, "compose.yaml");
    dc::normalize_project(document, dc::NormalizeOptions{"demo", dir, env, true});
    return document;
}

json project_json(const std::string& yaml, const dc::Environment& env = {},
                  const std::string& dir = "/proj") {
    return json::parse(dc::emit_json(normalized(yaml, env, dir)));
}

json service_json(const std::string& yaml, const std::string& service = "a",
                  const dc::Environment& env = {}) {
    return project_json(yaml, env)["services"][service];
}

// The message of the Config error normalizing throws, or "".
std::string normalize_error(const std::string& yaml) {
    try {
        normalized(yaml);
    } catch (const dc::Error& error) {
        CHECK(error.kind() == dc::ErrorKind::Config);
        return error.what();
    }
    return "";
}

}  // namespace

TEST_CASE("normalize: commands are split into words as go-shellwords does") {
    using Words = std::vector<std::string>;
    CHECK(*dc::split_command_line(R"(echo "hello world" 'x y')") ==
          Words{"echo", "hello world", "x y"});
    CHECK(*dc::split_command_line("echo a && echo b") == Words{"echo", "a"});
    CHECK(*dc::split_command_line(R"(a\ b "c\"d" '' e)") == Words{"a b", "c\"d", "", "e"});
    CHECK(*dc::split_command_line("  ") == Words{});
    CHECK(*dc::split_command_line("echo $(date) x") == Words{"echo", "$(date)", "x"});
    CHECK_FALSE(dc::split_command_line("echo 'open"));
    CHECK_FALSE(dc::split_command_line("echo (x)"));
}

TEST_CASE("normalize: durations print as Go's time.Duration") {
    CHECK(dc::format_go_duration(*dc::parse_go_duration("90s")) == "1m30s");
    CHECK(dc::format_go_duration(*dc::parse_go_duration("1m")) == "1m0s");
    CHECK(dc::format_go_duration(*dc::parse_go_duration("2h")) == "2h0m0s");
    CHECK(dc::format_go_duration(*dc::parse_go_duration("1.5s")) == "1.5s");
    CHECK(dc::format_go_duration(*dc::parse_go_duration("500ms")) == "500ms");
    CHECK(dc::format_go_duration(*dc::parse_go_duration("1500us")) == "1.5ms");
    CHECK(dc::format_go_duration(*dc::parse_go_duration("3us")) == "3\xC2\xB5s");
    CHECK(dc::format_go_duration(*dc::parse_go_duration("0")) == "0s");
    CHECK(dc::format_go_duration(*dc::parse_go_duration("1h2m3.5s")) == "1h2m3.5s");
    CHECK(dc::format_go_duration(*dc::parse_go_duration("-1m")) == "-1m0s");
    CHECK_FALSE(dc::parse_go_duration("10"));
    CHECK_FALSE(dc::parse_go_duration("1x"));
    CHECK_FALSE(dc::parse_go_duration(""));
}

TEST_CASE("normalize: sizes, integers, floats and paths as the Go libraries read them") {
    CHECK(*dc::parse_ram_in_bytes("512m") == 536870912);
    CHECK(*dc::parse_ram_in_bytes("1gb") == 1073741824);
    CHECK(*dc::parse_ram_in_bytes("1.5g") == 1610612736);
    CHECK(*dc::parse_ram_in_bytes("12MiB") == 12582912);
    CHECK(*dc::parse_ram_in_bytes("100") == 100);
    CHECK(*dc::parse_ram_in_bytes("20 k") == 20480);
    CHECK_FALSE(dc::parse_ram_in_bytes("12x"));
    CHECK_FALSE(dc::parse_ram_in_bytes("-1"));
    CHECK(*dc::parse_go_int("0400") == 256);
    CHECK(*dc::parse_go_int("0x10") == 16);
    CHECK(*dc::parse_go_int("0o17") == 15);
    CHECK(*dc::parse_go_int("1_000") == 1000);
    CHECK(*dc::parse_go_int("-12") == -12);
    CHECK_FALSE(dc::parse_go_int("08"));
    CHECK(dc::format_float_g(1000000.0, dc::FloatBits::Float64) == "1e+06");
    CHECK(dc::format_float_g(123456.0, dc::FloatBits::Float64) == "123456");
    CHECK(dc::format_float_g(0.3f, dc::FloatBits::Float32) == "0.3");
    CHECK(dc::format_float_g(0.00001, dc::FloatBits::Float64) == "1e-05");
    CHECK(dc::format_float_json(1000000.0, dc::FloatBits::Float64) == "1000000");
    CHECK(dc::format_float_json(1e21, dc::FloatBits::Float64) == "1e+21");
    CHECK(dc::format_float_json(1e-7, dc::FloatBits::Float64) == "1e-7");
    CHECK(dc::clean_path("/a/./b/../c/") == "/a/c");
    CHECK(dc::clean_path("../x//y") == "../x/y");
    CHECK(dc::join_path("/proj", "../data") == "/data");
}

TEST_CASE("normalize: every port short form becomes long syntax") {
    json ports = service_json(R"(
services:
  a:
    image: x
    ports: ["80", 81, "8080:80", "127.0.0.1:8081:81/udp", "8082-8083:82-83", "[::1]:9001:90",
            "7000-7001:7000", "8-10:8-10", {target: 100, published: 1000}]
)")["ports"];
    REQUIRE(ports.size() == 12);
    CHECK(ports[0] == json::parse(R"({"mode":"ingress","target":80,"protocol":"tcp"})"));
    CHECK(ports[1]["target"] == 81);
    CHECK(ports[2] ==
          json::parse(R"({"mode":"ingress","target":80,"published":"8080","protocol":"tcp"})"));
    CHECK(
        ports[3] ==
        json::parse(
            R"({"mode":"ingress","host_ip":"127.0.0.1","target":81,"published":"8081","protocol":"udp"})"));
    CHECK(ports[4]["published"] == "8082");
    CHECK(ports[5]["target"] == 83);
    CHECK(ports[6]["host_ip"] == "::1");
    CHECK(ports[7]["published"] == "7000-7001");
    // Compose sorts a range's ports as text: 10 comes before 8.
    CHECK(ports[8]["target"] == 10);
    CHECK(ports[9]["target"] == 8);
    CHECK(ports[10]["target"] == 9);
    CHECK(ports[11] ==
          json::parse(R"({"mode":"ingress","target":100,"published":"1000","protocol":"tcp"})"));
}

TEST_CASE("normalize: an invalid port names the file, line and attribute") {
    CHECK(normalize_error("services:\n  a:\n    ports: [\"80:abc\"]\n") ==
          "compose.yaml:3:13: services.a.ports[0]: invalid containerPort: abc");
    CHECK(normalize_error("services:\n  a:\n    ports: [\"1-2:3-5\"]\n") ==
          "compose.yaml:3:13: services.a.ports[0]: invalid ranges specified for container and "
          "host Ports: 3-5 and 1-2");
    CHECK(normalize_error("services:\n  a:\n    ports: [\"80/xyz\"]\n") ==
          "compose.yaml:3:13: services.a.ports[0]: invalid proto: xyz");
}

TEST_CASE("normalize: invalid values name the file, line and attribute") {
    CHECK(normalize_error("services:\n  a:\n    mem_limit: 12x\n") ==
          "compose.yaml:3:16: services.a.mem_limit: invalid size \"12x\"");
    CHECK(normalize_error("services:\n  a:\n    stop_grace_period: 10\n") ==
          "compose.yaml:3:24: services.a.stop_grace_period: invalid duration \"10\"");
    CHECK(normalize_error("services:\n  a:\n    command: echo 'open\n") ==
          "compose.yaml:3:14: services.a.command: invalid command line string \"echo 'open\"");
    CHECK(normalize_error("services:\n  a:\n    extra_hosts: [\"nohost\"]\n") ==
          "compose.yaml:3:19: services.a.extra_hosts[0]: invalid additional host, missing IP: "
          "nohost");
    CHECK(normalize_error("services:\n  a:\n    cpu_shares: lots\n") ==
          "compose.yaml:3:17: services.a.cpu_shares: invalid integer \"lots\"");
    CHECK(normalize_error("services:\n  a:\n    devices: [\"a:b:c:d\"]\n") ==
          "compose.yaml:3:15: services.a.devices[0]: confusing device mapping, please use long "
          "syntax: a:b:c:d");
    CHECK(normalize_error("networks:\n  n:\n    name: x\n    external: {name: y}\n") ==
          "compose.yaml:3:11: networks.n: name and external.name conflict; only use name");
    CHECK(normalize_error("services:\n  a:\n    env_file: /nonexistent/x.env\n") ==
          "compose.yaml:3:15: services.a.env_file: env file /nonexistent/x.env not found: stat "
          "/nonexistent/x.env: no such file or directory");
}

TEST_CASE("normalize: volume short syntax becomes long syntax with absolute sources") {
    json volumes = service_json(R"(
services:
  a:
    image: x
    volumes: [data:/data, ./rel:/rel:ro, "/abs:/abs:rw,z", /anon, /c, cache:/x:nocopy, ./a/../b/:/y/../z/]
)")["volumes"];
    CHECK(volumes[0] ==
          json::parse(R"({"type":"volume","source":"data","target":"/data","volume":{}})"));
    CHECK(
        volumes[1] ==
        json::parse(
            R"({"type":"bind","source":"/proj/rel","target":"/rel","read_only":true,"bind":{"create_host_path":true}})"));
    CHECK(volumes[2]["bind"] == json::parse(R"({"selinux":"z","create_host_path":true})"));
    CHECK(volumes[3] == json::parse(R"({"type":"volume","target":"/anon","volume":{}})"));
    CHECK(volumes[4] == json::parse(R"({"type":"volume","target":"/c"})"));
    CHECK(volumes[5]["volume"] == json::parse(R"({"nocopy":true})"));
    CHECK(volumes[6]["source"] == "/proj/b");
    CHECK(volumes[6]["target"] == "/z");
}

TEST_CASE("normalize: environment lists become maps, bare keys come from the environment") {
    json env = service_json(R"(
services:
  a:
    image: x
    environment: [A=1, B, C=, D=x=y, FROM_ENV]
)",
                            "a", {{"FROM_ENV", "value"}})["environment"];
    CHECK(env == json::parse(R"({"A":"1","B":null,"C":"","D":"x=y","FROM_ENV":"value"})"));
    json typed = service_json(
        "services:\n  a:\n    environment: {A: 1.0, B: 0x10, C: true, D: 0400}\n")["environment"];
    CHECK(typed == json::parse(R"({"A":"1","B":"16","C":"true","D":"256"})"));
}

TEST_CASE("normalize: env_file is folded into environment and dropped") {
    dc::test::TempDir dir;
    dir.write("one.env", "A=from_file\nB=${A}_x\nD\nE=file\n");
    dir.write("two.env", "A=second\n");
    json service = project_json(R"(
services:
  a:
    image: x
    env_file: [one.env, two.env, {path: missing.env, required: false}]
    environment: {E: own}
)",
                                {}, dir.path())["services"]["a"];
    CHECK(service["environment"] == json::parse(R"({"A":"second","B":"from_file_x","E":"own"})"));
    CHECK_FALSE(service.contains("env_file"));
}

TEST_CASE("normalize: links, service namespaces and volumes_from add dependencies") {
    json project = project_json(R"(
services:
  a:
    image: x
    depends_on: [db]
    links: [cache:c]
    volumes_from: [store, "container:legacy"]
  b:
    image: x
    network_mode: "service:a"
    depends_on:
      db: {condition: service_healthy}
  db: {image: x}
  cache: {image: x}
  store: {image: x}
)");
    json a = project["services"]["a"]["depends_on"];
    CHECK(a["db"] == json::parse(R"({"condition":"service_started","required":true})"));
    CHECK(a["cache"] ==
          json::parse(R"({"condition":"service_started","restart":true,"required":true})"));
    CHECK(a["store"] == json::parse(R"({"condition":"service_started","required":true})"));
    CHECK_FALSE(a.contains("legacy"));
    json b = project["services"]["b"];
    CHECK(b["depends_on"]["a"]["restart"] == true);
    CHECK(b["depends_on"]["db"] ==
          json::parse(R"({"condition":"service_healthy","required":true})"));
    CHECK_FALSE(b.contains("networks"));
}

TEST_CASE("normalize: the default network and resource names") {
    json project = project_json(R"(
services:
  a: {image: x, volumes: [data:/d, ext:/e]}
  b: {image: x, networks: [back]}
  c: {image: x, network_mode: host}
networks:
  back:
volumes:
  data:
  ext: {external: true}
  named: {name: explicit}
  old: {external: {name: legacy}}
)");
    CHECK(
        project["networks"] ==
        json::parse(
            R"({"back":{"name":"demo_back","ipam":{}},"default":{"name":"demo_default","ipam":{}}})"));
    CHECK(project["services"]["a"]["networks"] == json::parse(R"({"default":null})"));
    CHECK_FALSE(project["services"]["c"].contains("networks"));
    CHECK(project["volumes"] == json::parse(R"({"data":{"name":"demo_data"},
        "ext":{"name":"ext","external":true}, "named":{"name":"explicit"},
        "old":{"name":"legacy","external":true}})"));
    CHECK(project["name"] == "demo");
    json no_default = project_json("services:\n  a: {image: x, networks: [n]}\nnetworks:\n  n:\n");
    CHECK_FALSE(no_default["networks"].contains("default"));
}

TEST_CASE("normalize: build, healthcheck, command, sizes and host lists") {
    json service = service_json(R"(
services:
  a:
    build: ./app
    command: echo "hello world"
    entrypoint: ""
    healthcheck: {test: curl -f http://x, interval: 90s, retries: 3}
    mem_limit: 512m
    shm_size: 1gb
    stop_grace_period: 1m
    cpus: 1.5
    cpu_shares: "512"
    extra_hosts: ["b:1.2.3.4", "a=[::1]"]
    ulimits: {nproc: 65535, nofile: {soft: 1, hard: 2}}
    pull_policy: if_not_present
)");
    CHECK(service["build"] == json::parse(R"({"context":"/proj/app","dockerfile":"Dockerfile"})"));
    CHECK(service["command"] == json::parse(R"(["echo","hello world"])"));
    CHECK(service["entrypoint"] == json::array());
    CHECK(
        service["healthcheck"] ==
        json::parse(R"({"test":["CMD-SHELL","curl -f http://x"],"interval":"1m30s","retries":3})"));
    CHECK(service["mem_limit"] == "536870912");
    CHECK(service["shm_size"] == "1073741824");
    CHECK(service["stop_grace_period"] == "1m0s");
    CHECK(service["cpus"] == 1.5);
    CHECK(service["cpu_shares"] == 512);
    CHECK(service["extra_hosts"] == json::parse(R"(["a=::1","b=1.2.3.4"])"));
    CHECK(service["ulimits"] == json::parse(R"({"nofile":{"soft":1,"hard":2},"nproc":65535})"));
    CHECK(service["pull_policy"] == "missing");
    CHECK(service_json("services:\n  a: {image: x}\n")["command"].is_null());
}

TEST_CASE("normalize: resolve_relative_paths rebases an included project") {
    dc::Node document = dc::read_yaml(R"(
services:
  a:
    build: {dockerfile: Dockerfile.dev}
    env_file: [app.env, {path: ~/x.env}]
    volumes: [./data:/data, named:/named, "/abs:/abs"]
  b:
    build: ../b
secrets:
  s: {file: ./secret.txt}
volumes:
  v: {driver: local, driver_opts: {o: bind, device: ./dev}}
)",
                                      "compose.yaml");
    dc::resolve_relative_paths(document, "/proj/sub");
    const dc::Node& a = *document.find("services")->find("a");
    CHECK(a.find("build")->find("context")->text == "/proj/sub");
    CHECK(a.find("env_file")->items[0].text == "/proj/sub/app.env");
    CHECK(a.find("volumes")->items[0].find("source")->text == "/proj/sub/data");
    CHECK(a.find("volumes")->items[1].find("source")->text == "named");
    CHECK(document.find("services")->find("b")->find("build")->text == "/proj/b");
    CHECK(document.find("secrets")->find("s")->find("file")->text == "/proj/sub/secret.txt");
    CHECK(document.find("volumes")->find("v")->find("driver_opts")->find("device")->text ==
          "/proj/sub/dev");
}

namespace {

// The message check_consistency throws for a normalized document, or "".
std::string consistency_error(const std::string& yaml) {
    dc::Node document = normalized(yaml);
    try {
        dc::check_consistency(document);
    } catch (const dc::Error& error) {
        CHECK(error.kind() == dc::ErrorKind::Config);
        return error.what();
    }
    return "";
}

}  // namespace

TEST_CASE("normalize: consistency rules use Compose's messages") {
    CHECK(consistency_error("services:\n  a:\n    build: .\n    networks: [nope]\n") ==
          "compose.yaml:4:15: services.a: service \"a\" refers to undefined network nope");
    CHECK(consistency_error("services:\n  a:\n    image: x\n    volumes: [\"nope:/x\"]\n") ==
          "compose.yaml:4:15: services.a: service \"a\" refers to undefined volume nope");
    CHECK(consistency_error("services:\n  a:\n    image: x\n    secrets: [s]\n") ==
          "compose.yaml:4:15: services.a: service \"a\" refers to undefined secret s");
    CHECK(consistency_error("services:\n  a:\n    command: x\n") ==
          "compose.yaml:3:5: services.a: service \"a\" has neither an image nor a build context "
          "specified");
    CHECK(
        consistency_error("services:\n  a:\n    image: x\n    scale: 2\n    container_name: c\n") ==
        "compose.yaml:5:21: services.a: can't set container_name and scale as container name "
        "must be unique");
    CHECK(consistency_error("services:\n  a:\n    image: x\n    cpus: 1\n    deploy:\n"
                            "      resources: {limits: {cpus: 2}}\n") ==
          "compose.yaml:4:11: services.a: can't set distinct values on 'cpus' and "
          "'deploy.resources.limits.cpus'");
    CHECK(consistency_error("services:\n  a:\n    image: x\n    cpus: 1\n    deploy:\n"
                            "      resources: {limits: {cpus: \"1.0\"}}\n") == "");
}

TEST_CASE("normalize: scale is copied into deploy.replicas") {
    dc::Node document = normalized("services:\n  a:\n    image: x\n    scale: 3\n    deploy: {}\n");
    dc::check_consistency(document);
    CHECK(json::parse(dc::emit_json(document))["services"]["a"]["deploy"]["replicas"] == 3);
}
