// Pieces shared by the files that implement DockerClient: calls, queries, answer checks, and
// the JSON encoders and decoders of the engine's objects.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "drivers/http.h"

namespace dc::docker {

class Query {
  public:
    Query& add(std::string key, std::string value);
    // Adds key=1 when `on`; the engine reads an absent boolean as false.
    Query& flag(std::string key, bool on);
    // Adds filters={"label":["a=b"]} unless `filters` is empty.
    Query& filters(const Filters& filters);
    std::string str() const;  // "?a=b&c=d", or "" when empty.

  private:
    std::vector<std::pair<std::string, std::string>> items_;
};

// Ordinary requests honour ClientOptions::request_timeout; long ones (stops, waits, streams,
// uploads) wait as long as they take, and take a stop token instead.
enum class Duration { Ordinary, Long };

struct Call {
    Method method = Method::Get;
    std::string path;  // Unversioned and escaped: "/containers/abc/json".
    Query query = {};
    std::optional<nlohmann::json> json = {};  // A JSON body.
    const ByteSource* upload = nullptr;  // Or a streamed body of `content_type`.
    std::string content_type = {};
    std::vector<std::string> headers = {};
    Duration duration = Duration::Ordinary;

    std::string what() const { return std::string(method_name(method)) + " " + path; }
};

// Percent-encodes everything but unreserved characters (for ids, names and query values).
std::string escape(std::string_view text);
// Image references keep "/" and ":" (the engine routes /images/{name:.*}/json).
std::string escape_reference(std::string_view reference);

// A 2xx answer's JSON body; an error status or unparsable JSON is a failure.
EngineResult<nlohmann::json> json_answer(const EngineResult<HttpResponse>& response,
                                         const Call& call);
// 2xx is Done, 304 Unchanged, 404 NotFound; anything else is a failure.
EngineResult<Outcome> outcome_answer(const EngineResult<HttpResponse>& response, const Call& call);
// Like outcome_answer, but 404 is a failure too (connecting to a network that does not exist).
EngineResult<Outcome> done_answer(const EngineResult<HttpResponse>& response, const Call& call);

// Runs a decoder over an answer: a missing field is its default, a field of the wrong type is a
// Protocol failure naming the call.
template <typename T, typename Decoder>
EngineResult<T> decode(const nlohmann::json& json, const Call& call, Decoder decoder) {
    try {
        return decoder(json);
    } catch (const std::exception& e) {
        return engine_failure(FailureKind::Protocol,
                              "unexpected answer to " + call.what() + ": " + e.what());
    }
}

template <typename T, typename Decoder>
EngineResult<std::vector<T>> decode_list(const nlohmann::json& json, const Call& call,
                                         Decoder decoder) {
    return decode<std::vector<T>>(json, call, [&](const nlohmann::json& list) {
        std::vector<T> out;
        if (!list.is_null() && !list.is_array()) throw std::runtime_error("expected a list");
        if (list.is_array()) {
            for (const nlohmann::json& item : list) out.push_back(decoder(item));
        }
        return out;
    });
}

// ---- Encoders (encode.cpp, encode_host.cpp) ------------------------------------------------

nlohmann::json encode_container(const ContainerSpec& spec, ApiVersion api,
                                std::vector<std::string>& warnings);
nlohmann::json encode_host_config(const HostConfig& host, ApiVersion api,
                                  std::vector<std::string>& warnings);
nlohmann::json encode_endpoint(const EndpointSpec& endpoint, ApiVersion api);
nlohmann::json encode_network(const NetworkSpec& spec, ApiVersion api);
nlohmann::json encode_volume(const VolumeSpec& spec);
nlohmann::json encode_exec(const ExecSpec& spec);

// ---- Decoders (decode.cpp, decode_container.cpp) -------------------------------------------

ContainerSummary decode_container_summary(const nlohmann::json& json);
ContainerInfo decode_container_info(const nlohmann::json& json);
NetworkInfo decode_network(const nlohmann::json& json);
VolumeInfo decode_volume(const nlohmann::json& json);
ImageInfo decode_image(const nlohmann::json& json);
ImageSummary decode_image_summary(const nlohmann::json& json);
VersionInfo decode_version(const nlohmann::json& json);
ExecInfo decode_exec(const nlohmann::json& json);
Event decode_event(const nlohmann::json& json);
PathStat decode_path_stat(const nlohmann::json& json);

// Field readers that take null or a missing key as the default and throw on a wrong type.
std::string text_field(const nlohmann::json& object, const char* key);
std::int64_t int_field(const nlohmann::json& object, const char* key);
bool bool_field(const nlohmann::json& object, const char* key);
std::vector<std::string> strings_field(const nlohmann::json& object, const char* key);
std::map<std::string, std::string> map_field(const nlohmann::json& object, const char* key);
const nlohmann::json& object_field(const nlohmann::json& object, const char* key);

// Request-body helpers: an empty value is left out, so that the engine and
// the image keep their defaults.
inline void put(nlohmann::json& out, const char* key, const std::string& value) {
    if (!value.empty()) out[key] = value;
}

inline void put(nlohmann::json& out, const char* key, const std::vector<std::string>& values) {
    if (!values.empty()) out[key] = values;
}

inline void put(nlohmann::json& out, const char* key,
                const std::map<std::string, std::string>& values) {
    if (!values.empty()) out[key] = values;
}

}  // namespace dc::docker
