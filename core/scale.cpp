// `dc scale`: `up` with replica counts for the named services and nothing recreated.
#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/tools.h"

namespace dc {

UpOptions scale_options(const Project& project, const std::vector<std::string>& items,
                        bool no_deps) {
    if (items.empty()) throw Error(ErrorKind::Usage, "scale: requires at least 1 argument");
    UpOptions options;
    for (const std::string& item : items) {
        std::size_t equals = item.find('=');
        std::string count = equals == std::string::npos ? "" : item.substr(equals + 1);
        bool digits = !count.empty() && count.size() < 7 &&
                      std::all_of(count.begin(), count.end(),
                                  [](unsigned char c) { return std::isdigit(c) != 0; });
        if (equals == 0 || !digits) {
            throw Error(ErrorKind::Failure, "invalid scale specifier: " + item);
        }
        std::string service = item.substr(0, equals);
        check_services(project, {service});
        options.scale[service] = std::stoi(count);
        options.services.push_back(service);
    }
    options.detach = true;
    options.no_recreate = true;
    options.no_deps = no_deps;
    return options;
}

}  // namespace dc
