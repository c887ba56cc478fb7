// Expected results come from Docker Compose v2.29.7 (`docker compose config`).
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/interpolate.h"

namespace {

const dc::Environment& test_env() {
    static const dc::Environment env{
        {"A", "a"}, {"B", "b"}, {"EMPTY", ""}, {"PORT", "8080"}, {"lower", "low"},
        {"_U1", "u"}, {"NULLISH", "null"}, {"YES", "true"},
    };
    return env;
}

struct Result {
    std::string text;
    std::vector<std::string> unset;
};

Result run(std::string_view input) {
    Result result;
    result.text = dc::interpolate_string(input, test_env(), [&](const std::string& name) {
        result.unset.push_back(name);
    });
    return result;
}

std::string interp(std::string_view input) { return run(input).text; }

std::string error_of(std::string_view input, std::string_view where = {}) {
    try {
        dc::interpolate_string(input, test_env(), {}, where);
    } catch (const dc::Error& e) {
        CHECK(e.kind() == dc::ErrorKind::Config);
        return e.what();
    }
    return "(no error)";
}

dc::Mark mark_at(int line, int column) {
    static auto file = std::make_shared<const std::string>("compose.yaml");
    return dc::Mark{file, line, column};
}

dc::Node plain(std::string text, int line = 1) {
    dc::Node node = dc::Node::string(std::move(text), mark_at(line, 9));
    node.quoted = false;
    return node;
}

}  // namespace

TEST_CASE("interpolate: text without references is unchanged") {
    CHECK(interp("") == "");
    CHECK(interp("plain text {}") == "plain text {}");
}

TEST_CASE("interpolate: $VAR and ${VAR}") {
    CHECK(interp("$A") == "a");
    CHECK(interp("${A}") == "a");
    CHECK(interp("x${A}y$B.z") == "xay" "b.z");
    CHECK(interp("$A$B") == "ab");
    CHECK(interp("${lower}|$_U1") == "low|u");
    CHECK(interp("$A_1") == "");  // The name is A_1.
    CHECK(interp("${EMPTY}") == "");
}

TEST_CASE("interpolate: $$ is a literal dollar") {
    CHECK(interp("$$A") == "$A");
    CHECK(interp("$${A}") == "${A}");
    CHECK(interp("$$$A") == "$a");
    CHECK(interp("$${") == "${");
}

TEST_CASE("interpolate: a dollar not followed by a name stays") {
    CHECK(interp("$1 $ $-") == "$1 $ $-");
    CHECK(interp("cost: 5$") == "cost: 5$");
}

TEST_CASE("interpolate: unset variables become empty and are reported") {
    Result r = run("x${NOPE}y$NOPE2 ${NOPE}");
    CHECK(r.text == "xy ");
    CHECK(r.unset == std::vector<std::string>{"NOPE", "NOPE2", "NOPE"});
    CHECK(run("${EMPTY}").unset.empty());  // Set, though empty.
    CHECK(dc::interpolate_string("$NOPE", test_env(), {}) == "");  // No callback is fine.
}

TEST_CASE("interpolate: default values") {
    CHECK(interp("${NOPE:-def}") == "def");
    CHECK(interp("${EMPTY:-def}") == "def");
    CHECK(interp("${A:-def}") == "a");
    CHECK(interp("${NOPE-def}") == "def");
    CHECK(interp("${EMPTY-def}") == "");
    CHECK(interp("${A-def}") == "a");
    CHECK(interp("${NOPE:-}") == "");
    CHECK(interp("${NOPE:-with spaces and : - ? +}") == "with spaces and : - ? +");
    CHECK(interp("${A-x:-y}|${NOPE-x:-y}") == "a|x:-y");
    CHECK(run("${NOPE:-def}").unset.empty());
}

TEST_CASE("interpolate: alternative values") {
    CHECK(interp("${A:+alt}") == "alt");
    CHECK(interp("${EMPTY:+alt}") == "");
    CHECK(interp("${NOPE:+alt}") == "");
    CHECK(interp("${A+alt}") == "alt");
    CHECK(interp("${EMPTY+alt}") == "alt");
    CHECK(interp("${NOPE+alt}") == "");
    CHECK(interp("${NOPE:+a}|${A:+b}|${A+c}|${NOPE+d}") == "|b|c|");
}

TEST_CASE("interpolate: required variables") {
    CHECK(interp("${A:?must}") == "a");
    CHECK(interp("${A?must}") == "a");
    CHECK(interp("${EMPTY?must}") == "");
    CHECK(error_of("${NOPE:?must be set}", "compose.yaml:3:9: services.a.image") ==
          "compose.yaml:3:9: services.a.image: required variable NOPE is missing a value: "
          "must be set");
    CHECK(error_of("${EMPTY:?must}") == "required variable EMPTY is missing a value: must");
    CHECK(error_of("${NOPE?}") == "required variable NOPE is missing a value");
    CHECK(error_of("${NOPE:?}") == "required variable NOPE is missing a value");
    CHECK(error_of("${NOPE?oops ${A}}") == "required variable NOPE is missing a value: oops a");
    CHECK(error_of("${A:-x} ${B2:?bad}") == "required variable B2 is missing a value: bad");
}

TEST_CASE("interpolate: nesting in operands") {
    CHECK(interp("${A:-${B:-x}}") == "a");
    CHECK(interp("${NOPE:-${B:-x}}") == "b");
    CHECK(interp("${NOPE:-${NOPE2:-x}}") == "x");
    CHECK(interp("${NOPE:-pre-${A}-post}") == "pre-a-post");
    CHECK(interp("${A:+[${B}]}") == "[b]");
    CHECK(interp("${NOPE:-${NOPE2:-${NOPE3:-deep}}}") == "deep");
}

TEST_CASE("interpolate: operands are evaluated even when not used") {
    // Compose reports NOPE2 and fails on NOPE3 although A is set.
    Result r = run("${A:-${NOPE2}}");
    CHECK(r.text == "a");
    CHECK(r.unset == std::vector<std::string>{"NOPE2"});
    CHECK(error_of("${A:-${NOPE3:?boom}}") == "required variable NOPE3 is missing a value: boom");
}

TEST_CASE("interpolate: Compose's choice of closing brace") {
    CHECK(interp("pre ${NOPE:-x}} post") == "pre x} post");
    CHECK(interp("${NOPE:-{}}") == "{}");
    CHECK(interp("${NOPE:-a}b}c${NOPE2:-d}e}") == "ab}cde}");
    CHECK(interp("${NOPE:-${NOPE2:-{x}}}") == "{x}");
    CHECK(interp("${NOPE:-$}}") == "$}");
    CHECK(interp("${NOPE:-{}") == "{");
    CHECK(interp("${A:-x} and ${B} and ${NOPE:-z}") == "a and b and z");
}

TEST_CASE("interpolate: references on several lines") {
    CHECK(interp("${A:-x}\n${NOPE:-y}}\n$B") == "a\ny}\nb");
    CHECK(interp("line1 }\n${NOPE:-d}") == "line1 }\nd");
}

TEST_CASE("interpolate: malformed templates") {
    const std::string hint = " (you may need to escape any $ with another $)";
    CHECK(error_of("${") == "invalid interpolation format: \"${\"" + hint);
    CHECK(error_of("${A") == "invalid interpolation format: \"${A\"" + hint);
    CHECK(error_of("a ${A:x} b") == "invalid interpolation format: \"a ${A:x} b\"" + hint);
    CHECK(error_of("${}") == "invalid interpolation format: \"${}\"" + hint);
    CHECK(error_of("${1}") == "invalid interpolation format: \"${1}\"" + hint);
    CHECK(error_of("${A B}") == "invalid interpolation format: \"${A B}\"" + hint);
    CHECK(error_of("${A:}") == "invalid interpolation format: \"${A:}\"" + hint);
    CHECK(error_of("${A:-x") == "invalid interpolation format: \"${A:-x\"" + hint);
    CHECK(error_of("${A:-x\n}") == "invalid interpolation format: \"${A:-x\\n}\"" + hint);
    CHECK(error_of("${A:-x} ${") == "invalid interpolation format: \"${A:-x} ${\"" + hint);
    CHECK(error_of("${A}", "f.env:2") == "(no error)");
    CHECK(error_of("${", "f.env:2") == "f.env:2: invalid interpolation format: \"${\"" + hint);
}

TEST_CASE("interpolate: errors after a default quote only the rest of the line") {
    // Compose substitutes " ${ }" on its own after "${A:-x}".
    CHECK(error_of("${A:-x} ${ }") ==
          "invalid interpolation format: \" ${ }\" (you may need to escape any $ with another $)");
    CHECK(error_of("${NOPE:-${}") ==
          "invalid interpolation format: \"${\" (you may need to escape any $ with another $)");
}

TEST_CASE("interpolate: absurd nesting is an error, not a crash") {
    std::string text;
    for (int i = 0; i < 300; ++i) text += "${A:-";
    text += std::string(300, '}');
    CHECK(error_of(text) == "variable references nested too deeply");
}

TEST_CASE("interpolate: interpolate_with uses any lookup") {
    std::string value = "from-lookup";
    dc::VariableLookup lookup = [&](std::string_view name) {
        return name == "X" ? &value : nullptr;
    };
    CHECK(dc::interpolate_with("${X}/${Y:-none}", lookup, {}) == "from-lookup/none");
}

TEST_CASE("interpolate: tree interpolates values, never keys") {
    dc::Node root = dc::Node::mapping(mark_at(1, 1));
    dc::Node service = dc::Node::mapping(mark_at(2, 3));
    service.set("image", dc::Node::string("img:${A}", mark_at(3, 12)));
    service.set("${A}", plain("$B"));
    dc::Node ports = dc::Node::sequence(mark_at(4, 5));
    ports.items.push_back(plain("${PORT}:80"));
    ports.items.push_back(dc::Node::integer(443));
    service.set("ports", std::move(ports));
    root.set("web", std::move(service));

    std::vector<std::string> unset;
    dc::interpolate_tree(root, test_env(), [&](const std::string& n) { unset.push_back(n); });
    const dc::Node& web = *root.find("web");
    CHECK(web.find("image")->text == "img:a");
    CHECK(web.find("${A}")->text == "b");
    CHECK(web.find("a") == nullptr);
    CHECK(web.find("ports")->items[0].text == "8080:80");
    CHECK(web.find("ports")->items[1].text == "443");
    CHECK(unset.empty());
}

TEST_CASE("interpolate: plain scalars are re-resolved, quoted ones stay strings") {
    dc::Node root = dc::Node::mapping();
    root.set("plain", plain("${PORT}"));
    root.set("quoted", dc::Node::string("${PORT}"));
    root.set("flag", plain("${YES}"));
    root.set("unset", plain("${NOPE}"));
    root.set("nullish", plain("$NULLISH"));
    root.set("literal", plain("$$PORT"));
    dc::interpolate_tree(root, test_env(), {});
    CHECK(root.find("plain")->kind == dc::NodeKind::Int);
    CHECK(root.find("plain")->as_int() == 8080);
    CHECK(root.find("quoted")->kind == dc::NodeKind::String);
    CHECK(root.find("quoted")->text == "8080");
    CHECK(root.find("flag")->kind == dc::NodeKind::Bool);
    // Compose keeps "" and "null" strings; YAML would read them as null.
    CHECK(root.find("unset")->kind == dc::NodeKind::String);
    CHECK(root.find("unset")->text == "");
    CHECK(root.find("nullish")->kind == dc::NodeKind::String);
    CHECK(root.find("nullish")->text == "null");
    CHECK(root.find("literal")->kind == dc::NodeKind::String);
    CHECK(root.find("literal")->text == "$PORT");
}

TEST_CASE("interpolate: tree errors name file, line, column and path") {
    dc::Node root = dc::Node::mapping();
    dc::Node services = dc::Node::mapping();
    dc::Node web = dc::Node::mapping();
    dc::Node command = dc::Node::sequence();
    command.items.push_back(plain("ok"));
    command.items.push_back(plain("${NOPE:?give a command}", 7));
    web.set("command", std::move(command));
    services.set("web", std::move(web));
    root.set("services", std::move(services));
    CHECK_THROWS_WITH_AS(dc::interpolate_tree(root, test_env(), {}),
                         "compose.yaml:7:9: services.web.command[1]: required variable NOPE is "
                         "missing a value: give a command",
                         dc::Error);

    dc::Node doc = dc::Node::mapping();
    doc.set("image", plain("${A", 3));
    CHECK_THROWS_WITH_AS(dc::interpolate_tree(doc, test_env(), {}, "services.db"),
                         "compose.yaml:3:9: services.db.image: invalid interpolation format: "
                         "\"${A\" (you may need to escape any $ with another $)",
                         dc::Error);
}

TEST_CASE("interpolate: quote_for_message quotes like Go's %q") {
    CHECK(dc::quote_for_message("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(dc::quote_for_message("t\tn\nr\r") == "\"t\\tn\\nr\\r\"");
    CHECK(dc::quote_for_message(std::string_view("\x01\x7f", 2)) == "\"\\x01\\x7f\"");
    CHECK(dc::quote_for_message("Ä") == "\"Ä\"");
}
