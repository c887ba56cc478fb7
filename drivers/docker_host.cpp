#include "drivers/docker_host.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/sha256.h"

namespace dc::docker {

namespace fs = std::filesystem;

namespace {

std::string env_value(const Environment& env, std::string_view key) {
    return lookup(env, key).value_or("");
}

Unexpected<EngineFailure> unavailable(std::string message) {
    return engine_failure(FailureKind::Unavailable, std::move(message));
}

// "host", "host:port" or "[v6]:port" with a default port.
std::string authority_with_port(std::string_view authority, int default_port) {
    std::size_t colon = authority.rfind(':');
    std::size_t bracket = authority.rfind(']');
    bool has_port =
        colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
    std::string out(authority);
    if (!has_port) out += ":" + std::to_string(default_port);
    return out;
}

EngineResult<Endpoint> parse_tcp(std::string_view host, std::string_view rest, Tls tls) {
    std::string_view authority = rest.substr(0, rest.find('/'));
    if (authority.empty()) return unavailable("invalid Docker host \"" + std::string(host) + "\"");
    Endpoint endpoint;
    endpoint.host = std::string(host);
    endpoint.kind = HostKind::Tcp;
    endpoint.tls = tls == Tls::On;
    endpoint.base_url = std::string(endpoint.tls ? "https://" : "http://") +
                        authority_with_port(authority, endpoint.tls ? 2376 : 2375);
    return endpoint;
}

// Client certificates and verification for a TLS endpoint, from `dir` when the files exist.
void apply_tls_files(Endpoint& endpoint, const fs::path& dir, bool verify) {
    endpoint.tls_verify = verify;
    auto existing = [&](const char* file) {
        std::error_code ec;
        return fs::exists(dir / file, ec) ? (dir / file).string() : std::string();
    };
    endpoint.tls_files = {existing("ca.pem"), existing("cert.pem"), existing("key.pem")};
}

EngineResult<Endpoint> default_context(const std::string& host, const Environment& env) {
    bool verify = !env_value(env, "DOCKER_TLS_VERIFY").empty();
    Tls tls = verify || !env_value(env, "DOCKER_TLS").empty() ? Tls::On : Tls::Off;
    auto endpoint = parse_host(host.empty() ? std::string(kDefaultHost) : host, tls);
    if (endpoint && endpoint->tls) {
        std::string cert_path = env_value(env, "DOCKER_CERT_PATH");
        apply_tls_files(*endpoint, cert_path.empty() ? docker_config_dir(env) : cert_path, verify);
    }
    return endpoint;
}

EngineResult<nlohmann::json> read_json_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return unavailable("cannot read " + path.string());
    std::stringstream text;
    text << in.rdbuf();
    auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
        return unavailable(path.string() + " is not a JSON object");
    }
    return json;
}

EngineResult<Endpoint> named_context(const std::string& name, const Environment& env,
                                     std::string_view origin) {
    fs::path store = fs::path(docker_config_dir(env)) / "contexts";
    std::string digest = context_digest(name);
    fs::path meta = store / "meta" / digest / "meta.json";
    std::error_code ec;
    if (!fs::exists(meta, ec)) {
        return unavailable("docker context \"" + name + "\" (" + std::string(origin) +
                           ") not found: no " + meta.string());
    }
    auto json = read_json_file(meta);
    if (!json) return Unexpected<EngineFailure>{json.error()};
    const nlohmann::json* docker = nullptr;
    if (auto e = json->find("Endpoints"); e != json->end() && e->is_object()) {
        if (auto d = e->find("docker"); d != e->end() && d->is_object()) docker = &*d;
    }
    std::string host;
    bool skip_verify = false;
    if (docker != nullptr) {
        if (auto h = docker->find("Host"); h != docker->end() && h->is_string()) host = *h;
        if (auto s = docker->find("SkipTLSVerify"); s != docker->end() && s->is_boolean()) {
            skip_verify = *s;
        }
    }
    if (host.empty()) return unavailable("docker context \"" + name + "\" has no Docker endpoint");
    // The docker CLI speaks TLS to a context whose store holds TLS material.
    fs::path tls_dir = store / "tls" / digest / "docker";
    auto endpoint = parse_host(host, fs::exists(tls_dir, ec) ? Tls::On : Tls::Off);
    if (!endpoint) return endpoint;
    endpoint->context = name;
    if (endpoint->tls) apply_tls_files(*endpoint, tls_dir, !skip_verify);
    return endpoint;
}

// The config's currentContext, or empty.
EngineResult<std::string> current_context(const Environment& env) {
    fs::path config = fs::path(docker_config_dir(env)) / "config.json";
    std::error_code ec;
    if (!fs::exists(config, ec)) return std::string();
    auto json = read_json_file(config);
    if (!json) return Unexpected<EngineFailure>{json.error()};
    auto it = json->find("currentContext");
    return it != json->end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

EngineResult<Endpoint> parse_host(std::string_view host, Tls tls) {
    std::size_t sep = host.find("://");
    std::string_view scheme = sep == std::string_view::npos ? "tcp" : host.substr(0, sep);
    std::string_view rest = sep == std::string_view::npos ? host : host.substr(sep + 3);
    if (scheme == "unix") {
        if (rest.empty() || rest[0] != '/') {
            return unavailable("invalid Docker host \"" + std::string(host) +
                               "\": a unix socket path must be absolute");
        }
        Endpoint endpoint;
        endpoint.host = std::string(host);
        endpoint.socket_path = std::string(rest);
        return endpoint;
    }
    if (scheme == "tcp" || scheme == "http") return parse_tcp(host, rest, tls);
    if (scheme == "https") return parse_tcp(host, rest, Tls::On);
    if (scheme == "ssh") {
        return unavailable("ssh:// Docker hosts are not supported (" + std::string(host) +
                           "): forward the socket with ssh -L /tmp/docker.sock:/var/run/"
                           "docker.sock and set DOCKER_HOST=unix:///tmp/docker.sock");
    }
    return unavailable("unsupported Docker host \"" + std::string(host) +
                       "\": use unix:// or tcp://");
}

EngineResult<Endpoint> resolve_endpoint(const EndpointOverrides& overrides,
                                        const Environment& env) {
    if (!overrides.context.empty() && !overrides.host.empty()) {
        return unavailable("conflicting options: a host (-H) and a context (--context) both given");
    }
    std::string name = overrides.context;
    std::string origin = "from --context";
    std::string env_host = env_value(env, "DOCKER_HOST");
    if (name.empty() && !overrides.host.empty()) return default_context(overrides.host, env);
    if (name.empty() && !env_host.empty()) return default_context(env_host, env);
    if (name.empty()) {
        name = env_value(env, "DOCKER_CONTEXT");
        origin = "from DOCKER_CONTEXT";
    }
    if (name.empty()) {
        auto current = current_context(env);
        if (!current) return Unexpected<EngineFailure>{current.error()};
        name = *current;
        origin = "the current context in " + docker_config_dir(env) + "/config.json";
    }
    if (name.empty() || name == "default") return default_context("", env);
    return named_context(name, env, origin);
}

std::string docker_config_dir(const Environment& env) {
    std::string dir = env_value(env, "DOCKER_CONFIG");
    if (!dir.empty()) return dir;
    return (fs::path(env_value(env, "HOME")) / ".docker").string();
}

std::string context_digest(std::string_view name) { return sha256_hex(name); }

}  // namespace dc::docker
