// `extends`. Expectations were checked against Docker Compose v2.29.7
// (`docker compose config`), which resolves `extends` in each file before
// merging it over the files before it.
#include "core/extends.h"

#include <map>
#include <string>

#include <doctest/doctest.h>

#include "core/error.h"
#include "core/merge.h"
#include "core/yaml_reader.h"

using dc::Node;

namespace {

std::string render(const Node& node) {
    std::string out = node.tag.empty() ? "" : node.tag + " ";
    if (node.is_sequence()) {
        out += "[";
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            out += (i ? ", " : "") + render(node.items[i]);
        }
        return out + "]";
    }
    if (node.is_mapping()) {
        out += "{";
        for (std::size_t i = 0; i < node.entries.size(); ++i) {
            out += (i ? ", " : "") + node.entries[i].key + ": " + render(*node.entries[i].value);
        }
        return out + "}";
    }
    return out + (node.is_null() ? "null" : node.text);
}

// Compose files the loader callback can read, by path; counts the loads.
struct FakeFiles {
    std::map<std::string, std::string> texts;
    std::map<std::string, int> loads;

    dc::ComposeFileLoader loader() {
        return [this](const std::string& path) {
            ++loads[path];
            auto it = texts.find(path);
            if (it == texts.end()) dc::config_error("cannot read " + path);
            return dc::read_yaml(it->second, path.substr(path.rfind('/') + 1));
        };
    }
};

// Resolves `extends` in compose.yaml (project directory /proj), leaving the tags.
Node resolve_only(const std::string& text, FakeFiles& files) {
    Node doc = dc::read_yaml(text, "compose.yaml");
    dc::resolve_extends(doc, "/proj", files.loader());
    return doc;
}

// What the loader does with a first file: extends, then tags, then unicity.
Node load_first(const std::string& text, FakeFiles& files) {
    Node doc = resolve_only(text, files);
    dc::apply_reset_tags(doc);
    dc::enforce_unicity(doc);
    return doc;
}

Node load_first(const std::string& text) {
    FakeFiles none;
    return load_first(text, none);
}

std::string service(const Node& doc, const std::string& name) {
    const Node* s = doc.find("services")->find(name);
    return s ? render(*s) : "<absent>";
}

std::string resolve_error(const std::string& text, FakeFiles& files) {
    try {
        resolve_only(text, files);
    } catch (const dc::Error& e) {
        return e.what();
    }
    return "<no error>";
}

std::string resolve_error(const std::string& text) {
    FakeFiles none;
    return resolve_error(text, none);
}

}  // namespace

TEST_CASE("extends: a service inherits from another in the same file and overrides it") {
    Node doc = load_first(R"(
services:
  base:
    image: x
    environment: [A=1]
    ports: ["80:80"]
    command: [a]
  web:
    extends: base
    environment: {B: 2}
    ports: ["80:80", "81:81"]
    command: [b]
)");
    CHECK(service(doc, "web") ==
          "{image: x, environment: [A=1, B=2], ports: [80:80, 81:81], command: [b]}");
    CHECK(service(doc, "base") == "{image: x, environment: [A=1], ports: [80:80], command: [a]}");
}

TEST_CASE("extends: a service name or a mapping with `service`") {
    Node doc = load_first(R"(
services:
  base: {image: x}
  a: {extends: base}
  b: {extends: {service: base}, user: root}
)");
    CHECK(service(doc, "a") == "{image: x}");
    CHECK(service(doc, "b") == "{image: x, user: root}");
}

TEST_CASE("extends: chains are resolved recursively, whatever the order") {
    Node doc = load_first(R"(
services:
  c: {extends: b, labels: [c=1]}
  b: {extends: a, labels: [b=1]}
  a: {image: x, labels: [a=1]}
)");
    CHECK(service(doc, "c") == "{image: x, labels: [a=1, b=1, c=1]}");
    CHECK(service(doc, "b") == "{image: x, labels: [a=1, b=1]}");
}

TEST_CASE("extends: depends_on, links and volumes_from are inherited") {
    Node doc = load_first(R"(
services:
  db: {image: db}
  base: {image: x, depends_on: [db], links: [db], volumes_from: [db], network_mode: "service:db"}
  web: {extends: base}
)");
    CHECK(
        service(doc, "web") ==
        "{image: x, depends_on: [db], links: [db], volumes_from: [db], network_mode: service:db}");
}

TEST_CASE("extends: !reset and !override in the extending service") {
    Node doc = load_first(R"(
services:
  base:
    image: x
    ports: ["80:80"]
    environment: [A=1]
    command: [a]
  web:
    extends: base
    ports: !reset []
    environment: !override {B: 2}
    command: !reset null
)");
    CHECK(service(doc, "web") == "{image: x, environment: {B: 2}}");
}

TEST_CASE("extends: the extending service's tags stay for the merge over earlier files") {
    FakeFiles files;
    Node doc = resolve_only(R"(
services:
  base: {image: y, ports: ["90:90"], environment: {B: 1}}
  web:
    extends: base
    ports: !reset []
    environment: !override {C: 1}
)",
                            files);
    CHECK(service(doc, "web") == "{image: y, ports: !reset [], environment: !override {C: 1}}");

    Node first =
        dc::read_yaml("services:\n  web: {image: x, ports: [\"80:80\"], environment: {A: 1}}\n");
    dc::merge_documents(first, doc);
    CHECK(service(first, "web") == "{image: y, environment: {C: 1}}");
}

TEST_CASE("extends: a reset key of a merged mapping still acts on earlier files") {
    FakeFiles files;
    Node doc = resolve_only(R"(
services:
  base: {image: y, environment: {B: 1, A: 2}}
  web:
    extends: base
    environment:
      A: !reset
)",
                            files);
    CHECK(service(doc, "web") == "{image: y, environment: {B: 1, A: !reset null}}");
    Node first = dc::read_yaml("services:\n  web: {image: x, environment: {A: 1, Z: 9}}\n");
    dc::merge_documents(first, doc);
    CHECK(service(first, "web") == "{image: y, environment: [Z=9, B=1]}");
}

TEST_CASE("extends: the base's own !reset values are not inherited") {
    Node doc = load_first(R"(
services:
  base:
    image: y
    ports: !reset ["90:90"]
  web:
    extends: base
)");
    CHECK(service(doc, "web") == "{image: y}");
}

TEST_CASE("extends: each file is resolved before it is merged") {
    // b.yaml's change to `base` does not reach `web`, which a.yaml resolved.
    Node a = load_first(R"(
services:
  base: {image: x, environment: [A=1]}
  web: {extends: base}
)");
    Node b = load_first(R"(
services:
  base: {environment: [B=2]}
  web: {environment: {C: 3}}
)");
    dc::merge_documents(a, b);
    CHECK(service(a, "web") == "{image: x, environment: [A=1, C=3]}");
    CHECK(service(a, "base") == "{image: x, environment: [A=1, B=2]}");
}

TEST_CASE("extends: an unknown service is an error naming it") {
    CHECK(resolve_error("services:\n  web:\n    extends: nope\n") ==
          "compose.yaml:3:14: services.web.extends: service \"nope\" not found");
}

TEST_CASE("extends: cycles are reported with their chain") {
    CHECK(resolve_error(R"(services:
  a:
    image: x
    extends: b
  b:
    extends: c
  c:
    extends: a
)") == "compose.yaml:4:14: services.a.extends: extends cycle: a -> b -> c -> a");
    CHECK(resolve_error("services:\n  a: {image: x, extends: a}\n") ==
          "compose.yaml:2:26: services.a.extends: extends cycle: a -> a");
}

TEST_CASE("extends: a service from another file, loaded once, paths rebased") {
    FakeFiles files;
    files.texts["/proj/sub/base.yaml"] = R"(
services:
  mid:
    image: m
    build: ./ctx
    env_file: [mid.env, {path: /abs.env}]
    volumes: ["./m:/m", "named:/named", "~/h:/h", "../up:/up", "/abs:/abs", "./:/root",
              {type: bind, source: data, target: /data}, {type: volume, source: v, target: /v}]
  unrelated: {image: u}
)";
    Node doc = load_first(R"(
services:
  web:
    extends: {file: sub/base.yaml, service: mid}
    volumes: ["./local:/local"]
  api:
    extends: {file: ./sub/base.yaml, service: mid}
)",
                          files);
    CHECK(files.loads.size() == 1);
    CHECK(files.loads["/proj/sub/base.yaml"] == 1);
    CHECK(service(doc, "web") ==
          "{image: m, build: sub/ctx, env_file: [sub/mid.env, {path: /abs.env}], volumes: "
          "[./sub/m:/m, named:/named, ~/h:/h, ./up:/up, /abs:/abs, ./sub:/root, "
          "{type: bind, source: sub/data, target: /data}, {type: volume, source: v, target: /v}, "
          "./local:/local]}");
    CHECK(service(doc, "api").starts_with("{image: m, build: sub/ctx,"));
}

TEST_CASE("extends: files extending files rebase against each file's directory") {
    FakeFiles files;
    files.texts["/proj/sub/base.yaml"] = R"(
services:
  mid:
    extends: {file: deep/deep.yaml, service: deep}
    env_file: mid.env
)";
    files.texts["/proj/sub/deep/deep.yaml"] = R"(
services:
  deep:
    image: d
    build:
      context: ./ctx
      additional_contexts: [foo=./foo, bar=docker-image://x, baz=https://git/x, gh=github.com/a/b]
    env_file: deep.env
    develop:
      watch: [{path: ./src, action: sync, target: /app}]
)";
    Node doc =
        load_first("services:\n  web:\n    extends: {file: sub/base.yaml, service: mid}\n", files);
    CHECK(service(doc, "web") ==
          "{image: d, build: {context: sub/deep/ctx, additional_contexts: [foo=sub/deep/foo, "
          "bar=docker-image://x, baz=https://git/x, gh=github.com/a/b]}, env_file: "
          "[sub/deep/deep.env, sub/mid.env], develop: {watch: [{path: sub/deep/src, action: sync, "
          "target: /app}]}}");
}

TEST_CASE("extends: a build without a context is not rebased") {
    FakeFiles files;
    files.texts["/proj/other/base.yaml"] =
        "services:\n  b: {build: {dockerfile: D, additional_contexts: {a: ../x}}}\n";
    Node doc =
        load_first("services:\n  web: {extends: {file: other/base.yaml, service: b}}\n", files);
    CHECK(service(doc, "web") == "{build: {dockerfile: D, additional_contexts: {a: x}}}");
}

TEST_CASE("extends: an unknown service in another file names the file") {
    FakeFiles files;
    files.texts["/proj/base.yaml"] = "services:\n  base: {image: x}\n";
    CHECK(resolve_error("services:\n  web:\n    extends: {file: base.yaml, service: nope}\n",
                        files) ==
          "compose.yaml:3:14: services.web.extends: service \"nope\" not found in base.yaml");
}

TEST_CASE("extends: a file that cannot be loaded is reported at extends.file") {
    FakeFiles files;
    CHECK(resolve_error("services:\n  web:\n    extends: {file: nope.yaml, service: base}\n",
                        files) ==
          "compose.yaml:3:21: services.web.extends.file: cannot read /proj/nope.yaml");
}

TEST_CASE("extends: cycles across files") {
    FakeFiles files;
    files.texts["/proj/other.yaml"] =
        "services:\n  b:\n    extends: {file: compose.yaml, service: a}\n";
    files.texts["/proj/compose.yaml"] =
        "services:\n  a:\n    extends: {file: other.yaml, service: b}\n";
    CHECK(resolve_error("services:\n  a:\n    extends: {file: other.yaml, service: b}\n", files) ==
          "other.yaml:3:14: services.b.extends: extends cycle: b -> a (compose.yaml) -> b");
}

TEST_CASE("rebase_service_paths: short bind mounts still read as bind mounts") {
    Node svc = dc::read_yaml(R"({volumes: ["./data:/data:ro", "data:/data", ".:/src", "/x:/x"]})");
    dc::rebase_service_paths(svc, ".");
    CHECK(render(svc) == "{volumes: [./data:/data:ro, data:/data, .:/src, /x:/x]}");
    dc::rebase_service_paths(svc, "/abs/dir");
    CHECK(render(svc) == "{volumes: [/abs/dir/data:/data:ro, data:/data, /abs/dir:/src, /x:/x]}");
}

TEST_CASE("extends: many services extending one base in another file") {
    FakeFiles files;
    files.texts["/proj/common.yaml"] = "services:\n  base: {image: x, environment: [A=1]}\n";
    std::string text = "services:\n";
    for (int i = 0; i < 1000; ++i) {
        text += "  s" + std::to_string(i) + ": {extends: {file: common.yaml, service: base}, " +
                "environment: {B: " + std::to_string(i) + "}}\n";
    }
    Node doc = load_first(text, files);
    CHECK(files.loads["/proj/common.yaml"] == 1);
    CHECK(service(doc, "s999") == "{image: x, environment: [A=1, B=999]}");
}
