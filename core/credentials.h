// Registry credentials, resolved as the docker CLI resolves them: the config file
// ($DOCKER_CONFIG/config.json, else ~/.docker/config.json) with its `auths`, `credsStore` and
// `credHelpers`, a `docker-credential-<helper> get` run for the helpers, and the result sent to
// the engine as the X-Registry-Auth header. Secrets stay inside these values: no message built
// here, and none a caller should build, contains a user's password or token.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dc {

struct RegistryCredentials {
    std::string username{};
    std::string password{};
    std::string identity_token{};  // An OAuth refresh token, instead of a password.
    std::string server_address{};  // The key the credentials were found under.
};

// The registry an image reference names: "127.0.0.1:5000/app:1" -> "127.0.0.1:5000";
// "postgres:16", "library/x", "docker.io/x" -> "docker.io". The first component is a registry
// when it has a '.' or a ':', or is "localhost", as the docker CLI decides.
std::string registry_of(std::string_view image);

// The key the config file stores a registry's credentials under: Docker Hub's names
// ("docker.io", "index.docker.io", "registry-1.docker.io") -> "https://index.docker.io/v1/";
// any other registry's host[:port] as it is.
std::string credentials_key(std::string_view registry);

// The directory of config.json: $DOCKER_CONFIG, else $HOME/.docker.
std::string docker_config_dir();

// The credentials for `registry` (as registry_of returns it) from the config file in
// `config_dir`: its credHelpers entry, else its credsStore, else its auths entry. nullopt when
// there are none (no file, no entry, the helper knows none). Throws dc::Error (Failure) for a
// config file that is not JSON or a helper that fails; the message names the file or the helper
// and the registry, never a secret.
std::optional<RegistryCredentials> find_credentials(const std::string& registry,
                                                    const std::string& config_dir);

// The X-Registry-Auth value: base64url of {"username", "password", "serveraddress",
// "identitytoken"}.
std::string registry_auth_header(const RegistryCredentials& credentials);

// The X-Registry-Auth value for pulling or pushing `image` with the user's config, or empty
// when there are no credentials for its registry.
std::string registry_auth_for(std::string_view image);

// ---- Parts, for the tests --------------------------------------------------------------------

enum class Base64Alphabet { Standard, Url };
std::string base64_encode(std::string_view bytes, Base64Alphabet alphabet);
std::string base64_decode(std::string_view text);  // Standard or URL alphabet, padding optional.

}  // namespace dc
