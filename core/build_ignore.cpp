// .dockerignore patterns, matched without regular expressions: each pattern becomes a list of
// tokens that a small backtracking matcher walks, which is the same language as the regular
// expressions the docker CLI compiles them to.
#include "core/build_ignore.h"

#include "core/error.h"

namespace dc {

namespace {

std::string_view trim(std::string_view text) {
    const char* space = " \t\r\n\v\f";
    std::size_t first = text.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    std::size_t last = text.find_last_not_of(space);
    return text.substr(first, last - first + 1);
}

// Go's filepath.Clean for "/"-separated paths, then without a leading "/": patterns are relative
// to the context whether they start with "/" or not.
std::string clean(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(start, end - start);
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") {
                parts.pop_back();
            } else if (!path.starts_with('/')) {
                parts.push_back(part);
            }
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = end + 1;
    }
    std::string out;
    for (std::string_view part : parts) {
        if (!out.empty()) out += '/';
        out += part;
    }
    return out.empty() ? std::string(".") : out;
}

}  // namespace

IgnoreRules IgnoreRules::parse(std::string_view text) {
    IgnoreRules rules;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        rules.add(text.substr(start, end - start));
        start = end + 1;
    }
    return rules;
}

void IgnoreRules::add(std::string_view line) {
    std::string_view pattern = trim(line);
    if (pattern.empty() || pattern.starts_with('#')) return;
    bool exception = false;
    if (pattern.starts_with('!')) {
        if (pattern.size() == 1) {
            throw Error(ErrorKind::Config, ".dockerignore: illegal exclusion pattern: \"!\"");
        }
        exception = true;
        pattern = trim(pattern.substr(1));
    }
    patterns_.push_back(compile(clean(pattern), exception));
}

IgnoreRules::Pattern IgnoreRules::compile(std::string_view text, bool exception) {
    Pattern pattern{.exception = exception, .text = std::string(text)};
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '*' && i + 1 < text.size() && text[i + 1] == '*') {
            ++i;
            if (i + 1 < text.size() && text[i + 1] == '/') ++i;  // "**/" is "**".
            // "**" at the end takes everything; elsewhere, any number of whole directories.
            bool last = i + 1 == text.size();
            pattern.tokens.push_back({last ? Token::Kind::Rest : Token::Kind::AnyDirs, {}});
        } else if (c == '*') {
            pattern.tokens.push_back({Token::Kind::Any, {}});
        } else if (c == '?') {
            pattern.tokens.push_back({Token::Kind::One, {}});
        } else if (c == '[') {
            std::size_t close = text.find(']', i + 2);
            if (close == std::string_view::npos) {
                pattern.tokens.push_back({Token::Kind::Char, "["});
                continue;
            }
            pattern.tokens.push_back(
                {Token::Kind::Class, std::string(text.substr(i + 1, close - i - 1))});
            i = close;
        } else if (c == '\\' && i + 1 < text.size()) {
            pattern.tokens.push_back({Token::Kind::Char, std::string(1, text[++i])});
        } else {
            pattern.tokens.push_back({Token::Kind::Char, std::string(1, c)});
        }
    }
    return pattern;
}

bool IgnoreRules::class_matches(std::string_view spec, char c) {
    bool negate = !spec.empty() && (spec[0] == '^' || spec[0] == '!');
    if (negate) spec.remove_prefix(1);
    bool found = false;
    for (std::size_t i = 0; i < spec.size(); ++i) {
        char low = spec[i];
        if (low == '\\' && i + 1 < spec.size()) low = spec[++i];
        char high = low;
        if (i + 2 < spec.size() && spec[i + 1] == '-') {
            high = spec[i + 2];
            i += 2;
        }
        if (c >= low && c <= high) found = true;
    }
    return found != negate && c != '/';
}

bool IgnoreRules::match(const std::vector<Token>& tokens, std::size_t t, std::string_view path) {
    if (t == tokens.size()) return path.empty();
    const Token& token = tokens[t];
    switch (token.kind) {
    case Token::Kind::Char:
        return !path.empty() && path[0] == token.text[0] && match(tokens, t + 1, path.substr(1));
    case Token::Kind::One:
        return !path.empty() && path[0] != '/' && match(tokens, t + 1, path.substr(1));
    case Token::Kind::Class:
        return !path.empty() && class_matches(token.text, path[0]) &&
               match(tokens, t + 1, path.substr(1));
    case Token::Kind::Any:
        for (std::size_t n = 0; n <= path.size(); ++n) {
            if (match(tokens, t + 1, path.substr(n))) return true;
            if (n < path.size() && path[n] == '/') break;
        }
        return false;
    case Token::Kind::AnyDirs:
        // Nothing, or anything up to and including a "/".
        if (match(tokens, t + 1, path)) return true;
        for (std::size_t n = 0; n < path.size(); ++n) {
            if (path[n] == '/' && match(tokens, t + 1, path.substr(n + 1))) return true;
        }
        return false;
    case Token::Kind::Rest: return true;
    }
    return false;
}

bool IgnoreRules::matches(const Pattern& pattern, std::string_view path) {
    if (match(pattern.tokens, 0, path)) return true;
    // Or one of the parent directories: "build" excludes "build/out/x".
    for (std::size_t slash = path.find('/'); slash != std::string_view::npos;
         slash = path.find('/', slash + 1)) {
        if (match(pattern.tokens, 0, path.substr(0, slash))) return true;
    }
    return false;
}

bool IgnoreRules::excluded(std::string_view path) const {
    bool excluded = false;
    for (const Pattern& pattern : patterns_) {
        // Only a pattern that could change the answer is tried, as the docker CLI does.
        if (pattern.exception != excluded) continue;
        if (matches(pattern, path)) excluded = !pattern.exception;
    }
    return excluded;
}

bool IgnoreRules::may_include_under(std::string_view dir) const {
    const std::string prefix = std::string(dir) + "/";
    for (const Pattern& pattern : patterns_) {
        if (pattern.exception && (pattern.text + "/").starts_with(prefix)) return true;
    }
    return false;
}

}  // namespace dc
