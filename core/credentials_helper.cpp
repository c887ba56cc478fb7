// Running a docker credential helper (`docker-credential-<name> get`) with Boost.Process, and the
// base64 the config file and the X-Registry-Auth header use.
#include <boost/process.hpp>
#include <nlohmann/json.hpp>

#include "core/credentials_internal.h"
#include "core/error.h"

namespace dc {

namespace bp = boost::process;

namespace credentials {

std::optional<RegistryCredentials> run_helper(const std::string& helper, const std::string& key) {
    const std::string program = "docker-credential-" + helper;
    const std::string where = "credential helper " + program + " for registry \"" + key + "\"";
    boost::filesystem::path exe = bp::search_path(program);
    if (exe.empty()) throw Error(ErrorKind::Failure, where + ": not found in PATH");
    bp::opstream input;
    bp::ipstream output;
    std::error_code spawn_error;
    // The helper's stderr is dropped: helpers are free to print what they like there.
    bp::child child(exe, "get", bp::std_in<input, bp::std_out> output, bp::std_err > bp::null,
                    spawn_error);
    if (spawn_error) throw Error(ErrorKind::Failure, where + ": " + spawn_error.message());
    input << key << std::flush;
    input.pipe().close();
    std::string text((std::istreambuf_iterator<char>(output)), std::istreambuf_iterator<char>());
    child.wait();
    if (child.exit_code() != 0) {
        // The one answer that is not a failure, in the words docker-credential-helpers use.
        if (text.find("credentials not found") != std::string::npos) return std::nullopt;
        throw Error(ErrorKind::Failure,
                    where + ": exited with status " + std::to_string(child.exit_code()));
    }
    auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) throw Error(ErrorKind::Failure, where + ": its answer is not JSON");
    auto field = [&](const char* name) {
        auto it = json.find(name);
        return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    RegistryCredentials out{.server_address = key};
    if (field("Username") == "<token>") {
        out.identity_token = field("Secret");
    } else {
        out.username = field("Username");
        out.password = field("Secret");
    }
    if (out.username.empty() && out.password.empty() && out.identity_token.empty()) {
        return std::nullopt;
    }
    return out;
}

}  // namespace credentials

std::string base64_encode(std::string_view bytes, Base64Alphabet alphabet) {
    const char* table = alphabet == Base64Alphabet::Url
                            ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                            : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                     static_cast<unsigned char>(bytes[i + 1]) << 8 |
                     static_cast<unsigned char>(bytes[i + 2]);
        for (int shift = 18; shift >= 0; shift -= 6) out += table[(v >> shift) & 63];
    }
    // Padded, as Go's base64.URLEncoding (the engine's decoder) writes it.
    if (std::size_t rest = bytes.size() - i; rest > 0) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += rest == 2 ? table[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string base64_decode(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (char c : text) {
        int v = value(c);
        if (v < 0) continue;  // Padding and line breaks.
        bits = (bits << 6) | static_cast<unsigned>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xff);
        }
    }
    return out;
}

}  // namespace dc
