// libcurl, loaded when the first request is made rather than when dc starts.
//
// libcurl brings some thirty shared libraries with it (TLS, HTTP/2, LDAP,
// Kerberos, ...). Resolving their symbols at start-up costs dc more than
// everything `dc config` does, and `config` never talks to the engine. So dc
// is not linked against libcurl: these definitions of the libcurl functions
// the client calls forward to the real ones, looked up with dlopen/dlsym on
// first use. The declarations (and so the types) still come from Debian's
// <curl/curl.h>.
// The type-checking macros of <curl/curl.h> would rewrite the definitions below.
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <dlfcn.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace {

// The soname of Debian 12's libcurl4 (ABI 4).
constexpr const char* kLibcurl = "libcurl.so.4";

void* libcurl() {
    static void* handle = nullptr;
    // call_once: two threads making their first requests must not load it twice.
    static std::once_flag once;
    std::call_once(once, [] {
        handle = dlopen(kLibcurl, RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            std::fprintf(stderr, "dc: error: cannot load %s (install Debian's libcurl4): %s\n",
                         kLibcurl, dlerror());
            std::exit(1);
        }
    });
    return handle;
}

template <typename F>
F resolve(const char* name) {
    void* symbol = dlsym(libcurl(), name);
    if (symbol == nullptr) {
        std::fprintf(stderr, "dc: error: %s has no %s\n", kLibcurl, name);
        std::exit(1);
    }
    return reinterpret_cast<F>(symbol);
}

// Each forwarder looks its target up once (function-local statics are
// initialized thread-safely).
#define DC_CURL_TARGET(name) static const auto real = resolve<decltype(&::name)>(#name)

}  // namespace

extern "C" {

CURLcode curl_global_init(long flags) {
    DC_CURL_TARGET(curl_global_init);
    return real(flags);
}

CURL* curl_easy_init(void) {
    DC_CURL_TARGET(curl_easy_init);
    return real();
}

void curl_easy_cleanup(CURL* handle) {
    DC_CURL_TARGET(curl_easy_cleanup);
    real(handle);
}

void curl_easy_reset(CURL* handle) {
    DC_CURL_TARGET(curl_easy_reset);
    real(handle);
}

CURLcode curl_easy_perform(CURL* handle) {
    DC_CURL_TARGET(curl_easy_perform);
    return real(handle);
}

const char* curl_easy_strerror(CURLcode code) {
    DC_CURL_TARGET(curl_easy_strerror);
    return real(code);
}

CURLcode curl_easy_send(CURL* handle, const void* buffer, size_t length, size_t* sent) {
    DC_CURL_TARGET(curl_easy_send);
    return real(handle, buffer, length, sent);
}

CURLcode curl_easy_recv(CURL* handle, void* buffer, size_t length, size_t* received) {
    DC_CURL_TARGET(curl_easy_recv);
    return real(handle, buffer, length, received);
}

// The option number says the argument's type (CURLOPTTYPE_*), which is how
// libcurl itself reads it; the argument is passed on as that type.
CURLcode curl_easy_setopt(CURL* handle, CURLoption option, ...) {
    DC_CURL_TARGET(curl_easy_setopt);
    va_list args;
    va_start(args, option);
    CURLcode result;
    if (option < CURLOPTTYPE_OBJECTPOINT) {
        result = real(handle, option, va_arg(args, long));
    } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
        result = real(handle, option, va_arg(args, void*));
    } else if (option < CURLOPTTYPE_OFF_T) {
        using AnyFunction = void (*)(void);
        result = real(handle, option, va_arg(args, AnyFunction));
    } else if (option < CURLOPTTYPE_BLOB) {
        result = real(handle, option, va_arg(args, curl_off_t));
    } else {
        result = real(handle, option, va_arg(args, void*));
    }
    va_end(args);
    return result;
}

// Every CURLINFO takes one pointer.
CURLcode curl_easy_getinfo(CURL* handle, CURLINFO info, ...) {
    DC_CURL_TARGET(curl_easy_getinfo);
    va_list args;
    va_start(args, info);
    void* out = va_arg(args, void*);
    va_end(args);
    return real(handle, info, out);
}

struct curl_slist* curl_slist_append(struct curl_slist* list, const char* text) {
    DC_CURL_TARGET(curl_slist_append);
    return real(list, text);
}

void curl_slist_free_all(struct curl_slist* list) {
    DC_CURL_TARGET(curl_slist_free_all);
    real(list);
}

CURLM* curl_multi_init(void) {
    DC_CURL_TARGET(curl_multi_init);
    return real();
}

CURLMcode curl_multi_cleanup(CURLM* multi) {
    DC_CURL_TARGET(curl_multi_cleanup);
    return real(multi);
}

CURLMcode curl_multi_add_handle(CURLM* multi, CURL* handle) {
    DC_CURL_TARGET(curl_multi_add_handle);
    return real(multi, handle);
}

CURLMcode curl_multi_remove_handle(CURLM* multi, CURL* handle) {
    DC_CURL_TARGET(curl_multi_remove_handle);
    return real(multi, handle);
}

CURLMcode curl_multi_perform(CURLM* multi, int* running) {
    DC_CURL_TARGET(curl_multi_perform);
    return real(multi, running);
}

CURLMcode curl_multi_poll(CURLM* multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds,
                          int timeout_ms, int* ret) {
    DC_CURL_TARGET(curl_multi_poll);
    return real(multi, extra_fds, extra_nfds, timeout_ms, ret);
}

CURLMcode curl_multi_wakeup(CURLM* multi) {
    DC_CURL_TARGET(curl_multi_wakeup);
    return real(multi);
}

CURLMsg* curl_multi_info_read(CURLM* multi, int* queued) {
    DC_CURL_TARGET(curl_multi_info_read);
    return real(multi, queued);
}

}  // extern "C"
