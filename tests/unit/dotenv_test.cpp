// Expected results come from Docker Compose v2.29.7 (`docker compose config`
// with the file as .env or env_file), except where dotenv.cpp says it differs.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/dotenv.h"
#include "core/error.h"

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs pairs(const std::string& text, const dc::Environment& outer = {}) {
    Pairs out;
    for (const dc::DotenvEntry& e : dc::parse_dotenv(text, "app.env", outer)) {
        out.emplace_back(e.key, e.has_value ? e.value : "<bare>");
    }
    return out;
}

std::string value_of(const std::string& text, const dc::Environment& outer = {}) {
    std::vector<dc::DotenvEntry> entries = dc::parse_dotenv(text, "app.env", outer);
    REQUIRE(entries.size() == 1);
    return entries[0].value;
}

std::string error_of(const std::string& text) {
    try {
        dc::parse_dotenv(text, "app.env");
    } catch (const dc::Error& e) {
        CHECK(e.kind() == dc::ErrorKind::Config);
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("dotenv: key=value lines, blank lines and comments") {
    CHECK(pairs("A=1\n\n# comment\n   # indented comment\nB=two words\n") ==
          Pairs{{"A", "1"}, {"B", "two words"}});
    CHECK(pairs("").empty());
    CHECK(pairs("\n\n# only comments").empty());
    CHECK(pairs("A=1") == Pairs{{"A", "1"}});  // No final newline.
    CHECK(pairs("A=") == Pairs{{"A", ""}});
    CHECK(pairs("A=\nB=\t\n") == Pairs{{"A", ""}, {"B", ""}});
}

TEST_CASE("dotenv: entries keep their line numbers") {
    auto entries = dc::parse_dotenv("# c\nA=1\nB=\"x\ny\"\nC\nD=4\n", "app.env");
    REQUIRE(entries.size() == 4);
    CHECK(entries[0].line == 2);
    CHECK(entries[1].line == 3);
    CHECK(entries[2].line == 5);
    CHECK(entries[3].line == 6);
}

TEST_CASE("dotenv: blanks around keys and values") {
    CHECK(pairs("  A = spaced value   \n\tB\t=\tx\t\n") ==
          Pairs{{"A", "spaced value"}, {"B", "x"}});
    CHECK(pairs("A=1\r\nB=\"x\"\r\n") == Pairs{{"A", "1"}, {"B", "x"}});
}

TEST_CASE("dotenv: export prefix") {
    CHECK(pairs("export A=1\n  export\tB=2\nexport  C\n") ==
          Pairs{{"A", "1"}, {"B", "2"}, {"C", "<bare>"}});
    CHECK(pairs("export=3\nexportD=4\n") == Pairs{{"export", "3"}, {"exportD", "4"}});
    CHECK(pairs("export\n") == Pairs{{"export", "<bare>"}});
}

TEST_CASE("dotenv: yaml-style colon") {
    CHECK(pairs("B: yaml style\nC : 1\nD:x=y\n") ==
          Pairs{{"B", "yaml style"}, {"C", "1"}, {"D", "x=y"}});
}

TEST_CASE("dotenv: inline comments need a space before #") {
    CHECK(value_of("A=x # c") == "x");
    CHECK(value_of("A=a  #  b  # c") == "a");
    CHECK(value_of("A=x#notcomment") == "x#notcomment");
    CHECK(value_of("A=a\t#tab") == "a\t#tab");
    CHECK(value_of("A= #c") == "#c");  // The blanks after '=' go first.
    CHECK(value_of("A=#x") == "#x");
    CHECK(value_of("A=\"x\"#c") == "x");
    CHECK(value_of("A='x' # c") == "x");
}

TEST_CASE("dotenv: single quotes are literal") {
    CHECK(value_of("E='single $HOME \\n ${X:?e}'") == "single $HOME \\n ${X:?e}");
    CHECK(value_of("A='a\\'b'") == "a'b");
    CHECK(value_of("A='a\\\\b'") == "a\\\\b");
    CHECK(value_of("A='  padded  '") == "  padded  ");
    CHECK(value_of("A='multi\nline'") == "multi\nline");
}

TEST_CASE("dotenv: double quotes expand escapes") {
    CHECK(value_of(R"(F="a \n b \t c \" d \\ e")") == "a \n b \t c \" d \\ e");
    CHECK(value_of(R"(A="\a\b\f\v\r")") == "\a\b\f\v\r");
    CHECK(value_of(R"(A="a\qb\x41\u0041\'\c")") == R"(a\qb\x41\u0041\'\c)");
    CHECK(value_of(R"(A="  padded  ")") == "  padded  ");
    CHECK(value_of(R"(A="x\\")") == "x\\");
}

TEST_CASE("dotenv: octal escapes") {
    CHECK(value_of(R"(Q="\101\0101")") == "\\101A");
    CHECK(value_of(R"(Q="\0400|\0377|\0089|\01|\0")") == "\\400|\xC3\xBF|\\089|\\1|\\");
}

TEST_CASE("dotenv: double quotes span lines") {
    CHECK(pairs("G=\"multi\nline\"\nH=1\n") == Pairs{{"G", "multi\nline"}, {"H", "1"}});
    CHECK(pairs("G=\"a\n\n  b\n\"") == Pairs{{"G", "a\n\n  b\n"}});
}

TEST_CASE("dotenv: text after a closing quote starts a new entry") {
    CHECK(pairs("J=\"x\" K=2\n") == Pairs{{"J", "x"}, {"K", "2"}});
    CHECK(pairs("A=\"x\"C\n") == Pairs{{"A", "x"}, {"C", "<bare>"}});
}

TEST_CASE("dotenv: unquoted values are taken as written") {
    CHECK(value_of(R"(P=\n)") == R"(\n)");
    CHECK(value_of(R"(P="quoted" )") == "quoted");
    CHECK(value_of("P=a \"b\" 'c'") == "a \"b\" 'c'");
}

TEST_CASE("dotenv: values reference earlier keys and the outer environment") {
    CHECK(pairs("A=1\nB=${A}x\nC=\"$A-${B}\"\nD='$A'\n") ==
          Pairs{{"A", "1"}, {"B", "1x"}, {"C", "1-1x"}, {"D", "$A"}});
    dc::Environment outer{{"HOME", "/root"}, {"A", "9"}};
    // The outer environment wins over the file's own keys, as in Compose.
    CHECK(pairs("A=1\nB=${A}x\nU=${A:-z} ${HOME}\n", outer) ==
          Pairs{{"A", "1"}, {"B", "9x"}, {"U", "9 /root"}});
    CHECK(pairs("A=1\nA=2\nB=$A\n") == Pairs{{"A", "1"}, {"A", "2"}, {"B", "2"}});
}

TEST_CASE("dotenv: dollar escapes") {
    CHECK(value_of("T=$$HOME", {{"HOME", "/h"}}) == "$HOME");
    CHECK(value_of(R"(T=\$HOME)", {{"HOME", "/h"}}) == R"(\/h)");
    CHECK(value_of(R"(T="\$HOME")", {{"HOME", "/h"}}) == "$HOME");
    CHECK(value_of("C=$C$$C\\$C", {{"C", "7"}}) == "7$C\\7");
}

TEST_CASE("dotenv: unset references are reported") {
    std::vector<std::string> unset;
    auto entries = dc::parse_dotenv("N=${UNDEF}x\nM=\"$UNDEF2\"\nO='$NO'\n", "app.env", {},
                                    [&](const std::string& name) { unset.push_back(name); });
    CHECK(entries[0].value == "x");
    CHECK(unset == std::vector<std::string>{"UNDEF", "UNDEF2"});
}

TEST_CASE("dotenv: bare keys") {
    auto entries = dc::parse_dotenv("I\nA=1\n  HOME  \nLAST", "app.env");
    REQUIRE(entries.size() == 4);
    CHECK(entries[0].key == "I");
    CHECK_FALSE(entries[0].has_value);
    CHECK(entries[1].has_value);
    CHECK(entries[2].key == "HOME");
    CHECK_FALSE(entries[2].has_value);
    CHECK(entries[2].line == 3);
    // Compose reads a final bare key without a newline as {"": "LAST"}.
    CHECK(entries[3].key == "LAST");
    CHECK_FALSE(entries[3].has_value);
}

TEST_CASE("dotenv: key characters") {
    CHECK(pairs("A.b[0]=x\n1A=y\n_k=z\n\xC3\x84=u\n") ==
          Pairs{{"A.b[0]", "x"}, {"1A", "y"}, {"_k", "z"}, {"\xC3\x84", "u"}});
}

TEST_CASE("dotenv: a byte order mark is skipped") {
    CHECK(pairs("\xEF\xBB\xBF" "A=1\n") == Pairs{{"A", "1"}});
}

TEST_CASE("dotenv: invalid keys") {
    CHECK(error_of("A=1\nA-B=1\n") ==
          "app.env:2: unexpected character \"-\" in variable name \"A-B=1\"");
    CHECK(error_of("R='it''s'") ==
          "app.env:1: unexpected character \"'\" in variable name \"'s'\"");
    CHECK(error_of("export $X=1") ==
          "app.env:1: unexpected character \"$\" in variable name \"$X=1\"");
    CHECK(error_of("A\n\n\nA B=2\n") == "app.env:4: key cannot contain a space");
    CHECK(error_of("A\tB=2\n") == "app.env:1: key cannot contain a space");
    CHECK(error_of("=x\n") == "app.env:1: missing variable name");
    CHECK(error_of(": x\n") == "app.env:1: missing variable name");
}

TEST_CASE("dotenv: unterminated quotes") {
    CHECK(error_of("A=1\nB=\"abc\nC=1\n") == "app.env:2: unterminated quoted value \"abc");
    CHECK(error_of("A='abc") == "app.env:1: unterminated quoted value 'abc");
    CHECK(error_of("A=\"abc\\\"") == "app.env:1: unterminated quoted value \"abc\\\"");
}

TEST_CASE("dotenv: interpolation errors name the line") {
    CHECK(error_of("A=1\nB=${C:?need C}\n") ==
          "app.env:2: required variable C is missing a value: need C");
    CHECK(error_of("A=\"x\ny\"\nB=\"${X:-}${\"") ==
          "app.env:3: invalid interpolation format: \"${X:-}${\" "
          "(you may need to escape any $ with another $)");
}

TEST_CASE("dotenv: read_dotenv_file") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("dc-dotenv-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string path = (dir / "app.env").string();
    std::ofstream(path) << "A=1\nB=${A}2\n";
    auto entries = dc::read_dotenv_file(path);
    REQUIRE(entries.size() == 2);
    CHECK(entries[1].value == "12");

    std::ofstream(path) << "A=1\nB-=2\n";
    std::string expected = path + ":2: unexpected character \"-\" in variable name \"B-=2\"";
    CHECK_THROWS_WITH_AS(dc::read_dotenv_file(path), expected.c_str(), dc::Error);
    std::string missing = (dir / "missing.env").string();
    CHECK_THROWS_WITH_AS(dc::read_dotenv_file(missing),
                         ("couldn't find env file: " + missing).c_str(), dc::Error);
    CHECK_THROWS_WITH_AS(dc::read_dotenv_file(dir.string()),
                         (dir.string() + " is a directory").c_str(), dc::Error);
    fs::remove_all(dir);
}

TEST_CASE("dotenv: os_environment reads environ") {
    ::setenv("DC_DOTENV_TEST_VAR", "a=b", 1);
    dc::Environment env = dc::os_environment();
    CHECK(dc::lookup(env, "DC_DOTENV_TEST_VAR") == std::optional<std::string>("a=b"));
    ::unsetenv("DC_DOTENV_TEST_VAR");
    CHECK_FALSE(dc::lookup(dc::os_environment(), "DC_DOTENV_TEST_VAR").has_value());
}
