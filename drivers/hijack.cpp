#include "drivers/hijack.h"

#include <cctype>
#include <cstdlib>
#include <map>
#include <string>

#include "core/version.h"
#include "drivers/hijack_io.h"

namespace dc::docker {

namespace {

constexpr std::size_t kMaxHead = 64 * 1024;

struct Head {
    int status = 0;
    std::map<std::string, std::string> headers;  // Lowercase names.
    std::string rest;  // Bytes after the blank line: the start of the stream or the body.
};

std::string request_text(const HttpTransport& transport, const HijackRequest& request) {
    std::string authority = transport.endpoint().base_url;
    authority.erase(0, authority.find("://") + 3);
    return "POST " + request.target + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: dc/" +
           kVersion + "\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(request.json_body.size()) +
           "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n" + request.json_body;
}

EngineResult<Head> read_head(Session& session) {
    std::string buffer;
    std::size_t end = std::string::npos;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (buffer.size() > kMaxHead) return session.protocol("an endless header");
        auto got = session.receive();
        if (!got) return failed(got);
        if (got->empty()) return session.protocol("a closed connection instead of an answer");
        buffer += *got;
    }
    Head head;
    std::string_view text(buffer.data(), end);
    std::string_view status_line = text.substr(0, text.find("\r\n"));
    if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) {
        return session.protocol("a bad status line");
    }
    head.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
    for (std::size_t at = status_line.size() + 2; at < text.size();) {
        std::size_t next = text.find("\r\n", at);
        if (next == std::string_view::npos) next = text.size();
        std::string_view line = text.substr(at, next - at);
        if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
            std::string name(line.substr(0, colon));
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            head.headers[name] = std::string(value);
        }
        at = next + 2;
    }
    head.rest = buffer.substr(end + 4);
    return head;
}

// "5\r\nhello\r\n0\r\n\r\n" -> "hello"; nullopt until the last chunk arrived.
std::optional<std::string> dechunk(std::string_view data) {
    std::string out;
    for (;;) {
        std::size_t line_end = data.find("\r\n");
        if (line_end == std::string_view::npos) return std::nullopt;
        std::size_t size = std::strtoul(std::string(data.substr(0, line_end)).c_str(), nullptr, 16);
        if (size == 0) return out;
        if (data.size() < line_end + 2 + size + 2) return std::nullopt;
        out.append(data.substr(line_end + 2, size));
        data.remove_prefix(line_end + 2 + size + 2);
    }
}

// The body of an error answer: by Content-Length, chunked, or up to the close.
EngineResult<std::string> read_body(Session& session, const Head& head) {
    std::string body = head.rest;
    auto length = head.headers.find("content-length");
    bool chunked = head.headers.count("transfer-encoding") != 0;
    for (;;) {
        if (length != head.headers.end() && body.size() >= std::stoul(length->second)) return body;
        if (chunked) {
            if (auto whole = dechunk(body)) return *whole;
        }
        if (body.size() > kMaxHead) return body;
        auto got = session.receive();
        if (!got) return failed(got);
        if (got->empty()) return body;
        body += *got;
    }
}

}  // namespace

EngineResult<Outcome> run_hijacked(const HttpTransport& transport, const HijackRequest& request,
                                   const FrameSink& sink, std::stop_token stop) {
    std::string what = "POST " + request.target;
    Session session(transport, what, stop);
    if (auto opened = session.open(request.target); !opened) return opened;
    if (auto sent = session.send_all(request_text(transport, request)); !sent) return sent;
    auto head = read_head(session);
    if (!head) return failed(head);
    if (head->status != 101 && head->status != 200) {
        auto body = read_body(session, *head);
        if (!body) return failed(body);
        return Unexpected<EngineFailure>{status_failure(head->status, *body, what)};
    }
    if (request.on_upgraded && request.on_upgraded() == Flow::Stop) return Outcome::Done;
    FrameDecoder decoder(request.format);
    return session.pump(head->rest, request.input, decoder, sink);
}

}  // namespace dc::docker
