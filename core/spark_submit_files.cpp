// The host files a submission needs on the other side: where each one goes, and a ustar archive
// that carries them to Engine::put_archive. Copying (rather than bind-mounting) works with any
// engine, remote ones too, and whatever the host directory's permissions are for the image's
// `spark` user.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>

#include "core/error.h"
#include "core/spark_submit_internal.h"

namespace fs = std::filesystem;

namespace dc {

namespace {

// "a.jar,b.jar" items of a repeatable option, as one list.
std::vector<std::string> split_items(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const std::string& value : values) {
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t comma = value.find(',', start);
            if (comma == std::string::npos) comma = value.size();
            if (comma > start) out.push_back(value.substr(start, comma - start));
            start = comma + 1;
        }
    }
    return out;
}

// A URL or a `local:` path is for Spark to resolve, not a host file.
bool is_remote(const std::string& item) {
    return item.find("://") != std::string::npos || item.starts_with("local:");
}

class Planner {
  public:
    Planner(std::string root, SubmitFiles& files) : root_(std::move(root)), files_(files) {}

    // The path the driver sees for the host file `item`, scheduled for upload.
    std::string place(const std::string& item, const std::string& option) {
        std::error_code error;
        fs::path path = fs::absolute(item, error);
        if (error || !fs::is_regular_file(path, error)) {
            throw Error(ErrorKind::NotFound, "spark submit: " + option + ": no such file: " + item);
        }
        std::string target =
            root_ + "/" + std::to_string(files_.uploads.size()) + "/" + path.filename().string();
        files_.uploads.push_back({.host_path = path.string(), .container_path = target});
        return target;
    }

    std::string list(const std::vector<std::string>& values, const std::string& option) {
        std::string out;
        for (const std::string& item : split_items(values)) {
            if (!out.empty()) out += ",";
            out += is_remote(item) ? item : place(item, option);
        }
        return out;
    }

  private:
    std::string root_;
    SubmitFiles& files_;
};

// One ustar header block. Names are at most 100 bytes, which the numbered upload directories
// keep to unless a file's own name is very long (then the prefix field takes the directories).
std::string tar_header(const std::string& name, std::uint64_t size, bool directory) {
    std::string block(512, '\0');
    std::string base = name;
    std::string prefix;
    if (name.size() > 100) {
        // The shortest prefix of whole directories that leaves a name of at most 100 bytes.
        std::size_t slash = name.find('/');
        while (slash != std::string::npos && name.size() - slash - 1 > 100) {
            slash = name.find('/', slash + 1);
        }
        if (slash == std::string::npos || slash > 155 || slash + 1 == name.size()) {
            throw Error(ErrorKind::Usage, "spark submit: file name too long: " + name);
        }
        prefix = name.substr(0, slash);
        base = name.substr(slash + 1);
    }
    auto put = [&](std::size_t offset, std::size_t width, const std::string& text) {
        text.copy(block.data() + offset, std::min(width, text.size()));
    };
    auto octal = [&](std::size_t offset, std::size_t width, std::uint64_t value) {
        char buffer[24];
        std::snprintf(buffer, sizeof buffer, "%0*llo", static_cast<int>(width - 1),
                      static_cast<unsigned long long>(value));
        put(offset, width - 1, buffer);
    };
    put(0, 100, base);
    octal(100, 8, directory ? 0755 : 0644);
    octal(108, 8, 0);
    octal(116, 8, 0);
    octal(124, 12, size);
    octal(136, 12, 0);
    block[156] = directory ? '5' : '0';
    put(257, 6, std::string("ustar", 6));
    put(263, 2, "00");
    put(345, 155, prefix);
    std::fill(block.begin() + 148, block.begin() + 156, ' ');
    unsigned sum = 0;
    for (unsigned char c : block) sum += c;
    char checksum[8];
    std::snprintf(checksum, sizeof checksum, "%06o", sum);
    std::copy(checksum, checksum + 7, block.begin() + 148);
    return block;
}

// A piece of the archive: bytes held in memory, or a file's contents read when reached.
struct Piece {
    std::string bytes{};
    std::string file{};
    std::uint64_t size = 0;
};

struct TarReader {
    std::vector<Piece> pieces;
    std::size_t index = 0;
    std::uint64_t offset = 0;  // Within pieces[index].
    std::ifstream in;

    std::optional<std::size_t> read(char* buffer, std::size_t size) {
        while (index < pieces.size()) {
            Piece& piece = pieces[index];
            std::uint64_t left = (piece.file.empty() ? piece.bytes.size() : piece.size) - offset;
            if (left == 0) {
                ++index, offset = 0;
                in.close();
                continue;
            }
            std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, size));
            if (piece.file.empty()) {
                piece.bytes.copy(buffer, n, offset);
            } else {
                if (offset == 0) in.open(piece.file, std::ios::binary);
                if (!in.read(buffer, static_cast<std::streamsize>(n))) return std::nullopt;
            }
            offset += n;
            return n;
        }
        return 0;
    }
};

}  // namespace

SubmitFiles plan_files(const SparkSubmitOptions& options, const std::string& root) {
    SubmitFiles files;
    Planner planner(root, files);
    files.application = planner.place(options.application, "application");
    files.jars = planner.list(options.jars, "--jars");
    files.py_files = planner.list(options.py_files, "--py-files");
    return files;
}

ByteSource upload_tar(const std::vector<UploadFile>& uploads, const std::string& base) {
    auto reader = std::make_shared<TarReader>();
    std::set<std::string> directories;
    std::uint64_t total = 0;
    auto add = [&](Piece piece) {
        total += piece.file.empty() ? piece.bytes.size() : piece.size;
        reader->pieces.push_back(std::move(piece));
    };
    for (const UploadFile& upload : uploads) {
        std::string name = fs::path(upload.container_path).lexically_relative(base).string();
        // Each directory on the way, once, so that the engine creates them readable by all.
        for (std::size_t slash = name.find('/'); slash != std::string::npos;
             slash = name.find('/', slash + 1)) {
            std::string directory = name.substr(0, slash + 1);
            if (directories.insert(directory).second) {
                add({.bytes = tar_header(directory, 0, true)});
            }
        }
        std::uint64_t size = fs::file_size(upload.host_path);
        add({.bytes = tar_header(name, size, false)});
        add({.file = upload.host_path, .size = size});
        if (size % 512 != 0) add({.bytes = std::string(512 - size % 512, '\0')});
    }
    add({.bytes = std::string(1024, '\0')});
    return ByteSource{
        .read = [reader](char* buffer, std::size_t size) { return reader->read(buffer, size); },
        .size = total};
}

std::string submit_slug() {
    std::random_device device;
    std::mt19937_64 random(device());
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(random()));
    return std::string(buffer, 12);
}

}  // namespace dc
