// Merging compose files. Every expectation here was checked against Docker
// Compose v2.29.7 (`docker compose -f a.yaml -f b.yaml config`).
#include "core/merge.h"

#include <string>

#include <doctest/doctest.h>

#include "core/error.h"
#include "core/yaml_reader.h"

using dc::Node;

namespace {

// A compact one-line rendering of a tree: {a: 1, b: [x, y]}, tags first.
std::string flow(const Node& node) {
    std::string out = node.tag.empty() ? "" : node.tag + " ";
    if (node.is_sequence()) {
        out += "[";
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            out += (i ? ", " : "") + flow(node.items[i]);
        }
        return out + "]";
    }
    if (node.is_mapping()) {
        out += "{";
        for (std::size_t i = 0; i < node.entries.size(); ++i) {
            out += (i ? ", " : "") + node.entries[i].key + ": " + flow(*node.entries[i].value);
        }
        return out + "}";
    }
    return out + (node.is_null() ? "null" : node.text);
}

// Loads a.yaml as the loader does for a first file, then merges b.yaml over it.
Node merge(const std::string& a, const std::string& b) {
    Node base = dc::read_yaml(a, "a.yaml");
    dc::apply_reset_tags(base);
    dc::enforce_unicity(base);
    dc::merge_documents(base, dc::read_yaml(b, "b.yaml"));
    return base;
}

// The value at services.web.<key> of a merge, rendered.
std::string web(const Node& doc, const std::string& key) {
    const Node* services = doc.find("services");
    const Node* service = services ? services->find("web") : nullptr;
    const Node* value = service ? service->find(key) : nullptr;
    return value ? flow(*value) : "<absent>";
}

std::string merged_web(const std::string& key, const std::string& a, const std::string& b) {
    return web(merge("services:\n  web:\n" + a, "services:\n  web:\n" + b), key);
}

std::string merge_error(const std::string& a, const std::string& b) {
    try {
        merge(a, b);
    } catch (const dc::Error& e) {
        return e.what();
    }
    return "<no error>";
}

}  // namespace

TEST_CASE("merge: mappings merge key by key and scalars are replaced") {
    Node doc = merge(R"(
services:
  web:
    image: x
    user: root
    deploy: {resources: {limits: {cpus: "1", memory: 1g}}}
)",
                     R"(
services:
  web:
    image: y
    deploy: {resources: {limits: {cpus: "2"}}}
  db:
    image: db
name: proj
)");
    CHECK(web(doc, "image") == "y");
    CHECK(web(doc, "user") == "root");
    CHECK(web(doc, "deploy") == "{resources: {limits: {cpus: 2, memory: 1g}}}");
    CHECK(flow(*doc.find("services")->find("db")) == "{image: db}");
    CHECK(doc.find("name")->text == "proj");
}

TEST_CASE("merge: command and entrypoint are replaced whole, null clears them") {
    CHECK(merged_web("command", "    command: [a, b]\n", "    command: [c]\n") == "[c]");
    CHECK(merged_web("entrypoint", "    entrypoint: /bin/sh\n", "    entrypoint: [sh, -c]\n") ==
          "[sh, -c]");
    CHECK(merged_web("command", "    command: [a]\n", "    command: null\n") == "null");
}

TEST_CASE("merge: healthcheck.test is replaced, other healthcheck keys merged") {
    CHECK(merged_web("healthcheck", "    healthcheck: {test: [CMD, a], interval: 10s}\n",
                     "    healthcheck: {test: [CMD, b]}\n") == "{test: [CMD, b], interval: 10s}");
}

TEST_CASE("merge: environment merged by key whatever the mix of list and map forms") {
    CHECK(merged_web("environment", "    environment: [A=1, B=2, C]\n",
                     "    environment: {B: 3, D: 4}\n") == "[A=1, B=3, C, D=4]");
    CHECK(merged_web("environment", "    environment: {B: 2, A: 1}\n",
                     "    environment: [A=3]\n") == "[A=3, B=2]");
    CHECK(merged_web("environment", "    environment: {A: 1}\n", "    environment: {A: 2}\n") ==
          "[A=2]");
}

TEST_CASE("merge: mapping values become KEY=value as Go prints them") {
    CHECK(merged_web("environment",
                     "    environment: {F: 1.50, T: true, O: 0x10, N: null, E: ''}\n",
                     "    environment: [Z=1]\n") == "[E=, F=1.5, N, O=16, T=true, Z=1]");
}

TEST_CASE("merge: labels, annotations, sysctls and deploy.labels merged by key") {
    CHECK(merged_web("labels", "    labels: {l1: a, l2: b}\n", "    labels: [l2=c, l3=d]\n") ==
          "[l1=a, l2=c, l3=d]");
    CHECK(merged_web("annotations", "    annotations: [a1=1]\n",
                     "    annotations: {a1: 2, a2: 3}\n") == "[a1=2, a2=3]");
    CHECK(merged_web("sysctls", "    sysctls: [net.a=1]\n",
                     "    sysctls: {net.a: 2, net.b: 3}\n") == "[net.a=2, net.b=3]");
    CHECK(merged_web("deploy", "    deploy: {labels: [d1=1]}\n",
                     "    deploy: {labels: {d1: 2}}\n") == "{labels: [d1=2]}");
}

TEST_CASE("merge: extra_hosts appended without de-duplication") {
    CHECK(merged_web("extra_hosts", "    extra_hosts: [\"h1:1.1.1.1\", \"h2=2.2.2.2\"]\n",
                     "    extra_hosts: {h1: 3.3.3.3, h3: 4.4.4.4}\n") ==
          "[h1:1.1.1.1, h2=2.2.2.2, h1=3.3.3.3, h3=4.4.4.4]");
}

TEST_CASE("merge: ports de-duplicated by host IP, published port, target and protocol") {
    CHECK(
        merged_web("ports",
                   "    ports: [\"8080:80\", \"9090:90\", \"127.0.0.1:7070:70\", \"6000:60/udp\", "
                   "\"5000:50\"]\n",
                   "    ports: [\"8080:80\", \"9091:90\", \"7070:70\", \"6000:60\", "
                   "{target: 50, published: \"5000\"}]\n") ==
        "[8080:80, 9090:90, 127.0.0.1:7070:70, 6000:60/udp, {target: 50, published: 5000}, "
        "9091:90, 7070:70, 6000:60]");
    CHECK(merged_web("ports", "    ports: [\"7070:70\", \"80:80/TCP\", \"100\", \"90\"]\n",
                     "    ports: [\"0.0.0.0:7070:70\", \"80:80\", {target: 100}, 90]\n") ==
          "[0.0.0.0:7070:70, 80:80, {target: 100}, 90]");
    CHECK(merged_web("ports", "    ports: [\"[::1]:90:90\"]\n",
                     "    ports: [\"[::1]:90:90/tcp\"]\n") == "[[::1]:90:90/tcp]");
}

TEST_CASE("merge: port ranges are split when one of their ports collides") {
    CHECK(merged_web("ports", "    ports: [\"3000-3001:30-31\", \"4000:40\"]\n",
                     "    ports: [\"3000:30\", \"4000-4001:40-41\"]\n") ==
          "[3000:30, 3001:31/tcp, 4000:40/tcp, 4001:41/tcp]");
    // A host range for a single container port stays one binding.
    CHECK(merged_web("ports", "    ports: [\"8000-8010:80\"]\n", "    ports: [\"8005:80\"]\n") ==
          "[8000-8010:80, 8005:80]");
    // Without collisions ranges are left as written.
    CHECK(merged_web("ports", "    ports: [\"3000-3001:30-31\"]\n", "    ports: [\"5000:50\"]\n") ==
          "[3000-3001:30-31, 5000:50]");
}

TEST_CASE("merge: an integer published port does not match the same port as a string") {
    // compose-go formats the long syntax with %s, so 8080 and "8080" differ.
    CHECK(merged_web("ports", "    ports: [\"8080:80\"]\n",
                     "    ports: [{target: 80, published: 8080}]\n") ==
          "[8080:80, {target: 80, published: 8080}]");
}

TEST_CASE("merge: expose de-duplicated, numbers and strings alike") {
    CHECK(merged_web("expose", "    expose: [\"80\", 81]\n", "    expose: [80, \"82\"]\n") ==
          "[80, 81, 82]");
}

TEST_CASE("merge: volumes de-duplicated by target") {
    CHECK(merged_web("volumes",
                     "    volumes: [\"./data:/data\", \"named:/named:ro\", \"/tmp/x:/x/\"]\n",
                     "    volumes: [\"./other:/data\", \"named:/named\", \"/tmp/y:/x\"]\n") ==
          "[./other:/data, named:/named, /tmp/y:/x]");
    CHECK(merged_web("volumes", "    volumes: [\"/abs:/x/../y\"]\n",
                     "    volumes: [{type: bind, source: /b, target: /y}]\n") ==
          "[{type: bind, source: /b, target: /y}]");
}

TEST_CASE("merge: a long-syntax volume target is compared as written") {
    // Short syntax targets are cleaned ("/w/" is "/w"), long syntax ones are not.
    CHECK(
        merged_web("volumes",
                   "    volumes: [{type: volume, source: vv, target: /v/}, \"vv:/w/\"]\n",
                   "    volumes: [\"vv:/v\", {type: volume, source: vv, target: /w}]\n") ==
        "[{type: volume, source: vv, target: /v/}, {type: volume, source: vv, target: /w}, vv:/v]");
}

TEST_CASE("merge: a one-letter volume name reads as a Windows drive") {
    CHECK(merged_web("volumes", "    volumes: [\"v:/w\"]\n", "    volumes: [\"vv:/w\"]\n") ==
          "[v:/w, vv:/w]");
}

TEST_CASE("merge: secrets and configs de-duplicated by target") {
    CHECK(merged_web("secrets", "    secrets: [s1, {source: s2, target: /run/secrets/s2x}]\n",
                     "    secrets: [{source: s3, target: s1}, s2, {source: s1, mode: 0400}]\n") ==
          "[{source: s1, mode: 0400}, {source: s2, target: /run/secrets/s2x}, "
          "{source: s3, target: s1}, s2]");
    CHECK(merged_web("configs", "    configs: [c1]\n",
                     "    configs: [{source: c2, target: /c1}, c1]\n") == "[c1]");
}

TEST_CASE("merge: devices de-duplicated by container path") {
    CHECK(merged_web("devices", "    devices: [\"/dev/a:/dev/a\", \"/dev/b\"]\n",
                     "    devices: [\"/dev/c:/dev/a:r\", {source: /dev/d, target: /dev/b}]\n") ==
          "[/dev/c:/dev/a:r, {source: /dev/d, target: /dev/b}]");
}

TEST_CASE("merge: dns, dns_search, dns_opt and tmpfs take a string or a list") {
    CHECK(merged_web("dns", "    dns: 1.1.1.1\n", "    dns: [1.1.1.1, 8.8.8.8]\n") ==
          "[1.1.1.1, 8.8.8.8]");
    CHECK(merged_web("dns_search", "    dns_search: [a.com]\n", "    dns_search: a.com\n") ==
          "[a.com]");
    CHECK(merged_web("dns_opt", "    dns_opt: [ndots:1]\n", "    dns_opt: [ndots:1, use-vc]\n") ==
          "[ndots:1, use-vc]");
    // tmpfs items are keyed by the text before "=".
    CHECK(merged_web("tmpfs", "    tmpfs: [\"/run:size=1m\", /tmp]\n",
                     "    tmpfs: \"/run:size=2m\"\n") == "[/run:size=2m, /tmp]");
}

TEST_CASE("merge: cap_add, cap_drop, links and profiles de-duplicated") {
    CHECK(merged_web("cap_add", "    cap_add: [NET_ADMIN]\n",
                     "    cap_add: [NET_ADMIN, SYS_ADMIN]\n") == "[NET_ADMIN, SYS_ADMIN]");
    CHECK(merged_web("cap_drop", "    cap_drop: [ALL]\n", "    cap_drop: [ALL]\n") == "[ALL]");
    CHECK(merged_web("links", "    links: [db, \"cache:c\"]\n",
                     "    links: [db, \"cache:c2\"]\n") == "[db, cache:c, cache:c2]");
    CHECK(merged_web("profiles", "    profiles: [p1]\n", "    profiles: [p1, p2]\n") == "[p1, p2]");
}

TEST_CASE("merge: external_links, volumes_from, security_opt and group_add appended as they are") {
    // Compose keeps the duplicates; its validation of the merged file then rejects them.
    CHECK(merged_web("volumes_from", "    volumes_from: [db]\n",
                     "    volumes_from: [db, cache]\n") == "[db, db, cache]");
    CHECK(merged_web("external_links", "    external_links: [e1]\n",
                     "    external_links: [e2]\n") == "[e1, e2]");
    CHECK(merged_web("security_opt", "    security_opt: [a]\n", "    security_opt: [a]\n") ==
          "[a, a]");
}

TEST_CASE("merge: env_file de-duplicated by path") {
    CHECK(merged_web("env_file", "    env_file: [a.env, {path: b.env}]\n",
                     "    env_file: [{path: a.env, required: false}, c.env]\n") ==
          "[{path: a.env, required: false}, {path: b.env}, c.env]");
    CHECK(merged_web("env_file", "    env_file: a.env\n", "    env_file: b.env\n") ==
          "[a.env, b.env]");
}

TEST_CASE("merge: depends_on lists become mappings with Compose's defaults") {
    CHECK(
        merged_web("depends_on", "    depends_on: [db]\n",
                   "    depends_on: {db: {condition: service_healthy}, cache: {condition: "
                   "service_started}}\n") ==
        "{db: {condition: service_healthy, required: true}, cache: {condition: service_started}}");
    // A list override resets the condition but keeps other keys.
    CHECK(merged_web("depends_on",
                     "    depends_on: {db: {condition: service_healthy, restart: true}}\n",
                     "    depends_on: [db]\n") ==
          "{db: {condition: service_started, restart: true, required: true}}");
}

TEST_CASE("merge: service networks merged by name, a null entry keeps the base") {
    CHECK(merged_web("networks", "    networks: [front, back]\n",
                     "    networks: {front: {aliases: [f1]}, other: null}\n") ==
          "{front: {aliases: [f1]}, back: null, other: null}");
    CHECK(merged_web("networks", "    networks: {front: {aliases: [a1]}, back: null}\n",
                     "    networks: {front: null, back: {aliases: [b1]}}\n") ==
          "{front: {aliases: [a1]}, back: {aliases: [b1]}}");
}

TEST_CASE("merge: network aliases appended and de-duplicated") {
    CHECK(merged_web("networks", "    networks: {front: {aliases: [a1, a2]}}\n",
                     "    networks: {front: {aliases: [a2, b1]}}\n") ==
          "{front: {aliases: [a1, a2, b1]}}");
}

TEST_CASE("merge: build as a string or a mapping") {
    CHECK(merged_web("build", "    build: ./dir\n",
                     "    build: {dockerfile: Dockerfile.dev, args: [X=1]}\n") ==
          "{context: ./dir, dockerfile: Dockerfile.dev, args: [X=1]}");
    CHECK(merged_web("build", "    build: {context: ., args: {A: 1}}\n", "    build: other\n") ==
          "{context: other, args: {A: 1}}");
    CHECK(merged_web("build", "    build: {args: {A: 1}, labels: {l: 1}}\n",
                     "    build: {args: [B=2], labels: [l=2, m=3]}\n") ==
          "{args: [A=1, B=2], labels: [l=2, m=3]}");
}

TEST_CASE("merge: build lists appended, tags de-duplicated") {
    CHECK(
        merged_web(
            "build",
            "    build: {context: ., tags: [t1, t2], platforms: [linux/amd64], cache_from: [c1]}\n",
            "    build: {tags: [t2, t3], platforms: [linux/amd64], cache_from: [c1]}\n") ==
        "{context: ., tags: [t1, t2, t3], platforms: [linux/amd64, linux/amd64], cache_from: [c1, "
        "c1]}");
}

TEST_CASE("merge: build.ssh merged by id") {
    CHECK(merged_web("build", "    build: {ssh: [default, a=/x]}\n",
                     "    build: {ssh: {other: /path, a: /y}}\n") ==
          "{ssh: {default: null, a: /y, other: /path}}");
}

TEST_CASE("merge: logging options merged only for the same driver") {
    CHECK(merged_web("logging",
                     "    logging: {driver: json-file, options: {max-size: 1m, max-file: \"3\"}}\n",
                     "    logging: {options: {max-size: 2m}}\n") ==
          "{driver: json-file, options: {max-size: 2m, max-file: 3}}");
    CHECK(merged_web("logging", "    logging: {driver: json-file, options: {max-size: 1m}}\n",
                     "    logging: {driver: syslog, options: {tag: x}}\n") ==
          "{driver: syslog, options: {tag: x}}");
}

TEST_CASE("merge: each ulimit is replaced whole") {
    CHECK(merged_web("ulimits", "    ulimits: {nofile: {soft: 1, hard: 2}, nproc: 10, core: 0}\n",
                     "    ulimits: {nofile: {soft: 3, hard: 4}, nproc: {soft: 5, hard: 6}}\n") ==
          "{nofile: {soft: 3, hard: 4}, nproc: {soft: 5, hard: 6}, core: 0}");
    // Compose's validation of the merged file then asks for `hard`.
    CHECK(merged_web("ulimits", "    ulimits: {nofile: {soft: 1, hard: 2}}\n",
                     "    ulimits: {nofile: {soft: 3}}\n") == "{nofile: {soft: 3}}");
}

TEST_CASE("merge: x- keys are replaced whole at any level, services included") {
    Node doc = merge(R"(
services:
  web: {image: x, x-foo: {a: 1, b: 2}, deploy: {x-d: {a: 1}}}
  x-svc: {image: xs, environment: {A: 1}}
x-top: {a: 1, b: 2}
)",
                     R"(
services:
  web: {x-foo: {c: 3}, deploy: {x-d: {b: 2}}}
  x-svc: {image: xs2}
x-top: {c: 3}
)");
    CHECK(web(doc, "x-foo") == "{c: 3}");
    CHECK(web(doc, "deploy") == "{x-d: {b: 2}}");
    CHECK(flow(*doc.find("services")->find("x-svc")) == "{image: xs2}");
    CHECK(flow(*doc.find("x-top")) == "{c: 3}");
}

TEST_CASE("merge: !reset removes the value from the result") {
    Node doc = merge(R"(
services:
  web: {image: x, ports: ["80:80"], environment: {A: 1, B: 2}, entrypoint: [e], labels: {L: 1}}
  other: {image: o}
)",
                     R"(
services:
  web:
    ports: !reset []
    entrypoint: !reset null
    environment:
      A: !reset
      C: 3
    labels: !reset {}
    volumes: !reset []
  other: !reset
)");
    CHECK(web(doc, "ports") == "<absent>");
    CHECK(web(doc, "entrypoint") == "<absent>");
    CHECK(web(doc, "labels") == "<absent>");
    CHECK(web(doc, "volumes") == "<absent>");
    CHECK(web(doc, "environment") == "[B=2, C=3]");
    CHECK(doc.find("services")->find("other") == nullptr);
}

TEST_CASE("merge: !reset of a key only reaches a base written as a mapping") {
    // Compose looks the key up in the base's tree, which for a list has no keys.
    CHECK(merged_web("environment", "    environment: [A=1, B=2]\n",
                     "    environment:\n      A: !reset\n") == "[A=1, B=2]");
    CHECK(merged_web("depends_on", "    depends_on: [db, cache]\n",
                     "    depends_on:\n      db: !reset\n") ==
          "{cache: {condition: service_started, required: true}}");
}

TEST_CASE("merge: !override replaces instead of merging") {
    CHECK(merged_web("ports", "    ports: [\"80:80\"]\n", "    ports: !override [\"81:80\"]\n") ==
          "[81:80]");
    CHECK(merged_web("environment", "    environment: {A: 1}\n",
                     "    environment: !override {B: 2}\n") == "{B: 2}");
    CHECK(merged_web("healthcheck", "    healthcheck: {test: [CMD, x], interval: 5s}\n",
                     "    healthcheck: !override {interval: 6s}\n") == "{interval: 6s}");
}

TEST_CASE("merge: !reset items of an override list are dropped") {
    CHECK(merged_web("ports", "    ports: [\"80:80\"]\n",
                     "    ports: [\"81:81\", !reset \"80:80\"]\n") == "[80:80, 81:81]");
}

TEST_CASE("merge: the first file's own !reset values are gone before merging") {
    Node base = dc::read_yaml("services:\n  web:\n    ports: !reset [\"80:80\"]\n", "a.yaml");
    dc::merge_documents(base, dc::read_yaml("services:\n  web:\n    ports: [\"81:81\"]\n"));
    CHECK(web(base, "ports") == "[81:81]");
}

TEST_CASE("merge: a null override keeps the base value") {
    // (`logging: null` crashes Compose v2.29.7; dc keeps the base.)
    CHECK(merged_web("user", "    user: root\n", "    user: null\n") == "root");
    CHECK(merged_web("dns", "    dns: [1.1.1.1]\n", "    dns: null\n") == "[1.1.1.1]");
    CHECK(merged_web("logging", "    logging: {driver: syslog}\n", "    logging: null\n") ==
          "{driver: syslog}");
}

TEST_CASE("merge: top-level networks, volumes and secrets") {
    Node doc = merge(R"(
networks:
  front: {labels: [n1=1], external: {name: ext}}
volumes:
  v: {labels: {v1: 1}}
secrets:
  s: {file: ./s, labels: {a: 1}}
)",
                     R"(
networks:
  front: {labels: {n1: 2, n2: 3}, external: true}
  other: {}
volumes:
  v: {labels: [v2=2]}
secrets:
  s: {labels: {b: 2}}
)");
    CHECK(flow(*doc.find("networks")) ==
          "{front: {labels: [n1=2, n2=3], external: true, name: ext}, other: {}}");
    CHECK(flow(*doc.find("volumes")) == "{v: {labels: [v1=1, v2=2]}}");
    CHECK(flow(*doc.find("secrets")) == "{s: {file: ./s, labels: {a: 1, b: 2}}}");
}

TEST_CASE("merge: ipam config merged entry by entry as compose-go does") {
    Node doc = merge(R"(
networks:
  front:
    ipam:
      config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1}, {subnet: 10.1.0.0/24}]
)",
                     R"(
networks:
  front:
    ipam:
      config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.2}, {subnet: 10.2.0.0/24}]
)");
    CHECK(flow(*doc.find("networks")) ==
          "{front: {ipam: {config: [{subnet: 10.2.0.0/24, gateway: 10.0.0.2}, {subnet: "
          "10.2.0.0/24}]}}}");
    Node same =
        merge("networks:\n  n: {ipam: {config: [{subnet: 10.0.0.0/24}]}}\n",
              "networks:\n  n: {ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.9}]}}\n");
    CHECK(flow(*same.find("networks")) ==
          "{n: {ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.9}]}}}");
    Node empty = merge("networks:\n  n: {ipam: {config: []}}\n",
                       "networks:\n  n: {ipam: {config: [{subnet: 10.0.0.0/24}]}}\n");
    CHECK(flow(*empty.find("networks")) == "{n: {ipam: {config: []}}}");
}

TEST_CASE("merge: the legacy external.name must agree with name") {
    CHECK(merge_error("networks:\n  n: {name: a, external: {name: b}}\n",
                      "networks:\n  n: {external: true}\n") ==
          "a.yaml:2:26: networks.n.external: name and external.name conflict; only use name");
}

TEST_CASE("merge: an unresolved extends is replaced, not merged") {
    CHECK(merged_web("extends", "    extends: {service: a, file: x.yaml}\n", "    extends: b\n") ==
          "b");
}

TEST_CASE("merge: a list and a mapping cannot override each other") {
    CHECK(merge_error("secrets:\n  s: {labels: {a: 1}}\n", "secrets:\n  s:\n    labels: [b=2]\n") ==
          "b.yaml:3:13: secrets.s.labels: cannot override a mapping with a list");
    CHECK(merge_error("services:\n  web: {cap_add: [A]}\n", "services:\n  web: {cap_add: B}\n") ==
          "b.yaml:2:18: services.web.cap_add: cannot override a list with a string");
}

TEST_CASE("merge: keyed list items without their key are errors") {
    CHECK(merge_error("services:\n  web: {volumes: [\"a:/a\"]}\n",
                      "services:\n  web:\n    volumes: [{type: volume, source: a}]\n") ==
          "b.yaml:3:15: services.web.volumes[1]: missing a mount target");
    CHECK(merge_error("services:\n  web: {ports: [\"80\"]}\n",
                      "services:\n  web:\n    ports: [{published: \"80\"}]\n") ==
          "b.yaml:3:13: services.web.ports[1]: missing a target port");
}

TEST_CASE("apply_reset_tags: drops !reset values and clears !override tags") {
    Node doc = dc::read_yaml(R"(
services:
  web:
    image: x
    ports: !reset ["80:80"]
    volumes: [!reset "a:/a", "b:/b"]
    environment: !override {A: 1}
)");
    dc::apply_reset_tags(doc);
    CHECK(flow(doc) == "{services: {web: {image: x, volumes: [b:/b], environment: {A: 1}}}}");
}

TEST_CASE("enforce_unicity: duplicates within one file are removed too") {
    Node doc = dc::read_yaml(R"(
services:
  web:
    ports: ["80:80", "81:81", "80:80/tcp"]
    environment: [A=1, B=2, A=3]
    environment_map_untouched: {A: 1}
networks:
  n: {labels: [a=1, a=2]}
)");
    dc::enforce_unicity(doc);
    CHECK(web(doc, "ports") == "[80:80/tcp, 81:81]");
    CHECK(web(doc, "environment") == "[A=3, B=2]");
    CHECK(flow(*doc.find("networks")) == "{n: {labels: [a=2]}}");
}

TEST_CASE("merge_service: merges one service and resolves its tags") {
    Node base = dc::read_yaml("{image: x, ports: [\"80:80\"], environment: {A: 1}}");
    dc::merge_service(base,
                      dc::read_yaml("{ports: [\"80:80\", \"81:81\"], environment: !reset {}}"));
    CHECK(flow(base) == "{image: x, ports: [80:80, 81:81]}");
}

TEST_CASE("merge: a large document merges service by service") {
    std::string a = "services:\n";
    std::string b = "services:\n";
    for (int i = 0; i < 1000; ++i) {
        std::string name = "s" + std::to_string(i);
        std::string port = std::to_string(10000 + i) + ":80";
        a += "  " + name + ": {image: x, ports: [\"" + port + "\"], environment: [A=1]}\n";
        b += "  " + name + ": {ports: [\"" + port + "\"], environment: {B: 2}}\n";
    }
    Node base = dc::read_yaml(a, "a.yaml");
    dc::merge_documents(base, dc::read_yaml(b, "b.yaml"));
    CHECK(base.find("services")->entries.size() == 1000);
    CHECK(flow(*base.find("services")->find("s999")) ==
          "{image: x, ports: [10999:80], environment: [A=1, B=2]}");
}
