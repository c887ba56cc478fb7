// The terminal progress view (cli/progress_view.h): frames rendered from events and times.
#include "cli/progress_view.h"

#include <doctest/doctest.h>

using dc::ProgressEvent;
using dc::ProgressStatus;
using dc::ResourceKind;
using dc::cli::FrameStyle;
using dc::cli::ProgressView;
using dc::cli::ViewClock;

namespace {

ViewClock::time_point at(int milliseconds) {
    return ViewClock::time_point{} + std::chrono::milliseconds(milliseconds);
}

ProgressEvent container(const std::string& name, ProgressStatus status) {
    return {.kind = ResourceKind::Container, .name = name, .status = status};
}

ProgressEvent network(ProgressStatus status) {
    return {.kind = ResourceKind::Network, .name = "p_default", .status = status};
}

}  // namespace

TEST_CASE("progress view: resources aligned, busy ones spinning, timers flush right") {
    ProgressView view;
    view.apply(network(ProgressStatus::Creating), at(0));
    view.apply(network(ProgressStatus::Created), at(100));
    view.apply({.kind = ResourceKind::Volume, .name = "p_data", .status = ProgressStatus::Created},
               at(100));
    view.apply(container("p-web-1", ProgressStatus::Creating), at(100));
    view.apply(container("p-web-1", ProgressStatus::Created), at(300));
    view.apply(container("p-web-1", ProgressStatus::Starting), at(350));
    CHECK(view.busy());
    const FrameStyle style{.width = 50};
    CHECK(view.frame(at(600), style) == std::vector<std::string>{
                                            "[+] Running 2/3",
                                            " ✔ Network p_default  Created                0.1s ",
                                            " ✔ Volume \"p_data\"    Created                0.0s ",
                                            " ⠴ Container p-web-1  Starting               0.5s ",
                                        });
    view.apply(container("p-web-1", ProgressStatus::Started), at(600));
    CHECK_FALSE(view.busy());
    std::vector<std::string> last = view.frame(at(900), style);
    CHECK(last.front() == "[+] Running 3/3");
    CHECK(last.back() == " ✔ Container p-web-1  Started                0.5s ");
}

TEST_CASE("progress view: colours when asked; errors red with their message cut to fit") {
    ProgressView view;
    view.apply(container("p-web-1", ProgressStatus::Started), at(0));
    CHECK(view.frame(at(0), {.width = 40, .colour = true}) ==
          std::vector<std::string>{
              "\x1b[34m[+] Running 1/1\x1b[0m",
              " \x1b[32m✔\x1b[0m Container p-web-1  \x1b[32mStarted\x1b[0m      "
              "\x1b[34m0.0s \x1b[0m",
          });
    view.apply({.kind = ResourceKind::Container,
                .name = "p-db-1",
                .status = ProgressStatus::Error,
                .text = "port is already allocated"},
               at(200));
    std::vector<std::string> lines = view.frame(at(300), {.width = 40});
    CHECK(lines[0] == "[+] Running 1/2");
    CHECK(lines[2] == " ✘ Container p-db-1   Error port...0.0s ");
}

TEST_CASE("progress view: warnings are lines printed once above the view") {
    ProgressView view;
    auto message = view.apply({.kind = ResourceKind::Project,
                               .name = "p",
                               .status = ProgressStatus::Warning,
                               .text = "Found orphan containers"},
                              at(0));
    CHECK(message == "WARN[0000] Found orphan containers");
    CHECK(view.empty());
}
