// Failures from the transport: libcurl errors and the engine's error answers, classified, and
// worded as one line that says what to do where there is something to do.
#include <cctype>
#include <cerrno>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "drivers/http.h"

namespace dc::docker {

namespace {

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    }
    return true;
}

std::string where(const Endpoint& endpoint) {
    std::string out = endpoint.host;
    if (endpoint.context != "default") out += " (docker context \"" + endpoint.context + "\")";
    return out;
}

// The engine's {"message": ...}, or the body's first line when it is not JSON.
std::string engine_text(std::string_view body) {
    auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (json.is_object()) {
        auto it = json.find("message");
        if (it != json.end() && it->is_string()) return it->get<std::string>();
    }
    std::string_view line = body.substr(0, body.find('\n'));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.size() > 200) line = line.substr(0, 200);
    return std::string(line);
}

FailureKind classify(int status, std::string_view message) {
    switch (status) {
    case 404:
        return starts_with_nocase(message, "no such image") ? FailureKind::NoSuchImage
                                                            : FailureKind::NotFound;
    case 409:
        return contains(message, "is already in use") || contains(message, "already exists")
                   ? FailureKind::NameInUse
                   : FailureKind::Conflict;
    default: break;
    }
    if (contains(message, "port is already allocated") ||
        contains(message, "address already in use")) {
        return FailureKind::PortAllocated;
    }
    return FailureKind::ServerError;
}

}  // namespace

std::string connect_message(const Endpoint& endpoint, int os_errno) {
    std::string reason = os_errno != 0 ? std::strerror(os_errno) : "connection failed";
    std::string out = "cannot connect to the Docker Engine at " + where(endpoint) + ": ";
    if (os_errno == EACCES || os_errno == EPERM) {
        out +=
            "permission denied; add your user to the docker group (sudo usermod -aG docker "
            "$USER) and log in again";
    } else if (endpoint.kind == HostKind::Unix) {
        out += "is the daemon running?";
    } else {
        out += "is the daemon running and listening there?";
    }
    return out + " (connect: " + reason + ")";
}

EngineFailure transport_failure(const Endpoint& endpoint, CURLcode code, long os_errno,
                                std::string_view curl_message, std::string_view what,
                                std::chrono::milliseconds timeout) {
    std::string detail(curl_message.empty() ? curl_easy_strerror(code) : curl_message);
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
        return {FailureKind::Unavailable, 0, connect_message(endpoint, static_cast<int>(os_errno))};
    case CURLE_OPERATION_TIMEDOUT: {
        if (contains(detail, "onnect")) {
            return {FailureKind::Unavailable, 0, connect_message(endpoint, ETIMEDOUT)};
        }
        auto seconds = std::to_string(timeout.count() / 1000.0);
        seconds.erase(seconds.find_last_not_of('0') + 1);
        if (seconds.ends_with('.')) seconds.pop_back();
        return {FailureKind::Unavailable, 0,
                "the Docker Engine at " + where(endpoint) + " did not answer " + std::string(what) +
                    " within " + seconds + " s"};
    }
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
        return {FailureKind::Unavailable, 0,
                "TLS with the Docker Engine at " + where(endpoint) + " failed: " + detail +
                    " (check DOCKER_CERT_PATH and DOCKER_TLS_VERIFY)"};
    case CURLE_GOT_NOTHING:
        return {FailureKind::Protocol, 0,
                "the Docker Engine at " + where(endpoint) + " closed the connection without " +
                    "answering " + std::string(what)};
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
        return {FailureKind::Protocol, 0,
                "the connection to the Docker Engine broke in the middle of the answer to " +
                    std::string(what) + " (" + detail + ")"};
    case CURLE_ABORTED_BY_CALLBACK:
    case CURLE_READ_ERROR:
        return {FailureKind::Protocol, 0,
                "reading the body of " + std::string(what) + " failed (" + detail + ")"};
    default:
        return {FailureKind::Protocol, 0,
                std::string(what) + " to the Docker Engine at " + where(endpoint) +
                    " failed: " + detail};
    }
}

EngineFailure status_failure(int status, std::string_view body, std::string_view what) {
    std::string message = engine_text(body);
    if (message.empty()) message = std::string(what) + ": HTTP " + std::to_string(status);
    return {classify(status, message), status, message};
}

}  // namespace dc::docker
