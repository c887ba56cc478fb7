// Writing tar archives from host paths (see core/tar.h).
#include "core/tar.h"

#include <algorithm>
#include <cstring>

#include <sys/stat.h>

#include "core/error.h"

namespace dc {

namespace fs = std::filesystem;

namespace {

// Zero-padded octal digits and a NUL, filling `width` bytes.
void octal(char* field, std::size_t width, std::uint64_t value) {
    field[width - 1] = '\0';
    for (std::size_t i = width - 1; i-- > 0; value >>= 3) {
        field[i] = static_cast<char>('0' + (value & 7));
    }
}

std::string ustar_block(const std::string& name, char type, const TarEntry& entry,
                        std::int64_t size, const std::string& link_name) {
    char header[512] = {};
    std::memcpy(header, name.data(), std::min<std::size_t>(name.size(), 100));
    octal(header + 100, 8, entry.mode & 07777);
    octal(header + 108, 8, static_cast<std::uint64_t>(std::max<std::int64_t>(entry.uid, 0)));
    octal(header + 116, 8, static_cast<std::uint64_t>(std::max<std::int64_t>(entry.gid, 0)));
    octal(header + 124, 12, static_cast<std::uint64_t>(size));
    octal(header + 136, 12, static_cast<std::uint64_t>(std::max<std::int64_t>(entry.mtime, 0)));
    header[156] = type;
    std::memcpy(header + 157, link_name.data(), std::min<std::size_t>(link_name.size(), 100));
    std::memcpy(header + 257, "ustar", 6);  // The magic, with its NUL.
    std::memcpy(header + 263, "00", 2);
    std::memset(header + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : header) sum += c;
    octal(header + 148, 7, sum);  // Six digits and a NUL; the space after stays.
    return std::string(header, sizeof header);
}

// One PAX record: "<length> key=value\n", the length counting itself.
std::string pax_record(const std::string& key, const std::string& value) {
    std::size_t body = key.size() + value.size() + 3;  // The space, "=" and newline.
    std::size_t length = body + std::to_string(body).size();
    if (std::to_string(length).size() != std::to_string(body).size()) ++length;
    return std::to_string(length) + " " + key + "=" + value + "\n";
}

std::string padding(std::int64_t size) {
    return std::string(static_cast<std::size_t>((512 - size % 512) % 512), '\0');
}

}  // namespace

std::string tar_header(const TarEntry& entry) {
    std::string records;
    if (entry.name.size() > 100) records += pax_record("path", entry.name);
    if (entry.link_name.size() > 100) records += pax_record("linkpath", entry.link_name);
    if (entry.size > 077777777777) records += pax_record("size", std::to_string(entry.size));
    std::string out;
    if (!records.empty()) {
        TarEntry pax{.name = "PaxHeaders", .type = 'x', .mode = 0644};
        out += ustar_block("PaxHeaders/" + entry.name.substr(0, 80), 'x', pax,
                           static_cast<std::int64_t>(records.size()), "");
        out += records + padding(static_cast<std::int64_t>(records.size()));
    }
    std::int64_t size = entry.size > 077777777777 ? 0 : entry.size;
    return out + ustar_block(entry.name, entry.type, entry, size, entry.link_name);
}

TarSource::TarSource(const fs::path& source, const std::string& root_name, Ownership ownership,
                     FollowLink follow)
    : ownership_(ownership) {
    std::error_code error;
    fs::file_status status =
        follow == FollowLink::Yes ? fs::status(source, error) : fs::symlink_status(source, error);
    if (error || !fs::exists(status)) {
        throw Error(ErrorKind::NotFound, "cp: no such file or directory: " + source.string());
    }
    is_directory_ = fs::is_directory(status);
    add(source, root_name == "." ? std::string() : root_name, follow == FollowLink::Yes);
}

void TarSource::add(const fs::path& path, const std::string& name, bool follow) {
    struct stat info {};
    int result = follow ? ::stat(path.c_str(), &info) : ::lstat(path.c_str(), &info);
    if (result != 0) throw Error(ErrorKind::Failure, "cp: cannot read " + path.string());
    TarEntry entry;
    entry.name = name;
    entry.mode = info.st_mode & 07777;
    entry.mtime = info.st_mtime;
    if (ownership_ == Ownership::Keep) {
        entry.uid = info.st_uid;
        entry.gid = info.st_gid;
    }
    if (S_ISDIR(info.st_mode)) {
        entry.type = '5';
        if (!name.empty()) {
            entry.name += "/";
            items_.push_back({tar_header(entry), {}, 0});
        }
        std::vector<fs::path> children;
        for (const fs::directory_entry& child : fs::directory_iterator(path)) {
            children.push_back(child.path());
        }
        std::sort(children.begin(), children.end());
        for (const fs::path& child : children) {
            std::string child_name = child.filename().string();
            add(child, name.empty() ? child_name : name + "/" + child_name, false);
        }
        return;
    }
    if (S_ISLNK(info.st_mode)) {
        entry.type = '2';
        entry.link_name = fs::read_symlink(path).string();
        items_.push_back({tar_header(entry), {}, 0});
        return;
    }
    if (!S_ISREG(info.st_mode)) return;  // Sockets, devices and pipes are not copied.
    entry.type = '0';
    entry.size = info.st_size;
    items_.push_back({tar_header(entry), path, entry.size});
}

ByteSource TarSource::byte_source() {
    return ByteSource{[this](char* buffer, std::size_t size) { return read(buffer, size); }, {}};
}

std::optional<std::size_t> TarSource::read(char* buffer, std::size_t size) {
    std::size_t written = 0;
    while (written < size && item_ < items_.size()) {
        Item& item = items_[item_];
        const std::size_t header = item.header.size();
        const std::size_t content = static_cast<std::size_t>(item.size);
        const std::size_t padded = content + (512 - content % 512) % 512;
        if (offset_ < header) {
            std::size_t n = std::min(size - written, header - offset_);
            std::memcpy(buffer + written, item.header.data() + offset_, n);
            written += n;
            offset_ += n;
            if (offset_ == header && content > 0) {
                file_ = std::ifstream(item.file, std::ios::binary);
                if (!file_) return std::nullopt;
            }
            continue;
        }
        std::size_t done = offset_ - header;
        if (done < content) {
            std::size_t n = std::min(size - written, content - done);
            file_.read(buffer + written, static_cast<std::streamsize>(n));
            if (static_cast<std::size_t>(file_.gcount()) != n) return std::nullopt;  // Shrunk.
            written += n;
            offset_ += n;
            continue;
        }
        if (done < padded) {
            std::size_t n = std::min(size - written, padded - done);
            std::memset(buffer + written, 0, n);
            written += n;
            offset_ += n;
            continue;
        }
        file_.close();
        ++item_;
        offset_ = 0;
    }
    if (item_ == items_.size() && written < size && trailer_offset_ < 1024) {
        std::size_t n = std::min(size - written, 1024 - trailer_offset_);
        std::memset(buffer + written, 0, n);
        written += n;
        trailer_offset_ += n;
    }
    return written;
}

}  // namespace dc
