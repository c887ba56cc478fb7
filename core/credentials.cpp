// Credentials from the docker CLI's config file: reading the file, picking the helper or the
// stored entry, and the X-Registry-Auth encoding. The helper run itself is in
// core/credentials_helper.cpp.
#include "core/credentials.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/credentials_internal.h"
#include "core/error.h"

namespace dc {

namespace {

constexpr const char* kDockerHubKey = "https://index.docker.io/v1/";

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

// "https://host:5000/v1/" -> "host:5000": how the docker CLI compares a stored key with a
// registry when the key is not the registry's own.
std::string hostname_of(std::string_view key) {
    if (key.starts_with("http://")) key.remove_prefix(7);
    if (key.starts_with("https://")) key.remove_prefix(8);
    return std::string(key.substr(0, key.find('/')));
}

std::optional<nlohmann::json> read_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) {
        throw Error(ErrorKind::Failure, "reading " + path + ": not a JSON object");
    }
    return json;
}

std::string string_at(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The auths entry for `key`: the exact key, else the first whose hostname is the registry's.
const nlohmann::json* auths_entry(const nlohmann::json& config, const std::string& key) {
    auto auths = config.find("auths");
    if (auths == config.end() || !auths->is_object()) return nullptr;
    if (auto exact = auths->find(key); exact != auths->end() && exact->is_object()) return &*exact;
    const std::string host = hostname_of(key);
    for (auto it = auths->begin(); it != auths->end(); ++it) {
        if (it->is_object() && hostname_of(it.key()) == host) return &*it;
    }
    return nullptr;
}

std::optional<RegistryCredentials> from_auths(const nlohmann::json& config, const std::string& key,
                                              const std::string& path) {
    const nlohmann::json* entry = auths_entry(config, key);
    if (entry == nullptr) return std::nullopt;
    RegistryCredentials out{.server_address = key};
    if (std::string auth = string_at(*entry, "auth"); !auth.empty()) {
        std::string pair = base64_decode(auth);
        std::size_t colon = pair.find(':');
        if (colon == std::string::npos) {
            throw Error(ErrorKind::Failure, "reading " + path + ": the auth of registry " +
                                                quoted(key) + " is not base64 of user:password");
        }
        out.username = pair.substr(0, colon);
        out.password = pair.substr(colon + 1);
    } else {
        out.username = string_at(*entry, "username");
        out.password = string_at(*entry, "password");
    }
    out.identity_token = string_at(*entry, "identitytoken");
    if (out.username.empty() && out.password.empty() && out.identity_token.empty()) {
        return std::nullopt;  // An empty entry, as `docker login` leaves with a credsStore.
    }
    return out;
}

}  // namespace

std::string registry_of(std::string_view image) {
    std::size_t slash = image.find('/');
    if (slash == std::string_view::npos) return "docker.io";
    std::string_view first = image.substr(0, slash);
    bool is_registry = first.find('.') != std::string_view::npos ||
                       first.find(':') != std::string_view::npos || first == "localhost";
    return is_registry ? std::string(first) : std::string("docker.io");
}

std::string credentials_key(std::string_view registry) {
    if (registry == "docker.io" || registry == "index.docker.io" ||
        registry == "registry-1.docker.io" || registry == kDockerHubKey) {
        return kDockerHubKey;
    }
    return std::string(registry);
}

std::string docker_config_dir() {
    if (const char* dir = std::getenv("DOCKER_CONFIG"); dir != nullptr && *dir != '\0') return dir;
    const char* home = std::getenv("HOME");
    return std::string(home != nullptr ? home : "") + "/.docker";
}

std::optional<RegistryCredentials> find_credentials(const std::string& registry,
                                                    const std::string& config_dir) {
    const std::string path = config_dir + "/config.json";
    std::optional<nlohmann::json> config = read_config(path);
    if (!config) return std::nullopt;
    const std::string key = credentials_key(registry);
    std::string helper;
    if (auto helpers = config->find("credHelpers");
        helpers != config->end() && helpers->is_object()) {
        helper = string_at(*helpers, registry.c_str());
        if (helper.empty()) helper = string_at(*helpers, key.c_str());
    }
    if (helper.empty()) helper = string_at(*config, "credsStore");
    if (!helper.empty()) return credentials::run_helper(helper, key);
    return from_auths(*config, key, path);
}

std::string registry_auth_header(const RegistryCredentials& credentials) {
    nlohmann::json json = {{"username", credentials.username},
                           {"password", credentials.password},
                           {"serveraddress", credentials.server_address}};
    if (!credentials.identity_token.empty()) json["identitytoken"] = credentials.identity_token;
    return base64_encode(json.dump(), Base64Alphabet::Url);
}

std::string registry_auth_for(std::string_view image) {
    std::optional<RegistryCredentials> found =
        find_credentials(registry_of(image), docker_config_dir());
    return found ? registry_auth_header(*found) : std::string();
}

}  // namespace dc
