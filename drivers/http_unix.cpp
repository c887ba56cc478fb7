// The libcurl transport. Each thread owns its handles (libcurl handles and connection caches must
// not be shared between threads), and each request runs in a multi handle so that a stop token
// can wake it with curl_multi_wakeup.
#include <cctype>
#include <exception>
#include <mutex>
#include <stop_token>
#include <vector>

#include "core/version.h"
#include "drivers/http.h"

namespace dc::docker {

namespace {

struct CurlHandles {
    CURLM* multi = nullptr;
    CURL* easy = nullptr;
};

// Handles idle on this thread. A callback that calls the client again (an event sink inspecting
// a container) leases a second pair while the first is busy.
struct ThreadHandles {
    std::vector<CurlHandles> idle;
    ~ThreadHandles() {
        for (CurlHandles& h : idle) {
            curl_multi_cleanup(h.multi);
            curl_easy_cleanup(h.easy);
        }
    }
};

thread_local ThreadHandles thread_handles;

class HandleLease {
  public:
    HandleLease() {
        if (thread_handles.idle.empty()) {
            handles_ = {curl_multi_init(), curl_easy_init()};
        } else {
            handles_ = thread_handles.idle.back();
            thread_handles.idle.pop_back();
        }
    }
    ~HandleLease() {
        curl_easy_reset(handles_.easy);
        thread_handles.idle.push_back(handles_);
    }
    HandleLease(const HandleLease&) = delete;
    HandleLease& operator=(const HandleLease&) = delete;
    CURLM* multi() const { return handles_.multi; }
    CURL* easy() const { return handles_.easy; }

  private:
    CurlHandles handles_;
};

struct Transfer {
    HttpResponse response;
    const ChunkSink* sink = nullptr;
    const ByteSource* upload = nullptr;
    std::exception_ptr error;  // Thrown by a callback; rethrown once libcurl is out of the way.
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.starts_with("HTTP/")) {
        // A new status line (after a 1xx answer) starts the headers over.
        std::size_t space = line.find(' ');
        transfer.response.status = space == std::string_view::npos
                                       ? 0
                                       : std::atoi(std::string(line.substr(space + 1, 3)).c_str());
        transfer.response.headers.clear();
    } else if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        transfer.response.headers[name] = std::string(value);
    }
    return size * count;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    std::size_t bytes = size * count;
    int status = transfer.response.status;
    if (transfer.sink == nullptr || !*transfer.sink || status < 200 || status > 299) {
        transfer.response.body.append(data, bytes);
        return bytes;
    }
    try {
        if ((*transfer.sink)(std::string_view(data, bytes)) == Flow::Continue) return bytes;
        transfer.response.stopped = true;
    } catch (...) {
        transfer.error = std::current_exception();
    }
    return 0;  // Ends the transfer.
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    try {
        auto got = transfer.upload->read(buffer, size * count);
        if (got) return *got;
    } catch (...) {
        transfer.error = std::current_exception();
    }
    return CURL_READFUNC_ABORT;
}

// Runs the transfer until it ends or `stop` is triggered. Returns the transfer's result, or
// nullopt when cancelled.
std::optional<CURLcode> run(const HandleLease& lease, std::stop_token stop) {
    curl_multi_add_handle(lease.multi(), lease.easy());
    std::optional<CURLcode> result;
    {
        CURLM* multi = lease.multi();
        std::stop_callback wake(stop, [multi] { curl_multi_wakeup(multi); });
        while (!stop.stop_requested()) {
            int running = 0;
            if (curl_multi_perform(multi, &running) != CURLM_OK) {
                result = CURLE_FAILED_INIT;
                break;
            }
            int queued = 0;
            if (CURLMsg* msg = curl_multi_info_read(multi, &queued);
                msg && msg->msg == CURLMSG_DONE) {
                result = msg->data.result;
                break;
            }
            curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
        }
    }
    curl_multi_remove_handle(lease.multi(), lease.easy());
    return result;
}

curl_slist* request_headers(const HttpRequest& request) {
    curl_slist* list = nullptr;
    // An empty Expect: keeps libcurl from waiting a second for "100 Continue" before a body.
    list = curl_slist_append(list, "Expect:");
    list = curl_slist_append(list, request.content_type.empty()
                                       ? "Content-Type:"
                                       : ("Content-Type: " + request.content_type).c_str());
    if (request.upload != nullptr && !request.upload->size) {
        list = curl_slist_append(list, "Transfer-Encoding: chunked");
    }
    for (const std::string& header : request.headers)
        list = curl_slist_append(list, header.c_str());
    return list;
}

void set_method(CURL* easy, const HttpRequest& request, Transfer& transfer) {
    bool has_body = !request.body.empty() || request.upload != nullptr;
    if (request.method == Method::Get || (request.method == Method::Delete && !has_body)) {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        if (request.method == Method::Delete)
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "DELETE");
        return;
    }
    if (request.method == Method::Head) {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
        return;
    }
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    if (request.method != Method::Post) {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method_name(request.method).data());
    }
    if (request.upload != nullptr) {
        transfer.upload = request.upload;
        curl_easy_setopt(easy, CURLOPT_READFUNCTION, on_read);
        curl_easy_setopt(easy, CURLOPT_READDATA, &transfer);
        curl_off_t size =
            request.upload->size ? static_cast<curl_off_t>(*request.upload->size) : -1;
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, size);
    } else {
        // Without POSTFIELDS, even empty, libcurl would read the body from standard input.
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
    }
}

}  // namespace

std::string_view method_name(Method method) {
    switch (method) {
    case Method::Get: return "GET";
    case Method::Head: return "HEAD";
    case Method::Post: return "POST";
    case Method::Put: return "PUT";
    case Method::Delete: return "DELETE";
    }
    return "GET";
}

std::string HttpResponse::header(const std::string& lowercase_name) const {
    auto it = headers.find(lowercase_name);
    return it == headers.end() ? std::string() : it->second;
}

HttpTransport::HttpTransport(Endpoint endpoint, TransportOptions options)
    : endpoint_(std::move(endpoint)), options_(options) {
    // curl_global_init must run once before any handle exists; call_once keeps two clients
    // created on different threads from racing it.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

void HttpTransport::configure(CURL* easy, const std::string& target) const {
    curl_easy_setopt(easy, CURLOPT_URL, (endpoint_.base_url + target).c_str());
    if (endpoint_.kind == HostKind::Unix) {
        curl_easy_setopt(easy, CURLOPT_UNIX_SOCKET_PATH, endpoint_.socket_path.c_str());
    }
    if (endpoint_.tls) {
        const TlsFiles& files = endpoint_.tls_files;
        if (!files.ca.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, files.ca.c_str());
        if (!files.cert.empty()) curl_easy_setopt(easy, CURLOPT_SSLCERT, files.cert.c_str());
        if (!files.key.empty()) curl_easy_setopt(easy, CURLOPT_SSLKEY, files.key.c_str());
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, endpoint_.tls_verify ? 1L : 0L);
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, endpoint_.tls_verify ? 2L : 0L);
    }
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_USERAGENT, (std::string("dc/") + kVersion).c_str());
}

EngineResult<HttpResponse> HttpTransport::send(const HttpRequest& request, const ChunkSink& sink,
                                               std::stop_token stop) const {
    std::string what = std::string(method_name(request.method)) + " " + request.target;
    if (stop.stop_requested()) return engine_failure(FailureKind::Cancelled, what + ": cancelled");
    HandleLease lease;
    CURL* easy = lease.easy();
    Transfer transfer;
    transfer.sink = &sink;
    char error_text[CURL_ERROR_SIZE] = "";
    configure(easy, request.target);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
    if (request.timeout.count() > 0) {
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    }
    set_method(easy, request, transfer);
    curl_slist* headers = request_headers(request);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    std::optional<CURLcode> code = run(lease, stop);
    curl_slist_free_all(headers);
    if (transfer.error) std::rethrow_exception(transfer.error);
    if (!code) return engine_failure(FailureKind::Cancelled, what + ": cancelled");
    if (*code == CURLE_OK || (*code == CURLE_WRITE_ERROR && transfer.response.stopped)) {
        return std::move(transfer.response);
    }
    long os_errno = 0;
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_errno);
    return Unexpected<EngineFailure>{
        transport_failure(endpoint_, *code, os_errno, error_text, what, request.timeout)};
}

}  // namespace dc::docker
