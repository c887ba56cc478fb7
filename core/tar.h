// Tar archives for `dc cp`, the engine's archive endpoints' format: a host path streamed out as a
// tar (files read as the engine asks for bytes, so nothing is held whole in memory), and a tar
// stream unpacked onto the host as it arrives. POSIX ustar, with PAX headers for long names;
// regular files, directories, symbolic and hard links.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine_types.h"

namespace dc {

// Whether archived or unpacked files keep their owners (cp -a) or belong to root.
enum class Ownership { Root, Keep };
// Whether a symbolic link given as the source is archived as a link or as what it points to.
enum class FollowLink { No, Yes };

// One archive entry, as read from or written to a header.
struct TarEntry {
    std::string name{};  // Relative, "/"-separated: "d/sub/g".
    char type = '0';     // '0' file, '5' directory, '2' symbolic link, '1' hard link.
    std::uint32_t mode = 0644;
    std::int64_t uid = 0;
    std::int64_t gid = 0;
    std::int64_t size = 0;
    std::int64_t mtime = 0;
    std::string link_name{};
};

// The header blocks of an entry (a PAX header first when a name does not fit ustar).
std::string tar_header(const TarEntry& entry);

// Streams `source` (a file, a directory and everything under it, or a link) as a tar whose root
// entry is called `root_name` ("" or "." archives a directory's contents without the directory).
// Throws dc::Error (NotFound) when the source does not exist.
class TarSource {
  public:
    TarSource(const std::filesystem::path& source, const std::string& root_name,
              Ownership ownership, FollowLink follow);
    // The reader the engine client pulls from.
    ByteSource byte_source();
    // Whether the source (after following) is a directory.
    bool is_directory() const { return is_directory_; }

  private:
    struct Item {
        std::string header{};
        std::filesystem::path file{};  // Content to stream after the header, when a file.
        std::int64_t size = 0;
    };
    void add(const std::filesystem::path& path, const std::string& name, bool follow);
    std::optional<std::size_t> read(char* buffer, std::size_t size);

    Ownership ownership_;
    bool is_directory_ = false;
    std::vector<Item> items_{};
    std::size_t item_ = 0;
    std::size_t offset_ = 0;  // Within the current item's header, then its content and padding.
    std::ifstream file_{};
    std::size_t trailer_offset_ = 0;
};

// Unpacks a tar stream under `directory` as it arrives. The first path component of every name
// is replaced by `root_name` (when not empty), or dropped when `root_name` is "." (a
// directory's contents). Names that would leave the directory are refused.
class TarExtractor {
  public:
    TarExtractor(std::filesystem::path directory, std::string root_name, Ownership ownership);
    ~TarExtractor();
    // Feeds bytes; throws dc::Error (Failure) on a broken archive or a file that cannot be
    // written.
    void feed(std::string_view bytes);
    // Sets the directories' times once their contents are written; throws when the archive was
    // cut short.
    void finish();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace dc
