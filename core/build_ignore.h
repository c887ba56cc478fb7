// The rules of a build context's .dockerignore, as the docker CLI applies them: one pattern per
// line, `#` comments, `!` exceptions (the last matching line wins), `*` and `?` within one path
// element, `**` across elements, `[...]` classes and `\` escapes. A path is excluded when a
// pattern matches it or one of its parent directories.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dc {

class IgnoreRules {
  public:
    // Reads the text of a .dockerignore. Throws dc::Error (Config) for a lone "!".
    static IgnoreRules parse(std::string_view text);

    // Adds one pattern, as a line of the file would ("!Dockerfile").
    void add(std::string_view line);

    // Whether `path` (relative to the context, "/"-separated) is left out of the context.
    bool excluded(std::string_view path) const;
    // Whether an excluded directory may still hold included files: whether an exception's pattern
    // starts with "<dir>/" (the docker CLI's test; an exception such as "!*/keep" is not seen).
    bool may_include_under(std::string_view dir) const;
    bool empty() const { return patterns_.empty(); }

  private:
    struct Token {
        enum class Kind { Char, Any, One, Class, AnyDirs, Rest } kind = Kind::Char;
        std::string text{};  // The character, or a class's contents without its brackets.
    };
    struct Pattern {
        std::vector<Token> tokens{};
        bool exception = false;
        std::string text{};  // Cleaned, without the "!".
    };

    static Pattern compile(std::string_view pattern, bool exception);
    static bool match(const std::vector<Token>& tokens, std::size_t t, std::string_view path);
    static bool class_matches(std::string_view spec, char c);
    static bool matches(const Pattern& pattern, std::string_view path);

    std::vector<Pattern> patterns_{};
};

}  // namespace dc
