#include <doctest/doctest.h>

#include "core/error.h"
#include "core/yaml_reader.h"

using dc::Node;
using dc::NodeKind;

namespace {

std::string error_of(const std::string& text, const dc::YamlReadLimits& limits = {}) {
    try {
        dc::read_yaml_documents(text, "compose.yaml", limits);
    } catch (const dc::Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("yaml: positions are 1-based lines and columns") {
    Node doc = dc::read_yaml("services:\n  web:\n    image: nginx\n", "compose.yaml");
    const dc::Entry* services = doc.find_entry("services");
    REQUIRE(services);
    CHECK(services->key_mark.str() == "compose.yaml:1:1");
    const Node* image = doc.find("services")->find("web")->find("image");
    REQUIRE(image);
    CHECK(image->mark.str() == "compose.yaml:3:12");
    CHECK(image->kind == NodeKind::String);
}

TEST_CASE("yaml: quoted scalars stay strings") {
    Node doc = dc::read_yaml("a: '1'\nb: 1\nc: \"true\"\nd: true\ne: >\n  folded\n  text\n");
    CHECK(doc.find("a")->kind == NodeKind::String);
    CHECK(doc.find("a")->quoted);
    CHECK(doc.find("b")->kind == NodeKind::Int);
    CHECK(doc.find("c")->kind == NodeKind::String);
    CHECK(doc.find("d")->kind == NodeKind::Bool);
    CHECK(doc.find("e")->text == "folded text\n");
}

TEST_CASE("yaml: anchors, aliases and merge keys") {
    Node doc = dc::read_yaml(
        "x-base: &base\n  image: busybox\n  restart: always\n"
        "x-env: &env\n  environment: {A: '1'}\n"
        "services:\n  a:\n    <<: [*base, *env]\n    restart: \"no\"\n  b: *base\n");
    const Node* a = doc.find("services")->find("a");
    CHECK(a->find("image")->text == "busybox");
    CHECK(a->find("restart")->text == "no");
    CHECK(a->find("environment")->find("A")->text == "1");
    CHECK_FALSE(a->find("<<"));
    CHECK(doc.find("services")->find("b")->find("restart")->text == "always");
}

TEST_CASE("yaml: tags are kept for !reset and !override") {
    Node doc = dc::read_yaml("ports: !reset []\nenvironment: !override {A: b}\nv: !!str 12\n");
    CHECK(doc.find("ports")->tag == "!reset");
    CHECK(doc.find("environment")->tag == "!override");
    CHECK(doc.find("v")->kind == NodeKind::String);
    CHECK(doc.find("v")->text == "12");
}

TEST_CASE("yaml: several documents in one file") {
    auto docs = dc::read_yaml_documents("a: 1\n---\nb: 2\n", "f.yaml");
    REQUIRE(docs.size() == 2);
    CHECK(docs[1].find("b")->as_int() == 2);
}

TEST_CASE("yaml: malformed input names file, line and column") {
    CHECK(error_of("services:\n  web: [x\n") == "compose.yaml:3:1: end of sequence flow not found");
    CHECK(error_of("a: 1\na: 2\n") == "compose.yaml:2:1: mapping key \"a\" already defined at line 1");
    CHECK(error_of("a: *nope\n").find("compose.yaml:1:4:") == 0);
    CHECK(error_of("x: !!int abc\n") == "compose.yaml:1:4: cannot decode \"abc\" as !!int");
    CHECK(error_of("? [a]\n: 1\n") == "compose.yaml:1:3: mapping keys must be scalars");
    CHECK(error_of("a: 1\n<<: 2\n") ==
          "compose.yaml:2:5: merge key \"<<\" needs a mapping or a list of mappings");
}

TEST_CASE("yaml: alias bombs are refused before they expand") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    std::string prev = "a";
    for (char c = 'b'; c <= 'j'; ++c) {
        std::string name(1, c);
        bomb += name + ": &" + name + " [";
        for (int i = 0; i < 10; ++i) bomb += (i ? ", *" : "*") + prev;
        bomb += "]\n";
        prev = name;
    }
    std::string message = error_of(bomb);
    CHECK(message.find("too many nodes through aliases") != std::string::npos);
    CHECK(message.find("compose.yaml:") == 0);
}

TEST_CASE("yaml: nesting depth is limited") {
    dc::YamlReadLimits limits;
    limits.max_depth = 10;
    std::string deep(20, '[');
    CHECK(error_of(deep + std::string(20, ']'), limits) ==
          "compose.yaml:1:11: document nested too deeply");
}
