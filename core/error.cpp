#include "core/error.h"

namespace dc {

std::string format_config_error(const Mark& mark, std::string_view path,
                                std::string_view message) {
    std::string out = mark.str();
    if (!out.empty()) out += ": ";
    if (!path.empty()) {
        out.append(path);
        out += ": ";
    }
    out.append(message);
    return out;
}

void config_error(const Mark& mark, std::string_view path, std::string_view message) {
    throw Error(ErrorKind::Config, format_config_error(mark, path, message));
}

void config_error(std::string_view message) {
    throw Error(ErrorKind::Config, std::string(message));
}

}  // namespace dc
