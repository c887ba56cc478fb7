// A build context as a ustar stream, written as it is read: a header, the file's bytes straight
// from disk, padding, and two zero blocks at the end. Names and link targets too long for the
// ustar fields go in a PAX extended header first, as Go's archive/tar writes them. Owners are
// root (uid and gid 0), as the docker CLI sends them.
#include <cstring>
#include <fstream>
#include <memory>

#include "core/build_context.h"

namespace dc {

namespace {

constexpr std::size_t kBlock = 512;

void octal(char* field, std::size_t width, std::uint64_t value) {
    field[width - 1] = '\0';
    for (std::size_t i = width - 1; i-- > 0; value >>= 3) {
        field[i] = static_cast<char>('0' + (value & 7));
    }
}

std::string header(const std::string& name, char type, unsigned mode, std::uint64_t size,
                   std::int64_t mtime, const std::string& link) {
    char block[kBlock] = {};
    std::memcpy(block, name.data(), std::min<std::size_t>(name.size(), 100));
    octal(block + 100, 8, mode);
    octal(block + 108, 8, 0);
    octal(block + 116, 8, 0);
    octal(block + 124, 12, size);
    octal(block + 136, 12, static_cast<std::uint64_t>(mtime < 0 ? 0 : mtime));
    block[156] = type;
    std::memcpy(block + 157, link.data(), std::min<std::size_t>(link.size(), 100));
    std::memcpy(block + 257, "ustar", 6);
    std::memcpy(block + 263, "00", 2);
    std::memset(block + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : block) sum += c;
    octal(block + 148, 7, sum);
    return std::string(block, kBlock);
}

std::string padding(std::uint64_t size) {
    return std::string((kBlock - size % kBlock) % kBlock, '\0');
}

// "<length> key=value\n", where the length counts itself.
std::string pax_record(const std::string& key, const std::string& value) {
    std::size_t body = key.size() + value.size() + 3;  // " ", "=", "\n".
    std::size_t length = body + std::to_string(body).size();
    if (std::to_string(length).size() != std::to_string(body).size()) ++length;
    return std::to_string(length) + " " + key + "=" + value + "\n";
}

// Everything before an entry's content: a PAX header when needed, then its own header.
std::string entry_headers(const ContextEntry& entry) {
    std::string name = entry.name;
    if (entry.type == ContextEntry::Type::Directory) name += '/';
    std::string pax;
    if (name.size() > 100) pax += pax_record("path", name);
    if (entry.link_target.size() > 100) pax += pax_record("linkpath", entry.link_target);
    std::string out;
    if (!pax.empty()) {
        out = header("PaxHeaders/" + entry.name.substr(0, 80), 'x', 0644, pax.size(), entry.mtime,
                     {}) +
              pax + padding(pax.size());
    }
    char type = entry.type == ContextEntry::Type::Directory ? '5'
                : entry.type == ContextEntry::Type::Symlink ? '2'
                                                            : '0';
    std::uint64_t size = entry.type == ContextEntry::Type::File ? entry.size : 0;
    return out + header(name, type, entry.mode, size, entry.mtime, entry.link_target);
}

// The reading state: the entry being sent and what of it is left.
class TarReader {
  public:
    explicit TarReader(BuildContext context) : context_(std::move(context)) {}

    std::optional<std::size_t> read(char* buffer, std::size_t size) {
        std::size_t done = 0;
        if (failed_) return std::nullopt;
        while (done < size) {
            if (pending_.size() > offset_) {
                std::size_t n = std::min(size - done, pending_.size() - offset_);
                std::memcpy(buffer + done, pending_.data() + offset_, n);
                offset_ += n;
                done += n;
            } else if (file_left_ > 0) {
                std::size_t want =
                    static_cast<std::size_t>(std::min<std::uint64_t>(size - done, file_left_));
                file_.read(buffer + done, static_cast<std::streamsize>(want));
                if (file_.gcount() != static_cast<std::streamsize>(want)) return std::nullopt;
                file_left_ -= want;
                done += want;
                if (file_left_ == 0) next_pending(padding(current_size_));
            } else if (!advance()) {
                if (failed_) return std::nullopt;  // A file vanished or became unreadable.
                break;
            }
        }
        return done;
    }

  private:
    void next_pending(std::string bytes) {
        pending_ = std::move(bytes);
        offset_ = 0;
    }

    // Moves to the next entry (or the end blocks); false once everything was sent.
    bool advance() {
        if (next_ == context_.entries.size()) {
            if (ended_) return false;
            ended_ = true;
            next_pending(std::string(2 * kBlock, '\0'));
            return true;
        }
        const ContextEntry& entry = context_.entries[next_++];
        std::string bytes = entry_headers(entry);
        if (entry.content) {
            next_pending(bytes + *entry.content + padding(entry.content->size()));
            return true;
        }
        next_pending(std::move(bytes));
        if (entry.type == ContextEntry::Type::File && entry.size > 0) {
            file_ = std::ifstream(entry.source, std::ios::binary);
            if (!file_) {
                failed_ = true;
                return false;
            }
            file_left_ = current_size_ = entry.size;
        }
        return true;
    }

    BuildContext context_;
    std::size_t next_ = 0;
    bool ended_ = false;
    bool failed_ = false;
    std::string pending_{};
    std::size_t offset_ = 0;
    std::ifstream file_{};
    std::uint64_t file_left_ = 0;
    std::uint64_t current_size_ = 0;
};

}  // namespace

ByteSource context_tar(const BuildContext& context) {
    auto reader = std::make_shared<TarReader>(context);
    return ByteSource{
        .read = [reader](char* buffer, std::size_t size) { return reader->read(buffer, size); }};
}

std::string context_tar_bytes(const BuildContext& context) {
    ByteSource source = context_tar(context);
    std::string out;
    char buffer[8192];
    while (auto got = source.read(buffer, sizeof buffer)) {
        if (*got == 0) break;
        out.append(buffer, *got);
    }
    return out;
}

}  // namespace dc
