// `dc version`: dc's own version, in Compose's three shapes (pretty, --short, JSON).
#include <nlohmann/json.hpp>

#include "core/tools.h"
#include "core/version.h"

namespace dc {

void print_version(ToolFormat format, bool short_form, std::ostream& out) {
    // Compose prints --short bare, whatever the format, and a "v" before the version otherwise.
    if (short_form) {
        out << kVersion;
        return;
    }
    if (format == ToolFormat::Json) {
        out << nlohmann::json{{"version", std::string("v") + kVersion}}.dump() << '\n';
        return;
    }
    out << "dc version v" << kVersion << '\n';
}

}  // namespace dc
