// Helpers shared by unit tests: temporary project directories.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace dc::test {

// A directory under the system temp dir, removed with everything in it when
// the object goes out of scope (also when a test fails).
class TempDir {
  public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "dc-test-XXXXXX").string();
        path_ = ::mkdtemp(pattern.data()) ? pattern : throw std::runtime_error("mkdtemp failed");
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }

    // Writes `text` to `relative` (creating parent directories); returns the full path.
    std::string write(const std::string& relative, const std::string& text) const {
        std::filesystem::path full = std::filesystem::path(path_) / relative;
        std::filesystem::create_directories(full.parent_path());
        std::ofstream(full, std::ios::binary) << text;
        return full.string();
    }

  private:
    std::string path_;
};

}  // namespace dc::test
