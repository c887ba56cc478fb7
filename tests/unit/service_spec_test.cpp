#include "core/service_spec.h"

#include <string>

#include <doctest/doctest.h>

#include "core/error.h"
#include "core/labels.h"
#include "core/loader.h"
#include "core/version.h"
#include "tests/unit/test_util.h"

using dc::test::TempDir;
using Strings = std::vector<std::string>;

namespace {

dc::Project load(const TempDir& dir, const std::string& yaml, dc::Environment env = {}) {
    dir.write("compose.yaml", yaml);
    dc::ProjectOptions options;
    options.working_dir = dir.path();
    options.project_name = "demo";
    options.os_env = std::move(env);
    options.warn = [](const std::string&) {};
    return dc::load_project(options);
}

dc::ServiceContainerSpec spec_of(const dc::Project& project, const std::string& service,
                                 const dc::SpecOptions& options = {}, int number = 1) {
    return dc::container_spec(project, service, number, options);
}

std::string spec_error(const dc::Project& project, const std::string& service,
                       const dc::SpecOptions& options = {}) {
    try {
        spec_of(project, service, options);
    } catch (const dc::Error& e) {
        return e.what();
    }
    return "no error";
}

dc::SpecOptions run_options(dc::RunOptions run = {}) {
    if (run.slug.empty()) run.slug = "0123456789abcdef" + std::string(48, 'e');
    dc::SpecOptions options;
    options.run = std::move(run);
    return options;
}

}  // namespace

TEST_CASE("service_spec: container names") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  web:
    image: nginx
  db:
    image: postgres
    container_name: my-db
)");
    CHECK(spec_of(p, "web", {}, 3).spec.name == "demo-web-3");
    CHECK(spec_of(p, "db").spec.name == "my-db");
    // One-offs: "<project>-<service>-run-<12 hex>", whatever container_name says, or --name.
    CHECK(spec_of(p, "db", run_options()).spec.name == "demo-db-run-0123456789ab");
    dc::RunOptions named;
    named.name = "custom";
    CHECK(spec_of(p, "web", run_options(named)).spec.name == "custom");
    dc::SpecOptions random;
    random.run = dc::RunOptions{};
    dc::ServiceContainerSpec spec = spec_of(p, "web", random);
    std::string slug = spec.spec.labels.at(dc::kLabelSlug);
    CHECK(slug.size() == 64);
    CHECK(spec.spec.name == "demo-web-run-" + slug.substr(0, 12));
    CHECK(spec_error(p, "nope") == "no such service: nope");
}

TEST_CASE("service_spec: Compose's labels over the service's own") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  app:
    image: app
    labels:
      com.example.team: web
      com.docker.compose.project: spoofed
    depends_on:
      migrate:
        condition: service_completed_successfully
        restart: true
      db:
        condition: service_healthy
  db:
    image: postgres
  migrate:
    image: app
)");
    dc::SpecOptions options;
    options.image_id = "sha256:abc";
    options.replaces = "0123abcd";
    options.environment_files = {"/a/.env", "/b/.env"};
    dc::ServiceContainerSpec spec = spec_of(p, "app", options, 2);
    const dc::Labels& labels = spec.spec.labels;
    CHECK(labels.at("com.example.team") == "web");
    CHECK(labels.at(dc::kLabelProject) == "demo");
    CHECK(labels.at(dc::kLabelService) == "app");
    CHECK(labels.at(dc::kLabelContainerNumber) == "2");
    CHECK(labels.at(dc::kLabelOneoff) == "False");
    CHECK(labels.at(dc::kLabelConfigHash) == spec.config_hash);
    CHECK(labels.at(dc::kLabelConfigFiles) == dir.path() + "/compose.yaml");
    CHECK(labels.at(dc::kLabelWorkingDir) == dir.path());
    CHECK(labels.at(dc::kLabelDependsOn) ==
          "db:service_healthy:false,migrate:service_completed_successfully:true");
    CHECK(labels.at(dc::kLabelVersion) == dc::kVersion);
    CHECK(labels.at(dc::kLabelImage) == "sha256:abc");
    CHECK(labels.at(dc::kLabelReplace) == "0123abcd");
    CHECK(labels.at(dc::kLabelEnvironmentFile) == "/a/.env,/b/.env");
    CHECK(labels.count(dc::kLabelSlug) == 0);
    CHECK(labels.size() == 13);

    const dc::Labels db = spec_of(p, "db").spec.labels;
    CHECK(db.at(dc::kLabelDependsOn) == "");
    CHECK(db.count(dc::kLabelImage) == 0);
    CHECK(db.count(dc::kLabelEnvironmentFile) == 0);
    const dc::Labels oneoff = spec_of(p, "db", run_options()).spec.labels;
    CHECK(oneoff.at(dc::kLabelOneoff) == "True");
    CHECK(oneoff.at(dc::kLabelSlug) == "0123456789abcdef" + std::string(48, 'e'));
}

TEST_CASE("service_spec: image, command, entrypoint, environment and the process settings") {
    TempDir dir;
    dc::Project p = load(dir,
                         R"(services:
  app:
    build: .
    command: echo "hello world"
    entrypoint: []
    environment:
      B: "2"
      A: one
      FROM_SHELL:
      UNSET:
    working_dir: /srv
    user: "1000:1000"
    hostname: app1
    domainname: example.com
    tty: true
    stdin_open: true
    stop_signal: SIGINT
    stop_grace_period: 1m30s
    platform: linux/arm64
  plain:
    image: alpine
)",
                         {{"FROM_SHELL", "shell value"}});
    dc::ContainerSpec spec = spec_of(p, "app").spec;
    CHECK(spec.image == "demo-app");
    CHECK(spec.cmd == Strings{"echo", "hello world"});
    CHECK(spec.entrypoint == Strings{});
    // A variable without a value goes as a bare "KEY", as Compose sends it.
    CHECK(spec.env == Strings{"A=one", "B=2", "FROM_SHELL=shell value", "UNSET"});
    CHECK(spec.working_dir == "/srv");
    CHECK(spec.user == "1000:1000");
    CHECK(spec.hostname == "app1");
    CHECK(spec.domainname == "example.com");
    CHECK(spec.tty);
    CHECK(spec.open_stdin);
    CHECK_FALSE(spec.attach_stdin);
    CHECK_FALSE(spec.stdin_once);
    CHECK(spec.attach_stdout);
    CHECK(spec.attach_stderr);
    CHECK(spec.stop_signal == "SIGINT");
    CHECK(spec.stop_timeout == 90);
    CHECK(spec.platform == "linux/arm64");
    CHECK_FALSE(spec.host.auto_remove);

    dc::ContainerSpec plain = spec_of(p, "plain").spec;
    CHECK(plain.image == "alpine");
    CHECK_FALSE(plain.cmd.has_value());
    CHECK_FALSE(plain.entrypoint.has_value());
    CHECK(plain.env.empty());
    CHECK_FALSE(plain.stop_timeout.has_value());
    CHECK_FALSE(plain.healthcheck.has_value());
}

TEST_CASE("service_spec: ports and expose") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  web:
    image: nginx
    ports:
      - "80"
      - "8080:80"
      - "127.0.0.1:8443:443"
      - "0.0.0.0:53:53/udp"
      - "9000-9001:9000-9001"
      - "7000-7001:7000"
      - "[::1]:5000:5000"
    expose:
      - 9100
      - "9102-9103/udp"
      - "80"
)");
    dc::ContainerSpec spec = spec_of(p, "web").spec;
    auto& bindings = spec.host.port_bindings;
    REQUIRE(bindings.count("80/tcp") == 1);
    CHECK(bindings["80/tcp"].size() == 2);
    CHECK(bindings["80/tcp"][0].host_ip == "");
    CHECK(bindings["80/tcp"][0].host_port == "");
    CHECK(bindings["80/tcp"][1].host_port == "8080");
    CHECK(bindings["443/tcp"][0].host_ip == "127.0.0.1");
    CHECK(bindings["443/tcp"][0].host_port == "8443");
    CHECK(bindings["53/udp"][0].host_ip == "0.0.0.0");
    CHECK(bindings["53/udp"][0].host_port == "53");
    CHECK(bindings["9001/tcp"][0].host_port == "9001");
    CHECK(bindings["7000/tcp"][0].host_port == "7000-7001");
    CHECK(bindings["5000/tcp"][0].host_ip == "::1");
    CHECK(bindings.size() == 7);
    CHECK(spec.exposed_ports == Strings{"9100/tcp", "9102/udp", "9103/udp", "80/tcp", "443/tcp",
                                        "53/udp", "9000/tcp", "9001/tcp", "7000/tcp", "5000/tcp"});
    CHECK_FALSE(spec.host.publish_all_ports);
}

TEST_CASE("service_spec: volumes as mounts and binds") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  app:
    image: alpine
    volumes:
      - data:/data
      - ./src:/src:ro,z
      - /anonymous
      - cache:/cache:nocopy
      - shared:/shared
      - type: bind
        source: ./long
        target: /long/../long2/
        read_only: true
        bind:
          propagation: rslave
      - type: volume
        source: data
        target: /sub
        volume:
          nocopy: true
          subpath: part
      - type: tmpfs
        target: /scratch
        tmpfs:
          size: 64m
          mode: 1777
    tmpfs:
      - /run
      - /tmp:size=64m
    volumes_from:
      - container:legacy:ro
volumes:
  data:
  cache:
    driver_opts:
      type: none
      o: bind
      device: ./cache-dir
  shared:
    external: true
    name: company-shared
)");
    dc::HostConfig host = spec_of(p, "app").spec.host;
    // Binds that may create their host path, and the named volume that is really a bind.
    CHECK(host.binds == Strings{dir.path() + "/src:/src:ro,z", "demo_cache:/cache:rw,nocopy"});
    REQUIRE(host.mounts.size() == 6);
    CHECK(host.mounts[0].type == "volume");
    CHECK(host.mounts[0].source == "demo_data");
    CHECK(host.mounts[0].target == "/data");
    CHECK_FALSE(host.mounts[0].read_only);
    CHECK(host.mounts[1].type == "volume");
    CHECK(host.mounts[1].source == "");
    CHECK(host.mounts[1].target == "/anonymous");
    CHECK(host.mounts[2].source == "company-shared");
    CHECK(host.mounts[3].type == "bind");
    CHECK(host.mounts[3].source == dir.path() + "/long");
    CHECK(host.mounts[3].target == "/long2");
    CHECK(host.mounts[3].read_only);
    CHECK(host.mounts[3].bind_propagation == "rslave");
    CHECK_FALSE(host.mounts[3].bind_create_host_path);
    CHECK(host.mounts[4].source == "demo_data");
    CHECK(host.mounts[4].volume_no_copy);
    CHECK(host.mounts[4].volume_subpath == "part");
    CHECK(host.mounts[5].type == "tmpfs");
    CHECK(host.mounts[5].tmpfs_size_bytes == 67108864);
    CHECK(host.mounts[5].tmpfs_mode == 1777);
    CHECK(host.tmpfs == std::map<std::string, std::string>{{"/run", ""}, {"/tmp", "size=64m"}});
    CHECK(host.volumes_from == Strings{"legacy:ro"});
}

TEST_CASE("service_spec: file secrets and configs are read-only binds") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  app:
    image: alpine
    secrets:
      - db_password
      - source: api_key
        target: api.key
      - from_env
    configs:
      - app_config
      - source: inline
        target: /etc/inline.conf
secrets:
  db_password:
    file: ./secret.txt
  api_key:
    file: /etc/key
  from_env:
    environment: HOME
configs:
  app_config:
    file: ./app.yaml
  inline:
    content: "x=1"
)");
    dc::ServiceContainerSpec spec = spec_of(p, "app");
    const auto& mounts = spec.spec.host.mounts;
    REQUIRE(mounts.size() == 3);
    CHECK(mounts[0].type == "bind");
    CHECK(mounts[0].source == dir.path() + "/secret.txt");
    CHECK(mounts[0].target == "/run/secrets/db_password");
    CHECK(mounts[0].read_only);
    CHECK(mounts[1].source == "/etc/key");
    CHECK(mounts[1].target == "/run/secrets/api.key");
    CHECK(mounts[2].source == dir.path() + "/app.yaml");
    CHECK(mounts[2].target == "/app_config");
    CHECK(spec.warnings.empty());

    dc::Project external = load(dir, R"(services:
  app:
    image: alpine
    secrets: [key]
secrets:
  key:
    external: true
    name: prod-key
)");
    CHECK(spec_error(external, "app") == "unsupported external secret prod-key");
}

TEST_CASE("service_spec: networks by priority, with aliases and static addresses") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  app:
    image: app
    networks:
      back:
        aliases: [api, api.local]
        ipv4_address: 172.28.0.10
        ipv6_address: "2001:db8::10"
      front:
        priority: 10
      legacy:
networks:
  back:
  front:
  legacy:
    external: true
    name: legacy-net
)");
    dc::ServiceContainerSpec spec = spec_of(p, "app");
    CHECK(spec.spec.host.network_mode == "demo_front");
    REQUIRE(spec.spec.networks.size() == 3);
    CHECK(spec.extra_networks.empty());
    const dc::EndpointSpec& front = spec.spec.networks[0];
    CHECK(front.network == "demo_front");
    CHECK(front.aliases == Strings{"demo-app-1", "app"});
    const dc::EndpointSpec& back = spec.spec.networks[1];
    CHECK(back.network == "demo_back");
    CHECK(back.aliases == Strings{"demo-app-1", "app", "api", "api.local"});
    CHECK(back.ipv4_address == "172.28.0.10");
    CHECK(back.ipv6_address == "2001:db8::10");
    CHECK(spec.spec.networks[2].network == "legacy-net");

    // Engines below API 1.44 take one network at creation; the others are connected after.
    dc::SpecOptions old_engine;
    old_engine.api_version = dc::ApiVersion{1, 43};
    dc::ServiceContainerSpec old = spec_of(p, "app", old_engine);
    REQUIRE(old.spec.networks.size() == 1);
    CHECK(old.spec.networks[0].network == "demo_front");
    REQUIRE(old.extra_networks.size() == 2);
    CHECK(old.extra_networks[0].network == "demo_back");
    CHECK(old.extra_networks[1].network == "legacy-net");
    old_engine.api_version = dc::ApiVersion{1, 44};
    CHECK(spec_of(p, "app", old_engine).spec.networks.size() == 3);

    // A one-off is known by its name only, unless --use-aliases.
    dc::ServiceContainerSpec oneoff = spec_of(p, "app", run_options());
    CHECK(oneoff.spec.networks[1].aliases == Strings{"demo-app-run-0123456789ab"});
    dc::RunOptions aliased;
    aliased.use_aliases = true;
    CHECK(spec_of(p, "app", run_options(aliased)).spec.networks[1].aliases ==
          Strings{"demo-app-run-0123456789ab", "app", "api", "api.local"});
}

TEST_CASE("service_spec: the default network, network_mode and shared namespaces") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  app:
    image: app
  host:
    image: app
    network_mode: host
  proxy:
    image: nginx
    network_mode: service:app
    ipc: service:app
    pid: service:app
    volumes_from: [app:ro]
  other:
    image: nginx
    network_mode: container:abc123
)");
    dc::ContainerSpec app = spec_of(p, "app").spec;
    CHECK(app.host.network_mode == "demo_default");
    REQUIRE(app.networks.size() == 1);
    CHECK(app.networks[0].network == "demo_default");
    CHECK(app.networks[0].aliases == Strings{"demo-app-1", "app"});

    dc::ContainerSpec host = spec_of(p, "host").spec;
    CHECK(host.host.network_mode == "host");
    CHECK(host.networks.empty());
    CHECK(spec_of(p, "other").spec.host.network_mode == "container:abc123");

    CHECK(spec_error(p, "proxy") ==
          "cannot share network namespace with service app: container missing");
    dc::SpecOptions options;
    options.lookup.container_id = [](const std::string& service) {
        return service == "app" ? "f00d" : "";
    };
    dc::ContainerSpec proxy = spec_of(p, "proxy", options).spec;
    CHECK(proxy.host.network_mode == "container:f00d");
    CHECK(proxy.host.ipc_mode == "container:f00d");
    CHECK(proxy.host.pid_mode == "container:f00d");
    CHECK(proxy.host.volumes_from == Strings{"f00d:ro"});
    CHECK(proxy.networks.empty());
}

TEST_CASE("service_spec: the MAC address goes to the primary network, or container-wide") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  app:
    image: app
    mac_address: "02:42:ac:11:00:02"
  clash:
    image: app
    mac_address: "02:42:ac:11:00:02"
    networks:
      default:
        mac_address: "02:42:ac:11:00:03"
)");
    dc::ContainerSpec spec = spec_of(p, "app").spec;
    CHECK(spec.mac_address == "");
    CHECK(spec.networks[0].mac_address == "02:42:ac:11:00:02");
    dc::SpecOptions old_engine;
    old_engine.api_version = dc::ApiVersion{1, 41};
    dc::ContainerSpec old = spec_of(p, "app", old_engine).spec;
    CHECK(old.mac_address == "02:42:ac:11:00:02");
    CHECK(old.networks[0].mac_address == "");
    CHECK(spec_error(p, "clash") ==
          "service clash: the service-level mac_address should have "
          "the same value as network demo_default");
}

TEST_CASE("service_spec: links to the containers of linked services, and external links") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  app:
    image: app
    links: ["db:database"]
    external_links: ["legacy:old", "plain"]
  db:
    image: postgres
)");
    dc::SpecOptions options;
    options.lookup.container_names = [](const std::string& service) {
        return service == "db" ? Strings{"demo-db-1"} : Strings{};
    };
    dc::ContainerSpec spec = spec_of(p, "app", options, 2).spec;
    Strings expected{"demo-db-1:database", "demo-db-1:db-2", "demo-db-1:demo-db-2", "legacy:old",
                     "plain:plain"};
    CHECK(spec.host.links == expected);
    CHECK(spec.networks[0].links == expected);
}

TEST_CASE("service_spec: healthcheck durations in nanoseconds, disable as NONE") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  shell:
    image: alpine
    healthcheck:
      test: wget -q --spider http://localhost/ || exit 1
      interval: 1m30s
      timeout: 1500ms
      retries: 3
      start_period: 40s
      start_interval: 5s
  disabled:
    image: alpine
    healthcheck:
      disable: true
  minimal:
    image: alpine
    healthcheck:
      interval: 0s
)");
    using std::chrono::nanoseconds;
    auto shell = spec_of(p, "shell").spec.healthcheck;
    REQUIRE(shell.has_value());
    CHECK(shell->test == Strings{"CMD-SHELL", "wget -q --spider http://localhost/ || exit 1"});
    CHECK(shell->interval == nanoseconds(90'000'000'000));
    CHECK(shell->timeout == nanoseconds(1'500'000'000));
    CHECK(shell->retries == 3);
    CHECK(shell->start_period == nanoseconds(40'000'000'000));
    CHECK(shell->start_interval == nanoseconds(5'000'000'000));
    auto disabled = spec_of(p, "disabled").spec.healthcheck;
    REQUIRE(disabled.has_value());
    CHECK(disabled->test == Strings{"NONE"});
    auto minimal = spec_of(p, "minimal").spec.healthcheck;
    REQUIRE(minimal.has_value());
    CHECK(minimal->test.empty());
    CHECK(minimal->interval == nanoseconds(0));
    CHECK_FALSE(minimal->timeout.has_value());
    CHECK_FALSE(minimal->retries.has_value());
}

TEST_CASE("service_spec: restart policies") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  a:
    image: x
    restart: on-failure:3
  b:
    image: x
    restart: unless-stopped
  c:
    image: x
    restart: always
    deploy:
      restart_policy:
        condition: any
        max_attempts: 5
  d:
    image: x
    deploy:
      restart_policy:
        condition: none
  e:
    image: x
)");
    auto policy = [&](const std::string& service) {
        return spec_of(p, service).spec.host.restart_policy;
    };
    CHECK(policy("a").name == "on-failure");
    CHECK(policy("a").maximum_retry_count == 3);
    CHECK(policy("b").name == "unless-stopped");
    CHECK(policy("c").name == "always");
    CHECK(policy("c").maximum_retry_count == 5);
    CHECK(policy("d").name == "no");
    CHECK(policy("e").name == "");
    // A one-off never restarts.
    CHECK(spec_of(p, "c", run_options()).spec.host.restart_policy.name == "");
}

TEST_CASE("service_spec: host settings") {
    TempDir dir;
    dir.write("seccomp.json", "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\"\n}\n");
    dc::Project p = load(dir, R"(services:
  app:
    image: app
    extra_hosts:
      - "somehost:162.242.195.82"
      - "ipv6host=[::1]"
    dns: [8.8.8.8, 1.1.1.1]
    dns_search: example.com
    dns_opt: [use-vc]
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    privileged: true
    init: true
    read_only: true
    ulimits:
      nproc: 65535
      nofile:
        soft: 20000
        hard: 40000
    sysctls:
      net.core.somaxconn: 1024
    shm_size: 64m
    logging:
      driver: json-file
      options:
        max-size: 10m
    devices:
      - /dev/ttyUSB0:/dev/ttyUSB1:rw
      - /dev/sda
    security_opt:
      - no-new-privileges
      - label:user:USER
      - seccomp=./seccomp.json
      - apparmor=unconfined
    group_add: [audio]
    pid: host
    ipc: shareable
    userns_mode: host
    cgroup_parent: /custom
    cgroup: private
    uts: host
    runtime: runc
    storage_opt:
      size: 20G
    oom_kill_disable: true
    oom_score_adj: -500
    pids_limit: 100
)");
    dc::ServiceContainerSpec spec = spec_of(p, "app");
    const dc::HostConfig& host = spec.spec.host;
    CHECK(host.extra_hosts == Strings{"ipv6host:::1", "somehost:162.242.195.82"});
    CHECK(host.dns == Strings{"8.8.8.8", "1.1.1.1"});
    CHECK(host.dns_search == Strings{"example.com"});
    CHECK(host.dns_options == Strings{"use-vc"});
    CHECK(host.cap_add == Strings{"NET_ADMIN"});
    CHECK(host.cap_drop == Strings{"ALL"});
    CHECK(host.privileged);
    CHECK(host.init == true);
    CHECK(host.read_only_rootfs);
    REQUIRE(host.resources.ulimits.size() == 2);
    CHECK(host.resources.ulimits[0].name == "nofile");
    CHECK(host.resources.ulimits[0].soft == 20000);
    CHECK(host.resources.ulimits[0].hard == 40000);
    CHECK(host.resources.ulimits[1].name == "nproc");
    CHECK(host.resources.ulimits[1].soft == 65535);
    CHECK(host.resources.ulimits[1].hard == 65535);
    CHECK(host.sysctls == std::map<std::string, std::string>{{"net.core.somaxconn", "1024"}});
    CHECK(host.shm_size == 67108864);
    CHECK(host.log_config.type == "json-file");
    CHECK(host.log_config.options == std::map<std::string, std::string>{{"max-size", "10m"}});
    REQUIRE(host.resources.devices.size() == 2);
    CHECK(host.resources.devices[0].path_on_host == "/dev/ttyUSB0");
    CHECK(host.resources.devices[0].path_in_container == "/dev/ttyUSB1");
    CHECK(host.resources.devices[0].cgroup_permissions == "rw");
    CHECK(host.resources.devices[1].path_in_container == "/dev/sda");
    CHECK(host.resources.devices[1].cgroup_permissions == "rwm");
    CHECK(host.security_opt == Strings{"no-new-privileges", "label:user:USER",
                                       "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}",
                                       "apparmor=unconfined"});
    CHECK(host.group_add == Strings{"audio"});
    CHECK(host.pid_mode == "host");
    CHECK(host.ipc_mode == "shareable");
    CHECK(host.userns_mode == "host");
    CHECK(host.cgroup_parent == "/custom");
    CHECK(host.cgroupns_mode == "private");
    CHECK(host.uts_mode == "host");
    CHECK(host.runtime == "runc");
    CHECK(host.storage_opt == std::map<std::string, std::string>{{"size", "20G"}});
    CHECK(host.resources.oom_kill_disable == true);
    CHECK(host.oom_score_adj == -500);
    CHECK(host.resources.pids_limit == 100);
    CHECK(spec.warnings.empty());
}

TEST_CASE("service_spec: a bad security_opt or seccomp profile is an error") {
    TempDir dir;
    dc::Project bad = load(dir, "services:\n  app:\n    image: x\n    security_opt: [oops]\n");
    CHECK(spec_error(bad, "app") == "service app: invalid security-opt: \"oops\"");
    dc::Project missing =
        load(dir, "services:\n  app:\n    image: x\n    security_opt: [seccomp=none.json]\n");
    CHECK(spec_error(missing, "app") ==
          "opening seccomp profile (none.json) failed: cannot read " + dir.path() + "/none.json");
}

TEST_CASE("service_spec: CPU and memory limits and reservations, device requests") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  legacy:
    image: x
    cpus: 1.5
    cpu_shares: 512
    cpu_period: 100000
    cpu_quota: 50000
    cpuset: "0-1"
    mem_limit: 512m
    memswap_limit: -1
    mem_reservation: 128m
    mem_swappiness: 10
  deploy:
    image: x
    deploy:
      resources:
        limits:
          cpus: "0.5"
          memory: 256M
          pids: 50
        reservations:
          memory: 64m
          devices:
            - driver: nvidia
              count: all
              capabilities: [gpu]
            - capabilities: [gpu, utility]
              device_ids: ["0", "3"]
)");
    dc::Resources legacy = spec_of(p, "legacy").spec.host.resources;
    CHECK(legacy.nano_cpus == 1'500'000'000);
    CHECK(legacy.cpu_shares == 512);
    CHECK(legacy.cpu_period == 100000);
    CHECK(legacy.cpu_quota == 50000);
    CHECK(legacy.cpuset_cpus == "0-1");
    CHECK(legacy.memory == 536870912);
    CHECK(legacy.memory_swap == -1);
    CHECK(legacy.memory_reservation == 134217728);
    CHECK(legacy.memory_swappiness == 10);
    CHECK(legacy.device_requests.empty());

    dc::Resources deploy = spec_of(p, "deploy").spec.host.resources;
    CHECK(deploy.nano_cpus == 500'000'000);
    CHECK(deploy.memory == 268435456);
    CHECK(deploy.pids_limit == 50);
    CHECK(deploy.memory_reservation == 67108864);
    REQUIRE(deploy.device_requests.size() == 2);
    CHECK(deploy.device_requests[0].driver == "nvidia");
    CHECK(deploy.device_requests[0].count == -1);
    CHECK(deploy.device_requests[0].capabilities == std::vector<Strings>{{"gpu"}});
    CHECK(deploy.device_requests[1].count == 0);
    CHECK(deploy.device_requests[1].device_ids == Strings{"0", "3"});
    CHECK(deploy.device_requests[1].capabilities == std::vector<Strings>{{"gpu", "utility"}});
}

TEST_CASE("service_spec: gpus become device requests with the gpu capability") {
    // The loader's model (compose-go 2.2) does not keep `gpus` yet: put it in the model directly.
    TempDir dir;
    dc::Project p = load(dir, "services:\n  all:\n    image: x\n  some:\n    image: x\n");
    dc::Node* services = p.model.find("services");
    services->find("all")->set("gpus", dc::Node::string("all"));
    dc::Node device = dc::Node::mapping();
    device.set("driver", dc::Node::string("nvidia"));
    device.set("count", dc::Node::integer(2));
    device.set("capabilities", dc::Node::sequence());
    device.find("capabilities")->items.push_back(dc::Node::string("compute"));
    dc::Node list = dc::Node::sequence();
    list.items.push_back(std::move(device));
    services->find("some")->set("gpus", std::move(list));

    auto all = spec_of(p, "all").spec.host.resources.device_requests;
    REQUIRE(all.size() == 1);
    CHECK(all[0].count == -1);
    CHECK(all[0].capabilities == std::vector<Strings>{{"gpu"}});
    auto some = spec_of(p, "some").spec.host.resources.device_requests;
    REQUIRE(some.size() == 1);
    CHECK(some[0].driver == "nvidia");
    CHECK(some[0].count == 2);
    CHECK(some[0].capabilities == std::vector<Strings>{{"compute", "gpu"}});
}

TEST_CASE("service_spec: run options override the service") {
    TempDir dir;
    dc::Project p = load(dir,
                         R"(services:
  app:
    image: app
    command: serve
    entrypoint: /entry
    environment:
      KEEP: "1"
      MODE: prod
    user: app
    cap_add: [NET_ADMIN]
    cap_drop: [SYS_ADMIN]
    ports: ["8080:80"]
    labels:
      team: web
)",
                         {{"FROM_SHELL", "yes"}});
    dc::RunOptions run;
    run.entrypoint = Strings{"sh", "-c"};
    run.environment = {"MODE=dev", "FROM_SHELL", "NOT_SET"};
    run.labels = {{"team", "ops"}};
    run.user = "root";
    run.working_dir = "/tmp";
    run.cap_add = {"SYS_ADMIN"};
    run.cap_drop = {"NET_ADMIN"};
    run.tty = true;
    run.auto_remove = true;
    dc::ContainerSpec spec = spec_of(p, "app", run_options(run)).spec;
    CHECK(spec.entrypoint == Strings{"sh", "-c"});
    CHECK(spec.cmd == Strings{});  // --entrypoint without a command clears it.
    CHECK(spec.env == Strings{"FROM_SHELL=yes", "KEEP=1", "MODE=dev"});
    CHECK(spec.labels.at("team") == "ops");
    CHECK(spec.user == "root");
    CHECK(spec.working_dir == "/tmp");
    CHECK(spec.host.cap_add == Strings{"SYS_ADMIN"});
    CHECK(spec.host.cap_drop == Strings{"NET_ADMIN"});
    CHECK(spec.tty);
    CHECK(spec.open_stdin);
    CHECK(spec.attach_stdin);
    CHECK(spec.stdin_once);
    CHECK(spec.host.auto_remove);
    // Without --service-ports the service's ports are not published.
    CHECK(spec.host.port_bindings.empty());
    CHECK(spec.exposed_ports.empty());

    dc::RunOptions ports;
    ports.command = Strings{"migrate"};
    ports.service_ports = true;
    ports.interactive = false;
    dc::ContainerSpec with_ports = spec_of(p, "app", run_options(ports)).spec;
    CHECK(with_ports.cmd == Strings{"migrate"});
    CHECK(with_ports.entrypoint == Strings{"/entry"});
    CHECK(with_ports.host.port_bindings.at("80/tcp")[0].host_port == "8080");
    CHECK_FALSE(with_ports.attach_stdin);
    CHECK_FALSE(with_ports.open_stdin);

    dc::RunOptions publish;
    publish.publish = {"127.0.0.1:9000:90"};
    dc::ContainerSpec published = spec_of(p, "app", run_options(publish)).spec;
    CHECK(published.host.port_bindings.size() == 1);
    CHECK(published.host.port_bindings.at("90/tcp")[0].host_ip == "127.0.0.1");
    CHECK(published.host.port_bindings.at("90/tcp")[0].host_port == "9000");
}

TEST_CASE("service_spec: recreating keeps the anonymous volumes") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  db:
    image: postgres
    volumes:
      - /scratch
      - data:/var/lib/data
volumes:
  data:
)");
    dc::SpecOptions options;
    options.image_volumes = {"/var/lib/postgresql/data"};
    options.inherited_mounts = {
        dc::MountInfo{"volume", "4f3e", "/var/lib/docker/volumes/4f3e/_data",
                      "/var/lib/postgresql/data", "local", true},
        dc::MountInfo{"volume", "9abc", "/var/lib/docker/volumes/9abc/_data", "/scratch", "local",
                      false},
        dc::MountInfo{"volume", "demo_data", "", "/var/lib/data", "local", true},
        dc::MountInfo{"tmpfs", "", "", "/run", "", true},
    };
    std::vector<dc::Mount> mounts = spec_of(p, "db", options).spec.host.mounts;
    REQUIRE(mounts.size() == 3);
    CHECK(mounts[0].source == "4f3e");
    CHECK(mounts[0].target == "/var/lib/postgresql/data");
    CHECK(mounts[1].source == "9abc");
    CHECK(mounts[1].target == "/scratch");
    CHECK(mounts[1].read_only);
    CHECK(mounts[2].source == "demo_data");
    CHECK(mounts[2].target == "/var/lib/data");
}

TEST_CASE("service_spec: attributes the engine interface cannot carry are warned about") {
    TempDir dir;
    dc::Project p = load(dir, R"(services:
  app:
    image: app
    cpu_count: 2
    security_opt: [systempaths=unconfined]
    blkio_config:
      weight: 300
      device_read_bps:
        - path: /dev/sda
          rate: 1mb
    secrets:
      - source: key
        uid: "1000"
    networks:
      default:
        link_local_ips: [169.254.1.1]
secrets:
  key:
    file: ./key
)");
    dc::ServiceContainerSpec spec = spec_of(p, "app");
    CHECK(spec.spec.host.resources.blkio_weight == 300);
    CHECK(spec.spec.host.security_opt.empty());
    CHECK(spec.warnings ==
          Strings{"service app: security_opt systempaths=unconfined is not supported yet and was "
                  "ignored",
                  "service app: cpu_count is not supported yet and was ignored",
                  "service app: blkio_config device limits are not supported yet and were ignored",
                  "secrets `uid`, `gid` and `mode` are not supported, they will be ignored",
                  "service app: networks.default.link_local_ips is not supported yet and was "
                  "ignored"});
}
