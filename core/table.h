// Text tables laid out as Go's tabwriter does for the docker CLI: columns
// padded to the widest cell plus three spaces, the last column unpadded.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace dc {

class Table {
  public:
    explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

    // Columns count characters, not bytes (UTF-8 continuation bytes are skipped).
    static std::size_t width(const std::string& cell) {
        std::size_t n = 0;
        for (unsigned char c : cell) n += (c & 0xC0) != 0x80;
        return n;
    }

    void print(std::ostream& out) const {
        std::vector<std::size_t> widths;
        for (const auto& row : rows_) {
            if (widths.size() < row.size()) widths.resize(row.size(), 0);
            for (std::size_t i = 0; i < row.size(); ++i) {
                widths[i] = std::max(widths[i], width(row[i]));
            }
        }
        for (const auto& row : rows_) {
            std::string line;
            for (std::size_t i = 0; i < row.size(); ++i) {
                line += row[i];
                if (i + 1 < row.size()) line.append(widths[i] - width(row[i]) + 3, ' ');
            }
            out << line << '\n';
        }
    }

  private:
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace dc
