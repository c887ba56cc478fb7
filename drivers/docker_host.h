// Where the Docker Engine is: DOCKER_HOST, DOCKER_CONTEXT or the current context of the docker
// CLI's config, resolved as the docker CLI resolves them.
#pragma once

#include <string>
#include <string_view>

#include "core/engine.h"
#include "core/environment.h"

namespace dc::docker {

inline constexpr std::string_view kDefaultHost = "unix:///var/run/docker.sock";

enum class HostKind { Unix, Tcp };

struct TlsFiles {
    std::string ca{};  // ca.pem
    std::string cert{};  // cert.pem
    std::string key{};  // key.pem
};

struct Endpoint {
    std::string host{};  // As configured: "unix:///var/run/docker.sock", "tcp://h:2376".
    std::string context = "default";  // The docker context it came from.
    HostKind kind = HostKind::Unix;
    std::string socket_path{};  // Unix only.
    std::string base_url = "http://localhost";  // Scheme and authority for every URL.
    bool tls = false;
    bool tls_verify = false;
    TlsFiles tls_files{};  // Paths; empty members are not passed to libcurl.
};

// What the command line said (docker's --context and -H); empty means "not given".
struct EndpointOverrides {
    std::string context{};
    std::string host{};
};

// The docker CLI's order: --context, then -H, then DOCKER_HOST (both mean the "default"
// context), then DOCKER_CONTEXT, then the config's currentContext, then "default". The default
// context is DOCKER_HOST (with DOCKER_TLS_VERIFY, DOCKER_TLS and DOCKER_CERT_PATH) or the local
// socket. An unknown context or an unsupported host (ssh://) is an Unavailable failure.
EngineResult<Endpoint> resolve_endpoint(const EndpointOverrides& overrides, const Environment& env);

enum class Tls { Off, On };

// Parses one host ("unix:///path", "tcp://host:port", "host:port") into an endpoint. With TLS a
// tcp host is reached over https and its port defaults to 2376 instead of 2375.
EngineResult<Endpoint> parse_host(std::string_view host, Tls tls = Tls::Off);

// The docker CLI's configuration directory: $DOCKER_CONFIG, else $HOME/.docker.
std::string docker_config_dir(const Environment& env);

// A context's directory name under contexts/meta and contexts/tls: the SHA-256 of its name, hex.
std::string context_digest(std::string_view name);

}  // namespace dc::docker
