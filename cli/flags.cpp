#include "cli/flags.h"

#include <stdexcept>

#include "core/error.h"

namespace dc::cli {

std::map<std::string, int> parse_scale(const std::vector<std::string>& items) {
    std::map<std::string, int> out;
    for (const std::string& item : items) {
        std::size_t eq = item.find('=');
        int n = -1;
        if (eq != std::string::npos && eq > 0) {
            try {
                n = std::stoi(item.substr(eq + 1));
            } catch (const std::exception&) {
                n = -1;
            }
        }
        if (n < 0)
            throw Error(ErrorKind::Usage, "invalid --scale \"" + item + "\": use SERVICE=NUMBER");
        out[item.substr(0, eq)] = n;
    }
    return out;
}

std::string parse_pull(const std::string& value) {
    if (value.empty() || value == "policy") return {};
    for (const char* policy : {"always", "missing", "never", "build", "if_not_present"}) {
        if (value == policy) return value;
    }
    throw Error(ErrorKind::Failure, "invalid --pull option \"" + value + "\"");
}

}  // namespace dc::cli
