// A minimal ustar writer for test images and archives: regular files and directories only.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

namespace dc::test {

class TarWriter {
  public:
    void add_directory(std::string_view name, unsigned mode = 0755) {
        add_entry(name, '5', mode, {});
    }
    void add_file(std::string_view name, std::string_view content, unsigned mode = 0644) {
        add_entry(name, '0', mode, content);
    }
    // The archive, closed by its two zero blocks.
    std::string finish() const { return data_ + std::string(1024, '\0'); }

  private:
    // Zero-padded octal digits and a NUL, filling `width` bytes.
    static void octal(char* field, std::size_t width, unsigned long long value) {
        field[width - 1] = '\0';
        for (std::size_t i = width - 1; i-- > 0; value >>= 3) {
            field[i] = static_cast<char>('0' + (value & 7));
        }
    }

    void add_entry(std::string_view name, char type, unsigned mode, std::string_view content) {
        char header[512] = {};
        std::memcpy(header, name.data(), std::min<std::size_t>(name.size(), 99));
        octal(header + 100, 8, mode);
        octal(header + 108, 8, 0);
        octal(header + 116, 8, 0);
        octal(header + 124, 12, content.size());
        octal(header + 136, 12, 1700000000);
        header[156] = type;
        std::memcpy(header + 257, "ustar", 6);  // The magic, with its NUL.
        std::memcpy(header + 263, "00", 2);
        std::memset(header + 148, ' ', 8);
        unsigned sum = 0;
        for (unsigned char c : header) sum += c;
        octal(header + 148, 7, sum);  // Six digits and a NUL; the space after stays.
        data_.append(header, sizeof header);
        data_.append(content);
        data_.append((512 - content.size() % 512) % 512, '\0');
    }

    std::string data_;
};

}  // namespace dc::test
