// Output layout: the expected texts are what Docker Compose v2.29.7 prints
// for the same input (`docker compose -p demo config [--format json]`).
#include "core/emit.h"

#include <string>

#include <doctest/doctest.h>

#include "core/normalize.h"
#include "core/normalize_yaml.h"
#include "core/yaml_reader.h"

namespace {

dc::Node normalized(const std::string& yaml) {
    dc::Node document = dc::read_yaml(yaml, "compose.yaml");
    dc::normalize_project(document, dc::NormalizeOptions{"demo", "/proj", {}, true});
    return document;
}

const char* const kStack = R"(
services:
  web:
    image: nginx
    x-svc: 1
    ports: ["127.0.0.1:8081:81/udp"]
    volumes: [./rel:/rel:ro]
    environment: [A=1, B]
    depends_on: [db]
    healthcheck:
      test: curl -f http://localhost
      interval: 90s
  db:
    image: postgres
    build: ./db
x-common:
  restart: unless-stopped
)";

}  // namespace

TEST_CASE("emit: JSON layout matches docker compose config --format json") {
    const char* expected = R"({
  "name": "demo",
  "networks": {
    "default": {
      "name": "demo_default",
      "ipam": {}
    }
  },
  "services": {
    "db": {
      "build": {
        "context": "/proj/db",
        "dockerfile": "Dockerfile"
      },
      "command": null,
      "entrypoint": null,
      "image": "postgres",
      "networks": {
        "default": null
      }
    },
    "web": {
      "command": null,
      "depends_on": {
        "db": {
          "condition": "service_started",
          "required": true
        }
      },
      "entrypoint": null,
      "environment": {
        "A": "1",
        "B": null
      },
      "healthcheck": {
        "test": [
          "CMD-SHELL",
          "curl -f http://localhost"
        ],
        "interval": "1m30s"
      },
      "image": "nginx",
      "networks": {
        "default": null
      },
      "ports": [
        {
          "mode": "ingress",
          "host_ip": "127.0.0.1",
          "target": 81,
          "published": "8081",
          "protocol": "udp"
        }
      ],
      "volumes": [
        {
          "type": "bind",
          "source": "/proj/rel",
          "target": "/rel",
          "read_only": true,
          "bind": {
            "create_host_path": true
          }
        }
      ]
    }
  },
  "x-common": {
    "restart": "unless-stopped"
  }
})";
    CHECK(dc::emit_json(normalized(kStack)) == expected);
}

TEST_CASE("emit: YAML layout matches docker compose config") {
    const char* expected = R"(name: demo
services:
  db:
    build:
      context: /proj/db
      dockerfile: Dockerfile
    image: postgres
    networks:
      default: null
  web:
    depends_on:
      db:
        condition: service_started
        required: true
    environment:
      A: "1"
      B: null
    healthcheck:
      test:
        - CMD-SHELL
        - curl -f http://localhost
      interval: 1m30s
    image: nginx
    networks:
      default: null
    ports:
      - mode: ingress
        host_ip: 127.0.0.1
        target: 81
        published: "8081"
        protocol: udp
    volumes:
      - type: bind
        source: /proj/rel
        target: /rel
        read_only: true
        bind:
          create_host_path: true
    x-svc: 1
networks:
  default:
    name: demo_default
x-common:
  restart: unless-stopped
)";
    CHECK(dc::emit_yaml(normalized(kStack)) == expected);
}

TEST_CASE("emit: YAML scalars are quoted as yaml.v3 quotes them") {
    CHECK(dc::yaml_inline_scalar("plain text", dc::ScalarRole::Value) == "plain text");
    CHECK(dc::yaml_inline_scalar("1", dc::ScalarRole::Value) == "\"1\"");
    CHECK(dc::yaml_inline_scalar("1.5", dc::ScalarRole::Value) == "\"1.5\"");
    CHECK(dc::yaml_inline_scalar("0755", dc::ScalarRole::Value) == "\"0755\"");
    CHECK(dc::yaml_inline_scalar("true", dc::ScalarRole::Value) == "\"true\"");
    CHECK(dc::yaml_inline_scalar("yes", dc::ScalarRole::Value) == "\"yes\"");
    CHECK(dc::yaml_inline_scalar("y", dc::ScalarRole::Key) == "\"y\"");
    CHECK(dc::yaml_inline_scalar("null", dc::ScalarRole::Value) == "\"null\"");
    CHECK(dc::yaml_inline_scalar("~", dc::ScalarRole::Value) == "\"~\"");
    CHECK(dc::yaml_inline_scalar("", dc::ScalarRole::Value) == "\"\"");
    CHECK(dc::yaml_inline_scalar("1:20", dc::ScalarRole::Value) == "\"1:20\"");
    CHECK(dc::yaml_inline_scalar("2001-12-14", dc::ScalarRole::Value) == "\"2001-12-14\"");
    CHECK(dc::yaml_inline_scalar("2024-02-30", dc::ScalarRole::Value) == "2024-02-30");
    CHECK(dc::yaml_inline_scalar("a: b", dc::ScalarRole::Value) == "'a: b'");
    CHECK(dc::yaml_inline_scalar("a:b", dc::ScalarRole::Value) == "a:b");
    CHECK(dc::yaml_inline_scalar("a #b", dc::ScalarRole::Value) == "'a #b'");
    CHECK(dc::yaml_inline_scalar("*x", dc::ScalarRole::Value) == "'*x'");
    CHECK(dc::yaml_inline_scalar("-x", dc::ScalarRole::Value) == "-x");
    CHECK(dc::yaml_inline_scalar("- x", dc::ScalarRole::Value) == "'- x'");
    CHECK(dc::yaml_inline_scalar(" lead", dc::ScalarRole::Value) == "' lead'");
    CHECK(dc::yaml_inline_scalar("'q'", dc::ScalarRole::Value) == "'''q'''");
    CHECK(dc::yaml_inline_scalar("tab\there", dc::ScalarRole::Value) == "\"tab\\there\"");
    CHECK(dc::yaml_inline_scalar("emoji \xF0\x9F\x98\x80", dc::ScalarRole::Value) ==
          "\"emoji \\U0001F600\"");
    CHECK(dc::yaml_inline_scalar("caf\xC3\xA9", dc::ScalarRole::Value) == "caf\xC3\xA9");
    CHECK(dc::yaml_inline_scalar("<<", dc::ScalarRole::Value) == "<<");
}

TEST_CASE("emit: YAML map keys in yaml.v3 order, literal blocks, dollars doubled") {
    std::string yaml = dc::emit_yaml(normalized(R"(
services:
  a:
    image: x
    labels: {b: 1, a10: 1, a9: 1, _z: 1, A_1: 1, "10": 1, "9": 1}
    environment:
      MULTI: "line1\nline2\n"
      KEEP: "x\n\n"
      STRIP: "a\nb"
      PRICE: "$5"
)"));
    CHECK(yaml.find("      _z: \"1\"\n      \"9\": \"1\"\n      \"10\": \"1\"\n      A_1: \"1\"\n"
                    "      a9: \"1\"\n      a10: \"1\"\n      b: \"1\"\n") != std::string::npos);
    CHECK(yaml.find("      MULTI: |\n        line1\n        line2\n      PRICE") !=
          std::string::npos);
    CHECK(yaml.find("      KEEP: |+\n        x\n\n      MULTI") != std::string::npos);
    CHECK(yaml.find("      STRIP: |-\n        a\n        b\n") != std::string::npos);
    CHECK(yaml.find("      PRICE: $$5\n") != std::string::npos);
}

TEST_CASE("emit: JSON escapes as Go does and drops nested extensions") {
    std::string json = dc::emit_json(normalized(R"(
services:
  a:
    image: x
    x-hidden: 1
    environment: {HTML: "<a> & b", CTRL: "bell\u0007", NUM: 1e3}
    cpus: 0.3
x-top: {b: 1000000.0, a: [1, "2", null]}
)"));
    CHECK(json.find(R"("HTML": "\u003ca\u003e \u0026 b")") != std::string::npos);
    CHECK(json.find(R"("CTRL": "bell\u0007")") != std::string::npos);
    CHECK(json.find(R"("NUM": "1000")") != std::string::npos);
    CHECK(json.find(R"("cpus": 0.3,)") != std::string::npos);
    CHECK(json.find("x-hidden") == std::string::npos);
    CHECK(json.find("\"x-top\": {\n    \"a\": [\n      1,\n      \"2\",\n      null\n    ],\n"
                    "    \"b\": 1000000\n  }\n}") != std::string::npos);
    CHECK(json.back() == '}');
}

TEST_CASE("emit: to_json converts any node in entry order") {
    dc::Node node = dc::read_yaml("b: 1\na: [x, 1.5, true, null]\n");
    CHECK(dc::to_json(node).dump() == R"({"b":1,"a":["x",1.5,true,null]})");
}

TEST_CASE("emit: plain timestamps and underscored numbers read as yaml.v3 reads them") {
    dc::Node document = normalized(R"(
services:
  a:
    image: x
    environment: {DATE: 2024-01-31, QUOTED: "2024-01-31", BIG: 1_000}
x-when: 2024-01-31T10:20:30.50+02:00
x-size: 1_024
)");
    std::string json = dc::emit_json(document);
    CHECK(json.find(R"("DATE": "2024-01-31 00:00:00 +0000 UTC")") != std::string::npos);
    CHECK(json.find(R"("QUOTED": "2024-01-31")") != std::string::npos);
    CHECK(json.find(R"("BIG": "1000")") != std::string::npos);
    CHECK(json.find(R"("x-when": "2024-01-31T10:20:30.5+02:00")") != std::string::npos);
    CHECK(json.find(R"("x-size": 1024)") != std::string::npos);
    std::string yaml = dc::emit_yaml(document);
    CHECK(yaml.find("x-when: 2024-01-31T10:20:30.5+02:00\n") != std::string::npos);
    CHECK(yaml.find("      QUOTED: \"2024-01-31\"\n") != std::string::npos);
}
