// A .env parser that gives the results of Compose v2's (compose-go's dotenv
// package). It differs only where Compose's results are plainly accidents:
// error lines are counted correctly, a bare KEY on the last line without a
// newline is a bare key, and empty keys or keys with blanks inside are errors.
#include "core/dotenv.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.h"

namespace dc {
namespace {

// Whitespace within a line (the newline is not).
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

// Compose allows letters, digits, '_', '.', '[' and ']' in a key; any
// non-ASCII byte is taken to be part of a letter.
bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.' || c == '[' || c == ']' || static_cast<unsigned char>(c) >= 0x80;
}

std::string_view trim_right(std::string_view text) {
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// Appends the octal escape `\0ddd` that starts at raw[at] (the backslash);
// returns the number of characters used. Compose takes up to three digits
// after "\0"; three octal digits up to 255 are that code point (UTF-8
// encoded), anything else stays as a backslash and the digits.
std::size_t append_octal(std::string_view raw, std::size_t at, std::string& out) {
    std::size_t digits = 0;
    unsigned code = 0;
    bool octal = true;
    while (digits < 3 && at + 2 + digits < raw.size()) {
        char d = raw[at + 2 + digits];
        if (d < '0' || d > '9') break;
        octal = octal && d <= '7';
        code = code * 8 + static_cast<unsigned>(d - '0');
        ++digits;
    }
    if (digits == 3 && octal && code <= 255) {
        append_utf8(out, code);
    } else {
        out += '\\';
        out.append(raw.substr(at + 2, digits));
    }
    return 2 + digits;
}

// Expands the escapes of a double-quoted value: \a \b \f \n \r \t \v \" \\,
// octal \0ddd, and \$ (kept as "$$" so that interpolation yields a literal
// '$'). Any other backslash stays.
std::string expand_escapes(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char next = raw[i] == '\\' && i + 1 < raw.size() ? raw[i + 1] : '\0';
        const char* replacement = nullptr;
        switch (next) {
        case 'a': replacement = "\a"; break;
        case 'b': replacement = "\b"; break;
        case 'f': replacement = "\f"; break;
        case 'n': replacement = "\n"; break;
        case 'r': replacement = "\r"; break;
        case 't': replacement = "\t"; break;
        case 'v': replacement = "\v"; break;
        case '"': replacement = "\""; break;
        case '\\': replacement = "\\"; break;
        case '$': replacement = "$$"; break;
        case '0': i += append_octal(raw, i, out) - 1; continue;
        default: out += raw[i]; continue;
        }
        out += replacement;
        ++i;
    }
    return out;
}

class DotenvParser {
  public:
    DotenvParser(std::string_view text, const std::string& file_name, const Environment& outer,
                 const UnsetCallback& on_unset)
        : text_(text), file_name_(file_name), outer_(outer), on_unset_(on_unset) {}

    std::vector<DotenvEntry> parse();

  private:
    bool skip_to_statement();
    void skip_export();
    bool read_key(std::string& key, int line);
    std::string read_value(int line);
    std::string read_quoted(int line);
    std::string read_unquoted(int line);
    std::string expand(std::string_view value, int line) const;
    const std::string* find_variable(std::string_view name) const;
    std::string_view rest_of_line(std::size_t from) const;
    [[noreturn]] void fail(int line, std::string_view message) const;

    std::string_view text_;
    const std::string& file_name_;
    const Environment& outer_;
    const UnsetCallback& on_unset_;
    Environment seen_;  // The keys read so far.
    std::size_t pos_ = 0;
    int line_ = 1;
};

std::vector<DotenvEntry> DotenvParser::parse() {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    std::vector<DotenvEntry> entries;
    while (skip_to_statement()) {
        int line = line_;
        std::string key;
        if (!read_key(key, line)) {
            entries.push_back({std::move(key), {}, false, line});
            continue;
        }
        while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
        std::string value = read_value(line);
        seen_.insert_or_assign(key, value);
        entries.push_back({std::move(key), std::move(value), true, line});
    }
    return entries;
}

// Skips blank lines, blanks and comments; false at the end of the text.
bool DotenvParser::skip_to_statement() {
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '\n') {
            ++line_;
            ++pos_;
        } else if (is_blank(c)) {
            ++pos_;
        } else if (c == '#') {
            pos_ = std::min(text_.find('\n', pos_), text_.size());
        } else {
            return true;
        }
    }
    return false;
}

// Skips "export" and the blanks after it when a key follows on that line.
void DotenvParser::skip_export() {
    if (text_.compare(pos_, 6, "export") != 0) return;
    std::size_t after = pos_ + 6;
    if (after >= text_.size() || !is_blank(text_[after])) return;
    while (after < text_.size() && is_blank(text_[after])) ++after;
    if (after < text_.size() && text_[after] != '\n') pos_ = after;
}

// Reads a key and the '=', ':' or newline after it. Returns false for a bare
// key (no value follows).
bool DotenvParser::read_key(std::string& key, int line) {
    skip_export();
    std::size_t start = pos_;
    for (; pos_ < text_.size(); ++pos_) {
        char c = text_[pos_];
        if (c == '=' || c == ':' || c == '\n') break;
        if (!is_blank(c) && !is_key_char(c)) {
            fail(line, "unexpected character " + quote_for_message(std::string_view(&c, 1)) +
                           " in variable name " + quote_for_message(rest_of_line(start)));
        }
    }
    std::string_view name = trim_right(text_.substr(start, pos_ - start));
    bool bare = pos_ >= text_.size() || text_[pos_] == '\n';
    if (pos_ < text_.size()) {
        if (text_[pos_] == '\n') ++line_;
        ++pos_;
    }
    if (name.empty()) fail(line, "missing variable name");
    for (char c : name) {
        if (is_blank(c)) fail(line, "key cannot contain a space");
    }
    key.assign(name);
    return !bare;
}

std::string DotenvParser::read_value(int line) {
    bool quoted = pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'');
    return quoted ? read_quoted(line) : read_unquoted(line);
}

// The rest of the line, without a " #" comment and trailing blanks.
std::string DotenvParser::read_unquoted(int line) {
    std::string_view value = rest_of_line(pos_);
    pos_ += value.size();
    if (pos_ < text_.size()) {
        ++pos_;
        ++line_;
    }
    value = trim_right(value.substr(0, value.find(" #")));
    return expand(value, line);
}

// A quoted value, possibly over several lines. A backslash keeps the next
// character from closing the value (and is dropped before the quote); in
// double quotes the escapes are then expanded and variables interpolated.
std::string DotenvParser::read_quoted(int line) {
    char quote = text_[pos_];
    std::string chars;
    bool escaped = false;
    for (std::size_t i = pos_ + 1; i < text_.size(); ++i) {
        char c = text_[i];
        if (c == '\n') ++line_;
        if (c == quote && !escaped) {
            pos_ = i + 1;
            return quote == '\'' ? chars : expand(expand_escapes(chars), line);
        }
        if (c == '\\' && !escaped) {
            escaped = true;
            continue;
        }
        if (escaped && c != quote) chars += '\\';
        escaped = false;
        chars += c;
    }
    fail(line, "unterminated quoted value " + std::string(rest_of_line(pos_)));
}

std::string DotenvParser::expand(std::string_view value, int line) const {
    if (value.find('$') == std::string_view::npos) return std::string(value);
    VariableLookup lookup = [this](std::string_view name) { return find_variable(name); };
    return interpolate_with(value, lookup, on_unset_, file_name_ + ":" + std::to_string(line));
}

const std::string* DotenvParser::find_variable(std::string_view name) const {
    if (auto it = outer_.find(name); it != outer_.end()) return &it->second;
    if (auto it = seen_.find(name); it != seen_.end()) return &it->second;
    return nullptr;
}

std::string_view DotenvParser::rest_of_line(std::size_t from) const {
    std::size_t end = std::min(text_.find('\n', from), text_.size());
    return text_.substr(from, end - from);
}

void DotenvParser::fail(int line, std::string_view message) const {
    std::string text = file_name_ + ":" + std::to_string(line) + ": ";
    text.append(message);
    config_error(text);
}

}  // namespace

std::vector<DotenvEntry> parse_dotenv(const std::string& text, const std::string& file_name,
                                      const Environment& outer) {
    return parse_dotenv(text, file_name, outer, UnsetCallback{});
}

std::vector<DotenvEntry> parse_dotenv(const std::string& text, const std::string& file_name,
                                      const Environment& outer, const UnsetCallback& on_unset) {
    return DotenvParser(text, file_name, outer, on_unset).parse();
}

std::vector<DotenvEntry> read_dotenv_file(const std::string& path, const Environment& outer) {
    return read_dotenv_file(path, outer, UnsetCallback{});
}

std::vector<DotenvEntry> read_dotenv_file(const std::string& path, const Environment& outer,
                                          const UnsetCallback& on_unset) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) config_error("couldn't find env file: " + path);
    if (std::filesystem::is_directory(path, ec)) config_error(path + " is a directory");
    std::ifstream in(path, std::ios::binary);
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.is_open() || in.bad()) config_error("couldn't read env file: " + path);
    return parse_dotenv(text, path, outer, on_unset);
}

}  // namespace dc
