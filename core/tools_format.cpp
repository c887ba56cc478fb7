// What the everyday tools share: Go's tabwriter and size units (the docker CLI's and Compose's
// output is made with them), and finding a project's containers.
#include <algorithm>
#include <cstdio>

#include "core/error.h"
#include "core/labels.h"
#include "core/table.h"
#include "core/tools.h"

namespace dc {

namespace {

using Line = std::vector<std::string>;  // Cells; all but the last were ended by a tab.

class TabWriter {
  public:
    TabWriter(std::vector<Line> lines, std::size_t min_width, std::size_t padding)
        : lines_(std::move(lines)), min_width_(min_width), padding_(padding) {}

    std::string run() {
        format(0, lines_.size());
        return out_;
    }

  private:
    // Go's tabwriter.format: a column block is a run of lines that have a terminated cell in
    // the current column; its width is fixed by its widest cell, then the next column's blocks
    // are found within it.
    void format(std::size_t line0, std::size_t line1) {
        const std::size_t column = widths_.size();
        for (std::size_t current = line0; current < line1; ++current) {
            if (column + 1 >= lines_[current].size()) continue;
            write_lines(line0, current);
            line0 = current;
            std::size_t width = min_width_;
            for (; current < line1 && column + 1 < lines_[current].size(); ++current) {
                width = std::max(width, Table::width(lines_[current][column]) + padding_);
            }
            widths_.push_back(width);
            format(line0, current);
            widths_.pop_back();
            line0 = current;
            if (current == line1) break;
        }
        write_lines(line0, line1);
    }

    void write_lines(std::size_t line0, std::size_t line1) {
        for (std::size_t i = line0; i < line1; ++i) {
            const Line& line = lines_[i];
            for (std::size_t j = 0; j < line.size(); ++j) {
                out_ += line[j];
                if (j < widths_.size() && j + 1 < line.size()) {
                    out_.append(widths_[j] - std::min(widths_[j], Table::width(line[j])), ' ');
                }
            }
            if (i + 1 < lines_.size() || !last_unended_) out_ += '\n';
        }
    }

    std::vector<Line> lines_;
    std::size_t min_width_;
    std::size_t padding_;
    std::vector<std::size_t> widths_{};
    std::string out_{};

  public:
    bool last_unended_ = false;
};

std::string unit_size(const char* format, int precision, double size, double base,
                      const std::vector<const char*>& units) {
    std::size_t unit = 0;
    while (size >= base && unit + 1 < units.size()) {
        size /= base;
        ++unit;
    }
    char text[64];
    std::snprintf(text, sizeof text, format, precision, size);
    return std::string(text) + units[unit];
}

}  // namespace

std::string tabwrite(std::string_view text, std::size_t min_width, std::size_t padding) {
    std::vector<Line> lines;
    Line line(1);
    for (char c : text) {
        if (c == '\t') {
            line.emplace_back();
        } else if (c == '\n') {
            lines.push_back(std::move(line));
            line = Line(1);
        } else {
            line.back() += c;
        }
    }
    bool unended = line.size() > 1 || !line.back().empty();
    if (unended) lines.push_back(std::move(line));
    TabWriter writer(std::move(lines), min_width, padding);
    writer.last_unended_ = unended;
    return writer.run();
}

std::string bytes_size(double bytes) {
    return unit_size("%.*g", 4, bytes, 1024.0,
                     {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"});
}

std::string human_size(double bytes, int precision) {
    return unit_size("%.*g", precision, bytes, 1000.0,
                     {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"});
}

void check_services(const Project& project, const std::vector<std::string>& services) {
    std::vector<std::string> known = project.service_names();
    for (const std::string& service : services) {
        if (std::find(known.begin(), known.end(), service) == known.end()) {
            throw Error(ErrorKind::NotFound, "no such service: " + service);
        }
    }
}

std::vector<ContainerSummary> project_containers(const std::string& project, Engine& engine,
                                                 const std::vector<std::string>& services, bool all,
                                                 Oneoffs oneoffs) {
    Filters filters{{"label", {std::string(kLabelProject) + "=" + project}}};
    if (oneoffs == Oneoffs::Exclude) {
        filters["label"].push_back(std::string(kLabelOneoff) + "=" + kOneoffFalse);
    }
    std::vector<ContainerSummary> out;
    for (ContainerSummary& c : value_or_throw(engine.list_containers({all, filters}))) {
        auto service = c.labels.find(kLabelService);
        if (!services.empty() &&
            (service == c.labels.end() ||
             std::find(services.begin(), services.end(), service->second) == services.end())) {
            continue;
        }
        out.push_back(std::move(c));
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return container_name(a) < container_name(b); });
    return out;
}

std::string container_name(const ContainerSummary& container) {
    return container.names.empty() ? container.id.substr(0, 12) : container.names.front();
}

}  // namespace dc
