// `dc up`'s checks before creating anything, and its recreate on an image change, against the
// real engine: a taken host port, a missing image, a container name in use.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/labels.h"
#include "tests/drivers/tar_writer.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

// A TCP socket listening on a free port of every interface, closed at the end of the test.
class Listener {
  public:
    Listener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        socklen_t length = sizeof address;
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(fd_, 1) == 0);
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        port_ = ntohs(address.sin_port);
    }
    ~Listener() { ::close(fd_); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
    int port() const { return port_; }

  private:
    int fd_ = -1;
    int port_ = 0;
};

std::vector<ContainerSummary> containers_of(const std::string& project) {
    return value_or_throw(engine().list_containers(
        {.all = true, .filters = {{"label", {std::string(kLabelProject) + "=" + project}}}}));
}

bool network_exists(const std::string& name) {
    auto found = engine().inspect_network(name);
    return found && found->has_value() && (*found)->name == name;
}

void check_nothing_created(const std::string& project) {
    CHECK(containers_of(project).empty());
    CHECK_FALSE(network_exists(project + "_default"));
}

std::string web_publishing(int port) {
    return "services:\n  web:\n    image: dc-test/busybox:latest\n    command: [\"sleep\", "
           "\"300\"]\n    stop_signal: SIGKILL\n    ports: [\"" +
           std::to_string(port) + ":80\"]\n";
}

}  // namespace

TEST_CASE("e2e up checks: a host port held by another process fails before creating anything") {
    ProjectGuard project(unique_project("port"));
    test::TempDir dir;
    Listener listener;
    dir.write("compose.yaml", web_publishing(listener.port()));
    RunResult up = run_dc({"-p", project.name(), "up", "-d"}, dir.path());
    CHECK(up.status == 1);
    CHECK(up.err == "dc: error: service \"web\": host port " + std::to_string(listener.port()) +
                        " is already in use (by another process)\n");
    check_nothing_created(project.name());
}

TEST_CASE("e2e up checks: a host port published by another project's container is named") {
    ProjectGuard other(unique_project("holder"));
    ProjectGuard project(unique_project("port"));
    test::TempDir dir;
    int port = 0;
    {
        Listener free_port;  // A port free a moment ago; the other project takes it.
        port = free_port.port();
    }
    dir.write("compose.yaml", web_publishing(port));
    RunResult held = run_dc({"-p", other.name(), "up", "-d"}, dir.path());
    INFO(held.err);
    REQUIRE(held.status == 0);
    RunResult up = run_dc({"-p", project.name(), "up", "-d"}, dir.path());
    CHECK(up.status == 1);
    CHECK(up.err == "dc: error: service \"web\": host port " + std::to_string(port) +
                        " is already in use (by container \"" + other.name() + "-web-1\")\n");
    check_nothing_created(project.name());
    // The holder itself converges as before: its own container keeps the port.
    RunResult again = run_dc({"-p", other.name(), "up", "-d"}, dir.path());
    CHECK(again.status == 0);
}

TEST_CASE("e2e up checks: a missing image is one line, with pull_policy never or a failed pull") {
    ProjectGuard project(unique_project("image"));
    test::TempDir dir;
    const std::string image = "dc-e2e-absent/" + project.name() + ":1";
    dir.write("compose.yaml", "services:\n  db:\n    image: " + image +
                                  "\n    pull_policy: never\n  web:\n    image: " + kBusybox +
                                  "\n");
    RunResult never = run_dc({"-p", project.name(), "up", "-d"}, dir.path());
    CHECK(never.status == 1);
    CHECK(never.err == "dc: error: service \"db\": image \"" + image +
                           "\" is not present and pull_policy is \"never\"\n");
    check_nothing_created(project.name());

    dir.write("compose.yaml", "services:\n  db:\n    image: " + image + "\n");
    RunResult pulled = run_dc({"-p", project.name(), "up", "-d"}, dir.path());
    CHECK(pulled.status == 1);
    // The progress shows the pull and its error; the command ends with one line naming both.
    const std::string prefix =
        "dc: error: service \"db\": pulling image \"" + image + "\" failed: ";
    const std::size_t last = pulled.err.rfind('\n', pulled.err.size() - 2);
    const std::string last_line = pulled.err.substr(last == std::string::npos ? 0 : last + 1);
    INFO(pulled.err);
    CHECK(last_line.starts_with(prefix));
    CHECK(last_line.size() > prefix.size() + 1);
    check_nothing_created(project.name());

    // --pull takes Compose's words only; --pull never turns the pull into the same refusal.
    RunResult bogus = run_dc({"-p", project.name(), "up", "-d", "--pull", "bogus"}, dir.path());
    CHECK(bogus.status == 1);
    CHECK(bogus.err == "dc: error: invalid --pull option \"bogus\"\n");
    RunResult refused = run_dc({"-p", project.name(), "up", "-d", "--pull", "never"}, dir.path());
    CHECK(refused.status == 1);
    CHECK(refused.err == "dc: error: service \"db\": image \"" + image +
                             "\" is not present and --pull is \"never\"\n");
    check_nothing_created(project.name());
}

TEST_CASE("e2e up checks: a container name used outside the project is one line") {
    ProjectGuard stranger(unique_project("stranger"));
    ProjectGuard project(unique_project("name"));
    test::TempDir dir;
    const std::string name = project.name() + "-shared";
    ContainerSpec spec{.name = name, .image = kBusybox, .cmd = std::vector<std::string>{"true"}};
    spec.labels = {{kLabelProject, stranger.name()}};
    std::string id = value_or_throw(engine().create_container(spec)).id;
    dir.write("compose.yaml", "services:\n  web:\n    image: " + std::string(kBusybox) +
                                  "\n    container_name: " + name + "\n");
    RunResult up = run_dc({"-p", project.name(), "up", "-d"}, dir.path());
    CHECK(up.status == 1);
    CHECK(up.err == "dc: error: service \"web\": container name \"" + name +
                        "\" is already in use by container " + id.substr(0, 12) +
                        ", which does not belong to project \"" + project.name() + "\"\n");
    check_nothing_created(project.name());
}

TEST_CASE("e2e up: a container whose image tag was re-pointed is recreated from the new image") {
    const std::string repository = "dc-e2e-retag";
    const std::string tag = unique_project("img");
    const std::string reference = repository + ":" + tag;
    ImageGuard image(reference);
    ProjectGuard project(unique_project("retag"));
    test::TempDir dir;
    REQUIRE(engine().tag_image(kBusybox, repository, tag));
    dir.write("compose.yaml", "services:\n  app:\n    image: " + reference +
                                  "\n    command: [\"busybox\", \"sleep\", \"300\"]\n"
                                  "    stop_signal: SIGKILL\n");
    const std::string name = project.name() + "-app-1";
    REQUIRE(run_dc({"-p", project.name(), "up", "-d"}, dir.path()).status == 0);
    auto first = value_or_throw(engine().inspect_container(name));
    REQUIRE(first);
    std::string busybox_id = (*value_or_throw(engine().inspect_image(kBusybox))).id;
    CHECK(first->labels.at(kLabelImage) == busybox_id);
    REQUIRE(run_dc({"-p", project.name(), "up", "-d"}, dir.path()).status == 0);
    CHECK(value_or_throw(engine().inspect_container(name))->id == first->id);

    // Re-point the tag: a new image holding the same busybox.
    std::ifstream in("/bin/busybox", std::ios::binary);
    std::stringstream binary;
    binary << in.rdbuf();
    test::TarWriter tar;
    tar.add_directory("bin/");
    tar.add_file("bin/busybox", binary.str(), 0755);
    const std::string tarball = tar.finish();
    std::size_t offset = 0;
    ByteSource source{[&](char* buffer, std::size_t size) -> std::optional<std::size_t> {
                          std::size_t n = std::min(size, tarball.size() - offset);
                          std::copy_n(tarball.data() + offset, n, buffer);
                          offset += n;
                          return n;
                      },
                      tarball.size()};
    std::string new_id = value_or_throw(engine().import_image(
        source, {.repository = repository, .tag = tag, .changes = {"LABEL variant=" + tag}}, {}));
    REQUIRE(new_id != busybox_id);

    RunResult up = run_dc({"-p", project.name(), "--progress", "plain", "up", "-d"}, dir.path());
    INFO(up.err);
    REQUIRE(up.status == 0);
    CHECK(up.err.find("Container " + name + "  Recreated") != std::string::npos);
    auto second = value_or_throw(engine().inspect_container(name));
    REQUIRE(second);
    CHECK(second->id != first->id);
    CHECK(second->image_id == new_id);
    CHECK(second->labels.at(kLabelImage) == new_id);
    CHECK(second->state.running);
}
