// Queries, escaping and the checks every answer goes through.
#include "drivers/client_internal.h"

namespace dc::docker {

namespace {

bool unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

std::string percent_encode(std::string_view text, std::string_view keep) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        if (unreserved(c) || keep.find(c) != std::string_view::npos) {
            out += c;
        } else {
            auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        }
    }
    return out;
}

}  // namespace

Query& Query::add(std::string key, std::string value) {
    items_.emplace_back(std::move(key), std::move(value));
    return *this;
}

Query& Query::flag(std::string key, bool on) {
    if (on) add(std::move(key), "1");
    return *this;
}

Query& Query::filters(const Filters& filters) {
    if (filters.empty()) return *this;
    nlohmann::json json = nlohmann::json::object();
    for (const auto& [key, values] : filters) json[key] = values;
    return add("filters", json.dump());
}

std::string Query::str() const {
    std::string out;
    for (const auto& [key, value] : items_) {
        out += out.empty() ? '?' : '&';
        out += percent_encode(key, "");
        out += '=';
        out += percent_encode(value, "");
    }
    return out;
}

std::string escape(std::string_view text) {
    return percent_encode(text, "");
}

std::string escape_reference(std::string_view reference) {
    return percent_encode(reference, "/:@");
}

EngineResult<nlohmann::json> json_answer(const EngineResult<HttpResponse>& response,
                                         const Call& call) {
    if (!response) return failed(response);
    if (response->status < 200 || response->status > 299) {
        return Unexpected<EngineFailure>{
            status_failure(response->status, response->body, call.what())};
    }
    auto json = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
        return engine_failure(FailureKind::Protocol,
                              "unexpected answer to " + call.what() + ": not JSON",
                              response->status);
    }
    return json;
}

EngineResult<Outcome> outcome_answer(const EngineResult<HttpResponse>& response, const Call& call) {
    if (response && response->status == 404) return Outcome::NotFound;
    return done_answer(response, call);
}

EngineResult<Outcome> done_answer(const EngineResult<HttpResponse>& response, const Call& call) {
    if (!response) return failed(response);
    if (response->status == 304) return Outcome::Unchanged;
    if (response->status >= 200 && response->status <= 299) return Outcome::Done;
    return Unexpected<EngineFailure>{status_failure(response->status, response->body, call.what())};
}

}  // namespace dc::docker
