// Build contexts: .dockerignore's rules as the docker CLI applies them, the files a context sends
// (always the Dockerfile and .dockerignore), the generated inline Dockerfile, and the tar itself.
#include "core/build_context.h"

#include <cstring>
#include <filesystem>
#include <map>
#include <utility>

#include <doctest/doctest.h>

#include "core/build_ignore.h"
#include "core/error.h"
#include "tests/unit/test_util.h"

using dc::BuildContext;
using dc::ContextSpec;
using dc::IgnoreRules;
using dc::test::TempDir;

namespace {

// The tar's entries: name -> content ("<dir>" for directories, "-> target" for symlinks).
std::map<std::string, std::string> read_tar(const std::string& tar) {
    std::map<std::string, std::string> out;
    std::string long_name;
    for (std::size_t at = 0; at + 512 <= tar.size();) {
        const char* h = tar.data() + at;
        if (h[0] == '\0') break;
        std::string name(h, strnlen(h, 100));
        std::size_t size = std::stoul(std::string(h + 124, 11), nullptr, 8);
        std::string body = tar.substr(at + 512, size);
        at += 512 + (size + 511) / 512 * 512;
        if (h[156] == 'x') {
            long_name = body.substr(body.find("path=") + 5);
            long_name.pop_back();
            continue;
        }
        if (!long_name.empty()) name = std::exchange(long_name, {});
        if (h[156] == '5') body = "<dir>";
        if (h[156] == '2') body = "-> " + std::string(h + 157, strnlen(h + 157, 100));
        out[name] = body;
    }
    return out;
}

std::vector<std::string> names(const BuildContext& context) {
    std::vector<std::string> out;
    for (const auto& entry : context.entries) out.push_back(entry.name);
    return out;
}

}  // namespace

TEST_CASE("build context: patterns match whole paths, their parents, * within one element") {
    IgnoreRules rules = IgnoreRules::parse("# comment\n  build  \n*.log\n/tmp/*\ndocs/?.md\n");
    CHECK(rules.excluded("build"));
    CHECK(rules.excluded("build/out/app"));  // A parent directory matches.
    CHECK(rules.excluded("app.log"));
    CHECK_FALSE(rules.excluded("sub/app.log"));  // "*" stays within the top level.
    CHECK(rules.excluded("tmp/x"));
    CHECK(rules.excluded("docs/a.md"));
    CHECK_FALSE(rules.excluded("docs/ab.md"));
    CHECK_FALSE(rules.excluded("# comment"));
    CHECK_FALSE(rules.excluded("src/build.c"));
}

TEST_CASE("build context: ** crosses directories, at the start, middle and end") {
    IgnoreRules rules = IgnoreRules::parse("**/*.pyc\na/**/z\nlogs/**\n");
    CHECK(rules.excluded("x.pyc"));
    CHECK(rules.excluded("p/q/x.pyc"));
    CHECK(rules.excluded("a/z"));
    CHECK(rules.excluded("a/b/c/z"));
    CHECK_FALSE(rules.excluded("a/b/zz"));
    CHECK(rules.excluded("logs/1/2"));
    CHECK_FALSE(rules.excluded("logs"));  // "logs/**" wants something below it.
}

TEST_CASE("build context: ! exceptions, the last matching line wins") {
    IgnoreRules rules = IgnoreRules::parse("*.md\n!README.md\nREADME.md\n!docs\ndocs/secret.md\n");
    CHECK(rules.excluded("a.md"));
    CHECK(rules.excluded("README.md"));  // Excluded again by the line after the exception.
    IgnoreRules keep = IgnoreRules::parse("*.md\n!README.md\n");
    CHECK_FALSE(keep.excluded("README.md"));
    CHECK(keep.excluded("CHANGES.md"));
    CHECK_THROWS_WITH_AS(IgnoreRules::parse("!\n"),
                         ".dockerignore: illegal exclusion pattern: \"!\"", dc::Error);
}

TEST_CASE("build context: classes, escapes, and cleaned patterns") {
    IgnoreRules rules = IgnoreRules::parse("[a-c].txt\n[^x]y\n\\*star\n./dir//sub/\n");
    CHECK(rules.excluded("b.txt"));
    CHECK_FALSE(rules.excluded("d.txt"));
    CHECK(rules.excluded("zy"));
    CHECK_FALSE(rules.excluded("xy"));
    CHECK(rules.excluded("*star"));
    CHECK_FALSE(rules.excluded("astar"));
    CHECK(rules.excluded("dir/sub/f"));
}

TEST_CASE(
    "build context: the walk honours .dockerignore, in path order, and keeps the Dockerfile") {
    TempDir dir;
    dir.write("Dockerfile", "FROM scratch\n");
    dir.write(".dockerignore",
              "Dockerfile\n.dockerignore\nnode_modules\n*.log\ncache\n!cache/keep\n");
    dir.write("app.js", "x");
    dir.write("a-b", "1");
    dir.write("a/z", "2");
    dir.write("debug.log", "no");
    dir.write("node_modules/m/index.js", "no");
    dir.write("cache/keep", "yes");
    dir.write("cache/drop", "no");
    BuildContext context = dc::scan_context({.dir = dir.path()});
    CHECK(context.dockerfile == "Dockerfile");
    CHECK(names(context) == std::vector<std::string>{".dockerignore", "Dockerfile", "a", "a/z",
                                                     "a-b", "app.js", "cache/keep"});
    auto tar = read_tar(dc::context_tar_bytes(context));
    CHECK(tar.at("Dockerfile") == "FROM scratch\n");
    CHECK(tar.at("a/") == "<dir>");
    CHECK(tar.at("cache/keep") == "yes");
    CHECK(tar.size() == 7);
}

TEST_CASE(
    "build context: dockerfile_inline travels under a generated name that .dockerignore lists") {
    TempDir dir;
    dir.write("f.txt", "hello");
    dir.write(".dockerignore", "*.tmp");
    BuildContext context =
        dc::scan_context({.dir = dir.path(), .dockerfile_inline = "FROM scratch\nCOPY f.txt /\n"});
    CHECK(context.dockerfile.starts_with(".dockerfile."));
    CHECK(context.dockerfile.size() == std::string(".dockerfile.").size() + 20);
    auto tar = read_tar(dc::context_tar_bytes(context));
    CHECK(tar.at(context.dockerfile) == "FROM scratch\nCOPY f.txt /\n");
    CHECK(tar.at(".dockerignore") == "*.tmp\n" + context.dockerfile + "\n");
    // The same text gives the same name, so that the engine's cache holds.
    CHECK(dc::scan_context({.dir = dir.path(), .dockerfile_inline = "FROM scratch\nCOPY f.txt /\n"})
              .dockerfile == context.dockerfile);
}

TEST_CASE("build context: long names, symlinks, a Dockerfile elsewhere, and what is missing") {
    TempDir dir;
    const std::string deep = std::string(60, 'd') + "/" + std::string(60, 'f');
    dir.write(deep, "deep");
    dir.write("docker/Dockerfile.dev", "FROM scratch\n");
    std::filesystem::create_symlink("docker/Dockerfile.dev",
                                    std::filesystem::path(dir.path()) / "link");
    BuildContext context =
        dc::scan_context({.dir = dir.path(), .dockerfile = "docker/Dockerfile.dev"});
    CHECK(context.dockerfile == "docker/Dockerfile.dev");
    auto tar = read_tar(dc::context_tar_bytes(context));
    CHECK(tar.at(deep) == "deep");
    CHECK(tar.at("link") == "-> docker/Dockerfile.dev");

    TempDir other;
    other.write("x", "1");
    BuildContext outside = dc::scan_context(
        {.dir = other.path(), .dockerfile = dir.path() + "/docker/Dockerfile.dev"});
    CHECK(outside.dockerfile.starts_with(".dockerfile."));
    CHECK(read_tar(dc::context_tar_bytes(outside)).at(outside.dockerfile) == "FROM scratch\n");

    CHECK_THROWS_WITH_AS(dc::scan_context({.dir = other.path()}),
                         "cannot locate specified Dockerfile: Dockerfile", dc::Error);
    CHECK_THROWS_WITH_AS(dc::scan_context({.dir = other.path() + "/none"}),
                         ("build context " + other.path() + "/none is not a directory").c_str(),
                         dc::Error);
}
