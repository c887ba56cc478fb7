#include <doctest/doctest.h>

#include "core/node.h"

using dc::Node;
using dc::NodeKind;

TEST_CASE("node: plain scalars resolve by the YAML 1.2 core schema") {
    CHECK(dc::resolve_plain_scalar("") == NodeKind::Null);
    CHECK(dc::resolve_plain_scalar("~") == NodeKind::Null);
    CHECK(dc::resolve_plain_scalar("null") == NodeKind::Null);
    CHECK(dc::resolve_plain_scalar("true") == NodeKind::Bool);
    CHECK(dc::resolve_plain_scalar("False") == NodeKind::Bool);
    CHECK(dc::resolve_plain_scalar("yes") == NodeKind::String);
    CHECK(dc::resolve_plain_scalar("42") == NodeKind::Int);
    CHECK(dc::resolve_plain_scalar("-7") == NodeKind::Int);
    CHECK(dc::resolve_plain_scalar("0x1F") == NodeKind::Int);
    CHECK(dc::resolve_plain_scalar("0o17") == NodeKind::Int);
    CHECK(dc::resolve_plain_scalar("1.5") == NodeKind::Float);
    CHECK(dc::resolve_plain_scalar("1e3") == NodeKind::Float);
    CHECK(dc::resolve_plain_scalar(".inf") == NodeKind::Float);
    CHECK(dc::resolve_plain_scalar("8080:80") == NodeKind::String);
    CHECK(dc::resolve_plain_scalar("1.2.3") == NodeKind::String);
    CHECK(dc::resolve_plain_scalar("-") == NodeKind::String);
}

TEST_CASE("node: integers parse in every base") {
    Node n;
    n.kind = NodeKind::Int;
    n.text = "0x10";
    CHECK(n.as_int() == 16);
    n.text = "0o10";
    CHECK(n.as_int() == 8);
    n.text = "-12";
    CHECK(n.as_int() == -12);
    n.text = "0440";
    CHECK(n.as_int() == 288);
    n.text = "0b101";
    CHECK(n.as_int() == 5);
    CHECK(dc::resolve_plain_scalar("0b101") == NodeKind::Int);
    CHECK(dc::resolve_plain_scalar("0440") == NodeKind::Int);
    CHECK(dc::resolve_plain_scalar("08") == NodeKind::Float);
}

TEST_CASE("node: set replaces in place and keeps order") {
    Node map = Node::mapping();
    map.set("b", Node::string("1"));
    map.set("a", Node::string("2"));
    map.set("b", Node::string("3"));
    REQUIRE(map.entries.size() == 2);
    CHECK(map.entries[0].key == "b");
    CHECK(map.entries[0].value->text == "3");
    CHECK(map.erase("b"));
    CHECK_FALSE(map.erase("b"));
    CHECK(map.find("a")->text == "2");
}

TEST_CASE("node: copies are deep") {
    Node map = Node::mapping();
    map.set("k", Node::string("v"));
    Node copy = map;
    copy.find("k")->text = "changed";
    CHECK(map.find("k")->text == "v");
}

TEST_CASE("node: resolve_plain retypes interpolated text") {
    Node n = Node::string("8080");
    n.resolve_plain();
    CHECK(n.kind == NodeKind::Int);
    CHECK_FALSE(n.quoted);
}

TEST_CASE("node: error paths") {
    CHECK(dc::path_join("", "services") == "services");
    CHECK(dc::path_join("services", "web") == "services.web");
    CHECK(dc::path_index("services.web.ports", 2) == "services.web.ports[2]");
}
