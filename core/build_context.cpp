// Scanning a build context (walk, .dockerignore, the generated Dockerfile). The tar writing is in
// core/build_tar.cpp.
#include "core/build_context.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include "core/build_ignore.h"
#include "core/error.h"
#include "core/sha256.h"

namespace dc {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& message) {
    throw Error(ErrorKind::Failure, message);
}

std::optional<std::string> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The entry for `path` as lstat sees it; nullopt for sockets, devices and fifos, which a build
// context has no use for.
std::optional<ContextEntry> stat_entry(const fs::path& path, const std::string& name) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) fail("error checking context: can't stat '" + name + "'");
    ContextEntry entry{.name = name, .source = path};
    entry.mode = st.st_mode & 07777;
    entry.mtime = st.st_mtime;
    if (S_ISDIR(st.st_mode)) {
        entry.type = ContextEntry::Type::Directory;
    } else if (S_ISLNK(st.st_mode)) {
        entry.type = ContextEntry::Type::Symlink;
        entry.link_target = fs::read_symlink(path).string();
    } else if (S_ISREG(st.st_mode)) {
        if (::access(path.c_str(), R_OK) != 0) {
            fail("error checking context: can't access '" + name + "'");
        }
        entry.size = static_cast<std::uint64_t>(st.st_size);
    } else {
        return std::nullopt;
    }
    return entry;
}

struct Walk {
    const IgnoreRules& rules;
    std::vector<ContextEntry>& out;

    void dir(const fs::path& path, const std::string& prefix) {
        std::vector<std::string> names;
        std::error_code ec;
        for (const auto& item : fs::directory_iterator(path, ec)) {
            names.push_back(item.path().filename().string());
        }
        if (ec)
            fail("error checking context: can't read '" + (prefix.empty() ? "." : prefix) + "'");
        std::sort(names.begin(), names.end());
        for (const std::string& name : names) {
            const std::string rel = prefix.empty() ? name : prefix + "/" + name;
            std::optional<ContextEntry> entry = stat_entry(path / name, rel);
            if (!entry) continue;
            const bool is_dir = entry->type == ContextEntry::Type::Directory;
            if (rules.excluded(rel)) {
                // Its files may still be let back in by an exception below it.
                if (is_dir && rules.may_include_under(rel)) this->dir(path / name, rel);
                continue;
            }
            out.push_back(std::move(*entry));
            if (is_dir) this->dir(path / name, rel);
        }
    }
};

// "a/./b" -> "a/b"; nullopt when the path leaves the context.
std::optional<std::string> inside_name(const fs::path& dir, const std::string& dockerfile) {
    fs::path full = fs::path(dockerfile).is_absolute() ? fs::path(dockerfile) : dir / dockerfile;
    fs::path rel = full.lexically_normal().lexically_relative(dir.lexically_normal());
    if (rel.empty() || *rel.begin() == "..") return std::nullopt;
    return rel.generic_string();
}

// The walk's order: by path element, so "a/b" comes before "a-c" as the directory "a" does.
bool walk_order(const ContextEntry& a, const ContextEntry& b) {
    auto rank = [](char c) {
        return c == '/' ? -1 : static_cast<int>(static_cast<unsigned char>(c));
    };
    return std::lexicographical_compare(a.name.begin(), a.name.end(), b.name.begin(), b.name.end(),
                                        [&](char x, char y) { return rank(x) < rank(y); });
}

ContextEntry generated(std::string name, std::string content) {
    ContextEntry entry{.name = std::move(name), .content = std::move(content)};
    entry.size = entry.content->size();
    return entry;
}

}  // namespace

BuildContext scan_context(const ContextSpec& spec) {
    std::error_code ec;
    if (!fs::is_directory(spec.dir, ec)) {
        fail("build context " + spec.dir.string() + " is not a directory");
    }
    const fs::path ignore_path = spec.dir / ".dockerignore";
    std::optional<std::string> ignore_text = read_file(ignore_path);
    IgnoreRules rules = IgnoreRules::parse(ignore_text.value_or(""));

    std::optional<std::string> inline_text = spec.dockerfile_inline;
    std::optional<std::string> dockerfile =
        inline_text ? std::nullopt : inside_name(spec.dir, spec.dockerfile);
    if (!inline_text && !dockerfile) {
        // A Dockerfile outside the context travels inside it, under a generated name.
        fs::path outside = fs::path(spec.dockerfile).is_absolute() ? fs::path(spec.dockerfile)
                                                                   : spec.dir / spec.dockerfile;
        inline_text = read_file(outside);
        if (!inline_text) fail("cannot locate specified Dockerfile: " + spec.dockerfile);
    }
    // The Dockerfile and .dockerignore are sent even when .dockerignore lists them.
    if (rules.excluded(".dockerignore")) rules.add("!.dockerignore");
    if (dockerfile && rules.excluded(*dockerfile)) rules.add("!" + *dockerfile);

    BuildContext context;
    Walk{rules, context.entries}.dir(spec.dir, "");
    if (dockerfile) {
        struct stat st {};
        if (::stat((spec.dir / *dockerfile).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
            fail("cannot locate specified Dockerfile: " + spec.dockerfile);
        }
        context.dockerfile = *dockerfile;
        return context;
    }
    // The generated name depends on the content only, so that an unchanged build stays cached.
    context.dockerfile = ".dockerfile." + sha256_hex(*inline_text).substr(0, 20);
    std::erase_if(context.entries, [](const ContextEntry& e) { return e.name == ".dockerignore"; });
    context.entries.push_back(generated(context.dockerfile, *inline_text));
    std::string ignore = ignore_text.value_or("") + "\n" + context.dockerfile + "\n";
    context.entries.push_back(generated(".dockerignore", std::move(ignore)));
    std::sort(context.entries.begin(), context.entries.end(), walk_order);
    return context;
}

}  // namespace dc
