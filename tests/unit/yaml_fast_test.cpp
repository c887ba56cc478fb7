// Differential tests for the fast YAML reader: on every input it must either
// decline or build exactly the tree that the yaml-cpp path builds.
#include "core/yaml_fast.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/error.h"
#include "core/yaml_reader.h"
#include "tests/unit/yaml_fast_corpus.h"

namespace fs = std::filesystem;

using dc::Node;

namespace {

std::string describe(const Node& n) {
    static const char* const kinds[] = {"null", "bool", "int", "float", "string", "seq", "map"};
    std::string s = kinds[static_cast<int>(n.kind)];
    s += " \"" + n.text + "\"";
    if (n.quoted) s += " quoted";
    if (!n.tag.empty()) s += " tag " + n.tag;
    return s + " at " + n.mark.str();
}

// The first difference between two trees, named by its path, or nullopt.
std::optional<std::string> first_difference(const Node& a, const Node& b, const std::string& path) {
    if (a.kind != b.kind || a.text != b.text || a.quoted != b.quoted || a.tag != b.tag ||
        a.mark.str() != b.mark.str()) {
        return path + ": " + describe(a) + " vs " + describe(b);
    }
    if (a.items.size() != b.items.size()) {
        return path + ": " + std::to_string(a.items.size()) + " items vs " +
               std::to_string(b.items.size());
    }
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        auto d = first_difference(a.items[i], b.items[i], dc::path_index(path, i));
        if (d) return d;
    }
    if (a.entries.size() != b.entries.size()) {
        return path + ": " + std::to_string(a.entries.size()) + " entries vs " +
               std::to_string(b.entries.size());
    }
    for (std::size_t i = 0; i < a.entries.size(); ++i) {
        const dc::Entry& x = a.entries[i];
        const dc::Entry& y = b.entries[i];
        if (x.key != y.key || x.key_mark.str() != y.key_mark.str()) {
            return path + ": key \"" + x.key + "\" at " + x.key_mark.str() + " vs \"" + y.key +
                   "\" at " + y.key_mark.str();
        }
        auto d = first_difference(*x.value, *y.value, dc::path_join(path, x.key));
        if (d) return d;
    }
    return std::nullopt;
}

enum class Outcome { Declined, Agreed };

// Runs both readers on `text`; fails the test when the fast one accepts the
// text and disagrees with yaml-cpp (or yaml-cpp rejects it).
Outcome compare_readers(const std::string& text) {
    auto file = std::make_shared<const std::string>("f.yaml");
    std::optional<std::vector<Node>> fast = dc::read_yaml_fast(text, file, {});
    if (!fast) return Outcome::Declined;
    std::vector<Node> slow;
    try {
        slow = dc::read_yaml_documents_slow(text, "f.yaml");
    } catch (const dc::Error& e) {
        FAIL_CHECK("fast reader accepted what yaml-cpp rejects (" << e.what() << "):\n" << text);
        return Outcome::Agreed;
    }
    if (fast->size() != slow.size()) {
        FAIL_CHECK(fast->size() << " documents vs " << slow.size() << ":\n" << text);
        return Outcome::Agreed;
    }
    for (std::size_t i = 0; i < slow.size(); ++i) {
        auto d = first_difference((*fast)[i], slow[i], "doc" + std::to_string(i));
        if (d) FAIL_CHECK(*d << "\n--- text:\n" << text);
    }
    return Outcome::Agreed;
}

// Reads a file of the repository; golden outputs get their placeholders
// filled in, as tests/golden/run.sh does, to make them valid YAML.
std::string read_corpus_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    for (std::string placeholder : {"@CASE_DIR@", "@GOLDEN_DIR@"}) {
        for (std::size_t at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at)) {
            text.replace(at, placeholder.size(), "/golden/case");
        }
    }
    return text;
}

}  // namespace

TEST_CASE("yaml_fast: accepts what compose files use, and agrees with yaml-cpp") {
    for (std::string text : dc::test::kYamlAccepted) {
        CAPTURE(text);
        CHECK(compare_readers(text) == Outcome::Agreed);
    }
}

TEST_CASE("yaml_fast: declines or agrees on tricky and malformed input") {
    int declined = 0;
    int agreed = 0;
    for (std::string text : dc::test::kYamlTricky) {
        CAPTURE(text);
        if (compare_readers(text) == Outcome::Declined) {
            ++declined;
        } else {
            ++agreed;
        }
    }
    // Most of these are errors or oddities that the fast reader leaves to
    // yaml-cpp; the rest it reads exactly as yaml-cpp does.
    MESSAGE("tricky snippets: " << declined << " declined, " << agreed << " agreed");
    CHECK(declined > agreed);
}

TEST_CASE("yaml_fast: agrees on every compose file of the repository, without declining") {
    int files = 0;
    for (const char* dir : {"tests/golden", "examples"}) {
        fs::path root = fs::path(DC_SOURCE_DIR) / dir;
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            std::string ext = entry.path().extension().string();
            if (ext != ".yaml" && ext != ".yml") continue;
            CAPTURE(entry.path().string());
            CHECK(compare_readers(read_corpus_file(entry.path())) == Outcome::Agreed);
            ++files;
        }
    }
    CHECK(files >= 30);
}

TEST_CASE("yaml_fast: agrees on generated large compose files, without declining") {
    for (std::uint32_t seed : {1u, 2u, 3u}) {
        std::string text = dc::test::ComposeGenerator(seed).generate(200);
        CAPTURE(seed);
        CHECK(compare_readers(text) == Outcome::Agreed);
    }
}

TEST_CASE("yaml_fast: read_yaml_documents keeps yaml-cpp's errors") {
    auto error_of = [](const std::string& text) -> std::string {
        try {
            dc::read_yaml_documents(text, "compose.yaml");
        } catch (const dc::Error& e) {
            return e.what();
        }
        return "no error";
    };
    CHECK(error_of("a: 1\na: 2\n") ==
          "compose.yaml:2:1: mapping key \"a\" already defined at line 1");
    CHECK(error_of("a: {b: 1, b: 2}\n") ==
          "compose.yaml:1:11: mapping key \"b\" already defined at line 1");
    CHECK(error_of("x: &x [1]\ny: {<<: *x}\n") ==
          "compose.yaml:1:8: merge key \"<<\" needs mappings");
    dc::YamlReadLimits limits;
    limits.max_depth = 3;
    CHECK_THROWS_WITH(dc::read_yaml_documents("a:\n  b:\n    c:\n      d: 1\n", "f.yaml", limits),
                      "f.yaml:4:7: document nested too deeply");
}
