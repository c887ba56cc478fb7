// Plain HTTP through HttpTransport: the URL split into an endpoint (scheme and authority) and a
// target, so that libcurl stays loaded lazily and configured in one place.
#include "drivers/http_client.h"

#include "drivers/http.h"

namespace dc::docker {

namespace {

class CurlHttpClient final : public HttpClient {
  public:
    EngineResult<HttpReply> send(const std::string& method, const std::string& url,
                                 const std::string& json,
                                 std::chrono::milliseconds timeout) override {
        std::size_t scheme = url.find("://");
        std::size_t path = scheme == std::string::npos ? 0 : url.find('/', scheme + 3);
        if (scheme == std::string::npos || path == std::string::npos) {
            return engine_failure(FailureKind::Protocol, "not an absolute URL: " + url);
        }
        Endpoint endpoint{
            .host = url.substr(0, path), .kind = HostKind::Tcp, .base_url = url.substr(0, path)};
        HttpTransport transport(endpoint, TransportOptions{.connect_timeout = timeout});
        HttpRequest request{.method = method == "POST" ? Method::Post : Method::Get,
                            .target = url.substr(path),
                            .body = json,
                            .content_type = json.empty() ? "" : "application/json;charset=UTF-8",
                            .headers = {},
                            .timeout = timeout};
        auto response = transport.send(request, {}, {});
        if (!response) {
            EngineFailure failure = response.error();
            // The transport words connection trouble for the Docker Engine; this is not it.
            if (failure.kind == FailureKind::Unavailable) {
                failure.message = "cannot connect to " + endpoint.base_url;
            }
            return Unexpected<EngineFailure>{failure};
        }
        return HttpReply{.status = response->status, .body = std::move(response->body)};
    }
};

}  // namespace

std::unique_ptr<HttpClient> make_http_client() {
    return std::make_unique<CurlHttpClient>();
}

}  // namespace dc::docker
