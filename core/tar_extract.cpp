// Unpacking a tar stream onto the host as it arrives (see core/tar.h): a small state machine over
// 512-byte blocks, so that the archive is never held whole.
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/tar.h"

namespace dc {

namespace fs = std::filesystem;

namespace {

std::int64_t parse_number(const char* field, std::size_t width) {
    // Base-256 (GNU) for values that do not fit the octal digits.
    if (static_cast<unsigned char>(field[0]) & 0x80) {
        std::int64_t value = field[0] & 0x7f;
        for (std::size_t i = 1; i < width; ++i) {
            value = (value << 8) | static_cast<unsigned char>(field[i]);
        }
        return value;
    }
    std::int64_t value = 0;
    for (std::size_t i = 0; i < width && field[i] != '\0'; ++i) {
        if (field[i] >= '0' && field[i] <= '7') value = value * 8 + (field[i] - '0');
    }
    return value;
}

std::string text_field(const char* field, std::size_t width) {
    return std::string(field, strnlen(field, width));
}

// PAX records ("<length> key=value\n") into the entry they describe.
void apply_pax(const std::string& records, TarEntry& entry, bool& has_path, bool& has_link) {
    std::size_t at = 0;
    while (at < records.size()) {
        std::size_t space = records.find(' ', at);
        if (space == std::string::npos) break;
        std::size_t length = std::stoul(records.substr(at, space - at));
        if (length == 0 || at + length > records.size()) break;
        std::string record = records.substr(space + 1, at + length - space - 2);
        std::size_t equals = record.find('=');
        std::string key = record.substr(0, equals);
        std::string value = equals == std::string::npos ? "" : record.substr(equals + 1);
        if (key == "path") entry.name = value, has_path = true;
        if (key == "linkpath") entry.link_name = value, has_link = true;
        if (key == "size") entry.size = std::stoll(value);
        at += length;
    }
}

}  // namespace

struct TarExtractor::State {
    fs::path directory;
    std::string root_name;
    Ownership ownership;
    std::string block{};  // A header being gathered.
    TarEntry entry{};
    std::int64_t remaining = 0;  // Content bytes of the current entry still to come.
    std::int64_t skip = 0;       // Padding after it.
    enum class Content { None, File, Meta } content = Content::None;
    std::string meta{};  // A PAX header's or a GNU long name's content.
    char meta_type = 0;
    TarEntry pending{};  // What the last meta entry said of the next one.
    bool pending_path = false;
    bool pending_link = false;
    int fd = -1;
    int zero_blocks = 0;
    std::vector<std::pair<fs::path, std::int64_t>> directories{};

    // The host path of an archive name, renamed at its root; nullopt when it is the root of a
    // contents-only copy (nothing to create).
    std::optional<fs::path> target(const std::string& name) const {
        std::string path = name;
        while (!path.empty() && path.back() == '/') path.pop_back();
        if (!root_name.empty()) {
            std::size_t slash = path.find('/');
            std::string rest = slash == std::string::npos ? "" : path.substr(slash + 1);
            if (root_name == ".") {
                if (rest.empty()) return std::nullopt;
                path = rest;
            } else {
                path = rest.empty() ? root_name : root_name + "/" + rest;
            }
        }
        fs::path relative = fs::path(path).lexically_normal();
        if (path.empty() || relative.is_absolute() || *relative.begin() == "..") {
            throw Error(ErrorKind::Failure, "cp: refusing the archive entry \"" + name + "\"");
        }
        return directory / relative;
    }

    void fail(const std::string& what, const fs::path& path) const {
        throw Error(ErrorKind::Failure,
                    "cp: cannot " + what + " " + path.string() + ": " + std::strerror(errno));
    }

    void set_owner(const fs::path& path) const {
        if (ownership == Ownership::Keep && geteuid() == 0) {
            if (lchown(path.c_str(), static_cast<uid_t>(entry.uid),
                       static_cast<gid_t>(entry.gid)) != 0) {
                fail("change the owner of", path);
            }
        }
    }

    void set_time(const fs::path& path, std::int64_t mtime) const {
        timespec times[2] = {{mtime, 0}, {mtime, 0}};
        utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW);
    }

    void begin_entry();
    void end_file();
};

void TarExtractor::State::begin_entry() {
    auto path = target(entry.name);
    content = Content::None;
    if (!path) return;
    std::error_code error;
    switch (entry.type) {
    case '5':
        if (!fs::is_directory(*path) && !fs::create_directory(*path, error)) {
            fail("create the directory", *path);
        }
        chmod(path->c_str(), entry.mode & 07777);
        set_owner(*path);
        directories.emplace_back(*path, entry.mtime);
        return;
    case '2':
        fs::remove(*path, error);
        if (symlink(entry.link_name.c_str(), path->c_str()) != 0) fail("create the link", *path);
        set_owner(*path);
        set_time(*path, entry.mtime);
        return;
    case '1': {
        auto source = target(entry.link_name);
        fs::remove(*path, error);
        if (!source || link(source->c_str(), path->c_str()) != 0) fail("create the link", *path);
        return;
    }
    case '0':
    case '\0':
    case '7':
        if (fs::is_directory(*path)) {
            throw Error(ErrorKind::Failure,
                        "cp: cannot overwrite the directory " + path->string() + " with a file");
        }
        fd = open(path->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, entry.mode & 07777);
        if (fd < 0) fail("create", *path);
        content = Content::File;
        return;
    default: return;  // Devices and pipes are not unpacked.
    }
}

void TarExtractor::State::end_file() {
    auto path = target(entry.name);
    if (fd >= 0) {
        fchmod(fd, entry.mode & 07777);
        close(fd);
        fd = -1;
    }
    if (path) {
        set_owner(*path);
        set_time(*path, entry.mtime);
    }
}

TarExtractor::TarExtractor(fs::path directory, std::string root_name, Ownership ownership)
    : state_(std::make_unique<State>()) {
    state_->directory = std::move(directory);
    state_->root_name = std::move(root_name);
    state_->ownership = ownership;
}

TarExtractor::~TarExtractor() {
    if (state_->fd >= 0) close(state_->fd);
}

void TarExtractor::feed(std::string_view bytes) {
    State& s = *state_;
    while (!bytes.empty()) {
        if (s.remaining > 0) {
            std::size_t n = static_cast<std::size_t>(
                std::min<std::int64_t>(s.remaining, static_cast<std::int64_t>(bytes.size())));
            if (s.content == State::Content::File && write(s.fd, bytes.data(), n) != ssize_t(n)) {
                s.fail("write", *s.target(s.entry.name));
            }
            if (s.content == State::Content::Meta) s.meta.append(bytes.data(), n);
            bytes.remove_prefix(n);
            s.remaining -= static_cast<std::int64_t>(n);
            if (s.remaining == 0 && s.content == State::Content::File) s.end_file();
            continue;
        }
        if (s.skip > 0) {
            std::size_t n = static_cast<std::size_t>(
                std::min<std::int64_t>(s.skip, static_cast<std::int64_t>(bytes.size())));
            bytes.remove_prefix(n);
            s.skip -= static_cast<std::int64_t>(n);
            continue;
        }
        std::size_t n = std::min(512 - s.block.size(), bytes.size());
        s.block.append(bytes.data(), n);
        bytes.remove_prefix(n);
        if (s.block.size() < 512) continue;
        std::string block = std::move(s.block);
        s.block.clear();
        if (block.find_first_not_of('\0') == std::string::npos) {
            ++s.zero_blocks;
            continue;
        }
        if (s.content == State::Content::Meta) {
            // The meta entry before this one has been read whole: apply it.
            if (s.meta_type == 'x') apply_pax(s.meta, s.pending, s.pending_path, s.pending_link);
            if (s.meta_type == 'L') s.pending.name = s.meta.c_str(), s.pending_path = true;
            if (s.meta_type == 'K') s.pending.link_name = s.meta.c_str(), s.pending_link = true;
            s.content = State::Content::None;
        }
        const char* h = block.data();
        TarEntry entry;
        entry.name = text_field(h, 100);
        std::string prefix = std::memcmp(h + 257, "ustar", 5) == 0 ? text_field(h + 345, 155) : "";
        if (!prefix.empty()) entry.name = prefix + "/" + entry.name;
        entry.mode = static_cast<std::uint32_t>(parse_number(h + 100, 8));
        entry.uid = parse_number(h + 108, 8);
        entry.gid = parse_number(h + 116, 8);
        entry.size = parse_number(h + 124, 12);
        entry.mtime = parse_number(h + 136, 12);
        entry.type = h[156];
        entry.link_name = text_field(h + 157, 100);
        std::int64_t size = entry.size;
        if (entry.type == 'x' || entry.type == 'g' || entry.type == 'L' || entry.type == 'K') {
            s.content = entry.type == 'g' ? State::Content::None : State::Content::Meta;
            s.meta.clear();
            s.meta_type = entry.type;
        } else {
            if (s.pending_path) entry.name = s.pending.name;
            if (s.pending_link) entry.link_name = s.pending.link_name;
            if (s.pending.size > 0) size = entry.size = s.pending.size;
            s.pending = {};
            s.pending.size = 0;
            s.pending_path = s.pending_link = false;
            s.entry = entry;
            s.begin_entry();
            if (s.content == State::Content::File && size == 0) s.end_file();
            if (entry.type != '0' && entry.type != '\0' && entry.type != '7') size = 0;
        }
        s.remaining = size;
        s.skip = (512 - size % 512) % 512;
    }
}

void TarExtractor::finish() {
    State& s = *state_;
    if (s.remaining > 0 || s.fd >= 0 || !s.block.empty()) {
        throw Error(ErrorKind::Failure, "cp: the archive ended in the middle of an entry");
    }
    for (auto it = s.directories.rbegin(); it != s.directories.rend(); ++it) {
        s.set_time(it->first, it->second);
    }
}

}  // namespace dc
