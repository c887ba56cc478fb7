#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "core/error.h"
#include "core/schema.h"
#include "core/schema_model.h"
#include "core/yaml_reader.h"

namespace {

// The message validation throws for `yaml`, or "" when the file is valid.
std::string error_of(const std::string& yaml) {
    try {
        dc::validate_compose_document(dc::read_yaml(yaml, "compose.yaml"));
    } catch (const dc::Error& e) {
        CHECK(e.kind() == dc::ErrorKind::Config);
        return e.what();
    }
    return "";
}

// A file with one service `web` whose body is `attributes` (indented by four).
std::string service(const std::string& attributes) {
    return "services:\n  web:\n    image: nginx\n" + attributes;
}

const dc::schema::TypeDef& type_of_attribute(const dc::schema::TypeDef& object,
                                             std::string_view name) {
    const dc::schema::Attribute* attribute = object.find_attribute(name);
    REQUIRE(attribute != nullptr);
    return dc::schema::compose_schema().at(attribute->type);
}

// The type of one entry of a top-level section such as `services`.
const dc::schema::TypeDef& section_entry_type(std::string_view section) {
    const dc::schema::CompiledSchema& schema = dc::schema::compose_schema();
    const dc::schema::TypeDef& map = type_of_attribute(schema.at(schema.root), section);
    REQUIRE(map.form == dc::schema::Form::Map);
    return schema.at(map.element);
}

void check_knows(std::string_view section, std::initializer_list<std::string_view> names) {
    const dc::schema::TypeDef& type = section_entry_type(section);
    for (std::string_view name : names) {
        INFO(section << " attribute " << name);
        CHECK(type.find_attribute(name) != nullptr);
    }
}

}  // namespace

TEST_CASE("schema: a full-featured compose file is valid") {
    const std::string yaml = R"(name: shop
x-defaults: &defaults
  restart: unless-stopped
services:
  web:
    <<: *defaults
    build:
      context: ./web
      dockerfile: Dockerfile
      args: {VERSION: 1.2, DEBUG: true, EMPTY: null}
      ssh: [default]
      cache_from: [shop/web:cache]
      secrets: [token]
      shm_size: 256m
      x-note: built nightly
    image: shop/web:latest
    command: ["npm", "start"]
    entrypoint: /docker-entrypoint.sh
    environment:
      NODE_ENV: production
      PORT: 8080
    env_file: [.env, {path: .env.local, required: false}]
    ports:
      - "8080:80"
      - 127.0.0.1:9000-9001:9000-9001/udp
      - 443
      - target: 8443
        published: "8443"
        protocol: tcp
        host_ip: "::1"
        mode: host
    expose: ["3000", 3001, 4000-4010/udp]
    volumes:
      - ./static:/srv/static:ro
      - type: volume
        source: data
        target: /data
        volume: {nocopy: true, subpath: web}
      - type: tmpfs
        target: /cache
        tmpfs: {size: 64m, mode: 0o1777}
    depends_on:
      db: {condition: service_healthy, restart: true, required: false}
    healthcheck:
      test: [CMD, curl, -f, http://localhost]
      interval: 1m30s
      timeout: 10s
      retries: 3
      start_period: 40s
    deploy:
      replicas: 2
      resources:
        limits: {cpus: "0.5", memory: 512M, pids: 100}
        reservations: {devices: [{capabilities: [gpu], count: all}]}
      update_config: {parallelism: 1, delay: 10s, order: start-first}
      restart_policy: {condition: on-failure, max_attempts: 3, window: 2m}
    develop:
      watch:
        - {path: ./src, action: sync, target: /srv/src, ignore: [node_modules]}
    logging: {driver: json-file, options: {max-size: 10m, max-file: 3}}
    networks:
      front: {aliases: [shop], ipv4_address: 172.20.0.10}
      back:
    ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}
    extra_hosts: ["host.docker.internal:host-gateway", "db=10.0.0.2"]
    mem_limit: 1g
    cpus: 1.5
    privileged: false
    stop_grace_period: 1m
    pull_policy: daily
    labels: [com.example.tier=web]
    x-team: storefront
  db:
    image: postgres:16
    restart: on-failure:3
    secrets: [{source: token, target: /run/secrets/token, mode: 0440}]
    volumes: [data:/var/lib/postgresql/data]
networks:
  front: {driver: bridge, ipam: {config: [{subnet: 172.20.0.0/16}]}}
  back:
volumes:
  data: {driver: local, labels: {backup: daily}}
secrets:
  token: {file: ./token.txt}
configs:
  site: {content: "hello"}
)";
    CHECK(error_of(yaml) == "");
}

TEST_CASE("schema: the service schema knows every attribute of the Compose Specification") {
    // The property names of definitions.service in compose-spec.schema.json.
    check_knows("services",
                {"annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop",
                 "cgroup", "cgroup_parent", "command", "configs", "container_name", "cpu_count",
                 "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime",
                 "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on", "deploy",
                 "develop", "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search",
                 "domainname", "entrypoint", "env_file", "environment", "expose", "extends",
                 "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname",
                 "image", "init", "ipc", "isolation", "label_file", "labels", "links", "logging",
                 "mac_address", "mem_limit", "mem_reservation", "mem_swappiness",
                 "memswap_limit", "models", "network_mode", "networks", "oom_kill_disable",
                 "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start",
                 "pre_stop", "privileged", "profiles", "provider", "pull_policy",
                 "pull_refresh_after", "read_only", "restart", "runtime", "scale", "secrets",
                 "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal",
                 "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "use_api_socket", "user",
                 "userns_mode", "uts", "volumes", "volumes_from", "working_dir"});
    CHECK(section_entry_type("services").attributes.size() == 92);
}

TEST_CASE("schema: top-level sections know their attributes") {
    const dc::schema::CompiledSchema& schema = dc::schema::compose_schema();
    for (std::string_view name :
         {"version", "name", "include", "services", "networks", "volumes", "secrets", "configs",
          "models"}) {
        CHECK(schema.at(schema.root).find_attribute(name) != nullptr);
    }
    check_knows("networks", {"name", "driver", "driver_opts", "ipam", "external", "internal",
                             "enable_ipv4", "enable_ipv6", "attachable", "labels"});
    check_knows("volumes", {"name", "driver", "driver_opts", "external", "labels"});
    check_knows("secrets", {"name", "environment", "file", "external", "labels", "driver",
                            "driver_opts", "template_driver"});
    check_knows("configs", {"name", "content", "environment", "file", "external", "labels",
                            "template_driver"});
    check_knows("models", {"name", "model", "context_size", "runtime_flags"});
}

TEST_CASE("schema: unknown attributes are reported at the key") {
    CHECK(error_of(service("    imag: nginx\n")) ==
          "compose.yaml:4:5: services.web: unknown attribute \"imag\" (did you mean \"image\"?)");
    CHECK(error_of(service("    frobnicate: 1\n")) ==
          "compose.yaml:4:5: services.web: unknown attribute \"frobnicate\"");
    CHECK(error_of("service:\n  web: {}\n") ==
          "compose.yaml:1:1: unknown top-level attribute \"service\" (did you mean \"services\"?)");
    CHECK(error_of(service("    build: {context: ., dockerfil: D}\n")) ==
          "compose.yaml:4:25: services.web.build: unknown attribute \"dockerfil\" (did you mean "
          "\"dockerfile\"?)");
}

TEST_CASE("schema: x- extensions are accepted where the specification allows them") {
    CHECK(error_of("x-common: &c {image: nginx}\nservices:\n  web: *c\n") == "");
    CHECK(error_of(service("    x-anything: [1, {a: b}]\n"
                           "    build: {context: ., x-b: 1}\n"
                           "    deploy: {x-d: 1, resources: {limits: {x-l: 1}}}\n"
                           "    ports: [{target: 80, x-p: 1}]\n"
                           "    volumes: [{type: volume, target: /d, volume: {x-v: 1}}]\n"
                           "    depends_on: {db: {condition: service_started, x-c: 1}}\n"
                           "networks:\n  n: {x-n: 1, ipam: {x-i: 1}}\n"
                           "volumes:\n  v: {x-v: 1}\n")) == "");
    CHECK(error_of(service("    blkio_config: {x-a: 1}\n")) ==
          "compose.yaml:4:20: services.web.blkio_config: unknown attribute \"x-a\" (extensions "
          "are not allowed here)");
}

TEST_CASE("schema: values of the wrong type") {
    CHECK(error_of(service("    ports: 80\n")) ==
          "compose.yaml:4:12: services.web.ports: must be a list, not an integer");
    CHECK(error_of(service("    environment: 5\n")) ==
          "compose.yaml:4:18: services.web.environment: must be a mapping or a list, not an "
          "integer");
    CHECK(error_of(service("    hostname: [a]\n")) ==
          "compose.yaml:4:15: services.web.hostname: must be a string, not a list");
    CHECK(error_of("services:\n  web:\n") ==
          "compose.yaml:3:1: services.web: must be a mapping, not null");
    CHECK(error_of(service("    scale: 1.5\n")) ==
          "compose.yaml:4:12: services.web.scale: must be an integer, not a decimal number");
    CHECK(error_of(service("    scale: many\n")) ==
          "compose.yaml:4:12: services.web.scale: invalid integer \"many\"");
    CHECK(error_of(service("    cpus: lots\n")) ==
          "compose.yaml:4:11: services.web.cpus: invalid number \"lots\"");
    CHECK(error_of(service("    privileged: maybe\n")) ==
          "compose.yaml:4:17: services.web.privileged: invalid boolean \"maybe\" (use true or "
          "false)");
    CHECK(error_of(service("    use_api_socket: \"true\"\n")) ==
          "compose.yaml:4:21: services.web.use_api_socket: must be a boolean, not a string");
    CHECK(error_of("- a\n") == "compose.yaml:1:1: the top level must be a mapping, not a list");
}

TEST_CASE("schema: invalid enum values") {
    CHECK(error_of(service("    depends_on: {db: {condition: started}}\n")) ==
          "compose.yaml:4:34: services.web.depends_on.db.condition: invalid value \"started\" "
          "(use service_started, service_healthy or service_completed_successfully)");
    CHECK(error_of(service("    volumes: [{type: disk, target: /x}]\n")) ==
          "compose.yaml:4:22: services.web.volumes[0].type: invalid value \"disk\" (use bind, "
          "volume, tmpfs, cluster, npipe or image)");
    CHECK(error_of(service("    pull_policy: sometimes\n")) ==
          "compose.yaml:4:18: services.web.pull_policy: invalid pull policy \"sometimes\" (use "
          "always, never, missing, build, if_not_present, refresh, daily, weekly or "
          "every_<duration> as in every_12h)");
    CHECK(error_of(service("    restart: sometimes\n")) ==
          "compose.yaml:4:14: services.web.restart: invalid restart policy \"sometimes\" (use "
          "no, always, unless-stopped, on-failure or on-failure:N)");
    CHECK(error_of(service("    pull_policy: every_2h30m\n    restart: on-failure:5\n")) == "");
}

TEST_CASE("schema: invalid ports") {
    auto port_error = [](const std::string& port) {
        return error_of(service("    ports:\n      - " + port + "\n"));
    };
    CHECK(port_error("\"abc\"") == "compose.yaml:5:9: services.web.ports[0]: invalid port \"abc\"");
    CHECK(port_error("70000") ==
          "compose.yaml:5:9: services.web.ports[0]: invalid port \"70000\": port numbers go up "
          "to 65535");
    CHECK(port_error("\"8080:70000\"") ==
          "compose.yaml:5:9: services.web.ports[0]: invalid port \"8080:70000\": port numbers go "
          "up to 65535");
    CHECK(port_error("\"90-80\"") ==
          "compose.yaml:5:9: services.web.ports[0]: invalid port \"90-80\": the range 90-80 ends "
          "before it starts");
    CHECK(port_error("\"8000-8005:80-87\"") ==
          "compose.yaml:5:9: services.web.ports[0]: invalid port \"8000-8005:80-87\": the host "
          "range 8000-8005 and the container range 80-87 differ in size");
    CHECK(port_error("\"80/http\"") ==
          "compose.yaml:5:9: services.web.ports[0]: invalid port \"80/http\": unknown protocol "
          "\"http\" (use tcp, udp or sctp)");
    CHECK(port_error("\"localhost:80:80\"") ==
          "compose.yaml:5:9: services.web.ports[0]: invalid port \"localhost:80:80\": invalid "
          "host IP \"localhost\"");
    CHECK(port_error("\"0\"") ==
          "compose.yaml:5:9: services.web.ports[0]: invalid port \"0\": the container port "
          "cannot be 0");
    CHECK(port_error("1.5") == "compose.yaml:5:9: services.web.ports[0]: invalid port \"1.5\"");
    CHECK(port_error("{target: 80, published: x}") ==
          "compose.yaml:5:33: services.web.ports[0].published: invalid port \"x\"");
    CHECK(port_error("{published: 80}") ==
          "compose.yaml:5:9: services.web.ports[0]: missing required attribute \"target\"");
    for (const char* ok : {"80", "\"0:80\"", "\"[::1]:8080:80\"", "\"127.0.0.1::80/UDP\"",
                           "\"8000-8010:80\"", "\"::1:80:80\"", "{target: \"80\", published: 0}"}) {
        INFO(ok);
        CHECK(port_error(ok) == "");
    }
    CHECK(error_of(service("    expose: [\"80/tcp\", 81, 90-99, \"http\"]\n")) ==
          "compose.yaml:4:35: services.web.expose[3]: invalid port \"http\"");
}

TEST_CASE("schema: invalid durations and byte sizes") {
    CHECK(error_of(service("    stop_grace_period: 10x\n")) ==
          "compose.yaml:4:24: services.web.stop_grace_period: invalid duration \"10x\" (use "
          "numbers with units ns, us, ms, s, m or h, as in 90s or 1m30s)");
    CHECK(error_of(service("    healthcheck: {interval: 10}\n")) ==
          "compose.yaml:4:29: services.web.healthcheck.interval: invalid duration \"10\" (use "
          "numbers with units ns, us, ms, s, m or h, as in 90s or 1m30s)");
    CHECK(error_of(service("    mem_limit: 1x\n")) ==
          "compose.yaml:4:16: services.web.mem_limit: invalid byte size \"1x\" (use a number "
          "with an optional unit b, k, m, g, t or p, as in 512m or 1.5g)");
    CHECK(error_of(service("    volumes: [{type: tmpfs, target: /t, tmpfs: {size: -1}}]\n")) ==
          "compose.yaml:4:55: services.web.volumes[0].tmpfs.size: must be at least 0, not -1");
    CHECK(error_of(service("    oom_score_adj: -2000\n")) ==
          "compose.yaml:4:20: services.web.oom_score_adj: must be between -1000 and 1000, not "
          "-2000");
}

TEST_CASE("schema: missing required attributes") {
    CHECK(error_of(service("    volumes:\n      - target: /data\n")) ==
          "compose.yaml:5:9: services.web.volumes[0]: missing required attribute \"type\"");
    CHECK(error_of(service("    depends_on:\n      db: {required: true}\n")) ==
          "compose.yaml:5:11: services.web.depends_on.db: missing required attribute "
          "\"condition\"");
    CHECK(error_of(service("    deploy:\n      resources:\n        reservations:\n"
                           "          devices: [{driver: nvidia, count: 1}]\n")) ==
          "compose.yaml:7:21: services.web.deploy.resources.reservations.devices[0]: missing "
          "required attribute \"capabilities\"");
    CHECK(error_of(service("    ulimits: {nofile: {soft: 1}}\n")) ==
          "compose.yaml:4:23: services.web.ulimits.nofile: missing required attribute \"hard\"");
}

TEST_CASE("schema: names, duplicates and other shapes") {
    CHECK(error_of("services:\n  web app: {image: x}\n") ==
          "compose.yaml:2:3: services: invalid name \"web app\" (use letters, digits, \".\", "
          "\"_\" and \"-\")");
    CHECK(error_of(service("    depends_on: [db, cache, db]\n")) ==
          "compose.yaml:4:29: services.web.depends_on[2]: duplicate item \"db\"");
    CHECK(error_of(service("    extra_hosts: [\"gateway\"]\n")) ==
          "compose.yaml:4:19: services.web.extra_hosts[0]: invalid extra host \"gateway\" (use "
          "HOST:IP or HOST=IP)");
    CHECK(error_of(service("    volumes: [\"/a:/b:\"]\n")) ==
          "compose.yaml:4:15: services.web.volumes[0]: invalid volume \"/a:/b:\": empty section "
          "between colons");
}

TEST_CASE("schema: values that interpolation left behind are accepted like Compose does") {
    // `${UID}` resolves to an integer and an unset `${PLATFORM}` to an empty
    // string; quoted numbers and Compose's boolean words come in as strings.
    CHECK(error_of(service("    user: 1000\n    platform: \"\"\n    container_name: 42\n"
                           "    scale: \"3\"\n    cpus: \"0.5\"\n    mem_limit: 1073741824\n"
                           "    privileged: \"yes\"\n    read_only: \"FALSE\"\n"
                           "    restart: \"\"\n    ports: [\"8080\", 8081]\n"
                           "    healthcheck: {interval: 0, retries: \"5\"}\n"
                           "    environment: {A: 1, B: true, C: null, D: 1.5}\n")) == "");
}

TEST_CASE("schema: null is accepted only where the specification allows it") {
    CHECK(error_of(service("    command:\n    entrypoint:\n    pid:\n    deploy:\n"
                           "    develop:\n    labels: {a: null}\n    networks: {n: null}\n"
                           "    logging: {options: {max-size: null}}\n"
                           "networks:\n  n:\nvolumes:\n  v:\n")) == "");
    CHECK(error_of(service("    user:\n")) ==
          "compose.yaml:5:1: services.web.user: must be a string, not null");
    CHECK(error_of(service("    build:\n")) ==
          "compose.yaml:5:1: services.web.build: must be a string or a mapping, not null");
    CHECK(error_of("services: {}\nsecrets:\n  token:\n") ==
          "compose.yaml:4:1: secrets.token: must be a mapping, not null");
}

TEST_CASE("schema: !reset takes any value and !override is validated") {
    CHECK(error_of(service("    ports: !reset []\n    environment: !reset null\n"
                           "    build: !reset {}\n    healthcheck: !reset\n")) == "");
    CHECK(error_of(service("    ports: !override [\"8080:80\"]\n")) == "");
    CHECK(error_of(service("    ports: !override [\"abc\"]\n")) ==
          "compose.yaml:4:23: services.web.ports[0]: invalid port \"abc\"");
}

TEST_CASE("schema: text formats follow Compose's parsers") {
    using namespace dc::schema;
    for (const char* ok : {"0", "1s", "1m30s", "1.5h", ".5s", "5.s", "-1s", "+3s", "10us",
                           "10\xc2\xb5s", "1h2m3s4ms"}) {
        INFO(ok);
        CHECK(is_go_duration(ok));
    }
    for (const char* bad : {"", "10", "1d", "s", ".s", "10 s", "1m30", "1e3s"}) {
        INFO(bad);
        CHECK_FALSE(is_go_duration(bad));
    }
    for (const char* ok : {"1024", "1g", "1.5GB", "512 m", "1gib", "1KiB", "1b", ".5k", "1e3",
                           "+1k"}) {
        INFO(ok);
        CHECK(is_byte_size(ok));
    }
    for (const char* bad : {"", "k", "1x", "-1", "1kk", "1  k", " 1k", "1k ", "1.2.3k", "1bb"}) {
        INFO(bad);
        CHECK_FALSE(is_byte_size(bad));
    }
    CHECK(parse_decimal("+42") == 42);
    CHECK(parse_decimal("-9223372036854775808") == INT64_MIN);
    CHECK_FALSE(parse_decimal("9223372036854775808"));
    CHECK_FALSE(parse_decimal("0x10"));
    CHECK(is_ip_address("::ffff:10.0.0.1"));
    CHECK_FALSE(is_ip_address("10.0.0.256"));
}

TEST_CASE("schema: the type language compiles nullable names, forms and bounds") {
    const char* text = R"(types:
  doc:
    object:
      a: {list: item|null, unique: true}
      b: {int: {min: 1, max: 3}}
      c: {one_of: [string, {map: int}]}
    required: [b]
  item:
    enum: [x, y]
)";
    dc::schema::CompiledSchema schema = dc::schema::compile_schema(dc::read_yaml(text), "doc");
    auto check = [&](const std::string& yaml) {
        try {
            dc::schema::validate(schema, dc::read_yaml(yaml, "t.yaml"));
        } catch (const dc::Error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(check("a: [x, null, y]\nb: 2\nc: {k: 1}\n") == "");
    CHECK(check("b: 4\n") == "t.yaml:1:4: b: must be between 1 and 3, not 4");
    CHECK(check("a: []\n") == "t.yaml:1:1: missing required attribute \"b\"");
    CHECK(check("b: 1\nc: [1]\n") == "t.yaml:2:4: c: must be a string or a mapping, not a list");
    CHECK(check("b: 1\na: [x, x]\n") == "t.yaml:2:8: a[1]: duplicate item \"x\"");
}

TEST_CASE("schema: a file with a thousand services validates") {
    std::string yaml = "services:\n";
    for (int i = 0; i < 1000; ++i) {
        std::string n = std::to_string(i);
        yaml += "  svc" + n + ":\n    image: registry.local/app:" + n +
                "\n    ports: [\"" + std::to_string(10000 + i) +
                ":80\"]\n    environment: {ID: " + n +
                ", MODE: prod}\n    depends_on: {db: {condition: service_healthy}}\n"
                "    healthcheck: {test: [CMD, true], interval: 10s, retries: 3}\n"
                "    deploy: {resources: {limits: {memory: 256m, cpus: \"0.5\"}}}\n"
                "    volumes: [\"data:/data:ro\"]\n    restart: unless-stopped\n";
    }
    // Speed is measured by bench/config_bench.sh, not here (about 1 ms at -O2).
    CHECK_NOTHROW(dc::validate_compose_document(dc::read_yaml(yaml, "big.yaml")));
    yaml += "  svc1000: {image: x, ports: [\"8080:70000\"]}\n";
    CHECK(error_of(yaml) == "compose.yaml:9002:31: services.svc1000.ports[0]: invalid port "
                            "\"8080:70000\": port numbers go up to 65535");
}
