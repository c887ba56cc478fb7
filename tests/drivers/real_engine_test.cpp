// Round trips through the real Docker Engine (DOCKER_HOST, the docker context, or the local
// socket). Every object gets a unique name and label and is removed by a guard, also when a check
// fails. Waits poll real state against a deadline. Without an engine these tests fail, saying why.
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>
#include <unistd.h>

#include "core/environment.h"
#include "drivers/api_version.h"
#include "drivers/docker_client.h"
#include "tests/drivers/tar_writer.h"

using dc::FailureKind;
using dc::Flow;
using dc::Outcome;
using dc::docker::DockerClient;

namespace {

constexpr const char* kBusybox = "/bin/busybox";

std::string unique_name() {
    std::random_device random;
    std::ostringstream out;
    out << "dc-test-" << ::getpid() << "-" << std::hex << random();
    return out.str();
}

// The failure's message for a check that failed, or nothing.
template <typename T>
std::string why(const dc::EngineResult<T>& result) {
    return result ? std::string() : dc::engine_message(result.error());
}

std::unique_ptr<DockerClient> real_engine() {
    auto endpoint = dc::docker::resolve_endpoint({}, dc::os_environment());
    REQUIRE_MESSAGE(endpoint, "no Docker Engine endpoint: " << why(endpoint));
    auto client = std::make_unique<DockerClient>(*endpoint);
    auto ping = client->ping();
    REQUIRE_MESSAGE(ping, "these tests need a running Docker Engine: " << why(ping));
    return client;
}

// Runs its actions in reverse order when the test ends, however it ends. Actions capture what
// they remove by value: the test's locals may be gone by then.
class Cleanup {
  public:
    ~Cleanup() {
        for (auto it = actions_.rbegin(); it != actions_.rend(); ++it) (*it)();
    }
    void add(std::function<void()> action) { actions_.push_back(std::move(action)); }

  private:
    std::vector<std::function<void()>> actions_;
};

// Polls until `condition` holds; false when `limit` passed first.
bool wait_until(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

std::string busybox_tarball() {
    std::ifstream in(kBusybox, std::ios::binary);
    std::stringstream binary;
    binary << in.rdbuf();
    dc::test::TarWriter tar;
    tar.add_directory("bin/");
    tar.add_file("bin/busybox", binary.str(), 0755);
    return tar.finish();
}

dc::ByteSource bytes_source(const std::string& data, std::size_t& offset) {
    return {[&data, &offset](char* buffer, std::size_t size) -> std::optional<std::size_t> {
                std::size_t n = std::min(size, data.size() - offset);
                std::copy_n(data.data() + offset, n, buffer);
                offset += n;
                return n;
            },
            data.size()};
}

struct Output {
    std::string out, err;
    dc::FrameSink sink() {
        return [this](const dc::OutputFrame& frame) {
            (frame.stream == dc::StreamKind::Stderr ? err : out) += frame.bytes;
            return Flow::Continue;
        };
    }
};

}  // namespace

TEST_CASE("real engine: ping negotiates the API version") {
    auto engine = real_engine();
    DockerClient& client = *engine;
    auto ping = client.ping();
    REQUIRE(ping);
    auto api = client.api_version();
    REQUIRE(api);
    CHECK(*api >= dc::docker::kApiMinimum);
    CHECK(*api == std::min(ping->api_version, dc::docker::kApiMaximum));
    auto version = client.version();
    REQUIRE(version);
    CHECK_FALSE(version->version.empty());
    CHECK(version->api_version == ping->api_version);
}

TEST_CASE("real engine: networks and volumes are created, listed by label and removed") {
    auto engine = real_engine();
    DockerClient& client = *engine;
    std::string name = unique_name();
    dc::Filters by_label{{"label", {"dc.test.run=" + name}}};
    Cleanup cleanup;

    auto network = client.create_network({.name = name, .labels = {{"dc.test.run", name}}});
    REQUIRE_MESSAGE(network, why(network));
    cleanup.add([&client, name] { client.remove_network(name); });
    auto duplicate = client.create_network({.name = name});
    REQUIRE_FALSE(duplicate);
    CHECK(duplicate.error().kind == FailureKind::NameInUse);
    auto networks = client.list_networks(by_label);
    REQUIRE(networks);
    REQUIRE(networks->size() == 1);
    CHECK(networks->front().name == name);
    CHECK(networks->front().id == *network);
    CHECK(networks->front().labels.at("dc.test.run") == name);

    auto volume = client.create_volume({.name = name, .labels = {{"dc.test.run", name}}});
    REQUIRE(volume);
    cleanup.add([&client, name] { client.remove_volume(name, dc::Force::Yes); });
    CHECK(volume->driver == "local");
    auto volumes = client.list_volumes(by_label);
    REQUIRE(volumes);
    REQUIRE(volumes->size() == 1);
    CHECK(volumes->front().name == name);

    CHECK(*client.remove_volume(name, dc::Force::No) == Outcome::Done);
    CHECK_FALSE(client.inspect_volume(name)->has_value());
    CHECK(*client.remove_volume(name, dc::Force::No) == Outcome::NotFound);
    CHECK(*client.remove_network(name) == Outcome::Done);
    CHECK(client.list_networks(by_label)->empty());
    CHECK_FALSE(client.inspect_network(name)->has_value());
}

TEST_CASE("real engine: a busybox image runs, logs, and execs with stdin") {
    REQUIRE_MESSAGE(std::filesystem::exists(kBusybox),
                    kBusybox << " is missing: install Debian's busybox-static package "
                                "(scripts/setup-debian.sh lists it)");
    auto engine = real_engine();
    DockerClient& client = *engine;
    std::string name = unique_name();
    std::string image = "dc-test/busybox:" + name;
    dc::Labels labels{{"dc.test.run", name}};
    Cleanup cleanup;

    std::string tarball = busybox_tarball();
    std::size_t offset = 0;
    dc::ByteSource source = bytes_source(tarball, offset);
    auto imported = client.import_image(source, {.repository = "dc-test/busybox", .tag = name}, {});
    REQUIRE_MESSAGE(imported, why(imported));
    cleanup.add([&client, image] { client.remove_image(image, dc::Force::Yes); });
    auto inspected = client.inspect_image(image);
    REQUIRE(inspected);
    REQUIRE(inspected->has_value());
    CHECK((*inspected)->id == *imported);
    CHECK_FALSE(client.inspect_image("dc-test/busybox:absent-" + name)->has_value());
    std::string alias = image + "-alias";
    REQUIRE(client.tag_image(image, "dc-test/busybox", name + "-alias"));
    cleanup.add([&client, alias] { client.remove_image(alias, dc::Force::Yes); });
    CHECK((*client.inspect_image(alias))->id == *imported);
    CHECK(*client.remove_image(alias, dc::Force::No) == Outcome::Done);

    // A container that prints and exits: start, wait for its end, read its logs.
    auto started_at = std::chrono::system_clock::now() - std::chrono::seconds(1);
    dc::ContainerSpec echo;
    echo.name = name + "-echo";
    echo.image = image;
    echo.cmd = std::vector<std::string>{"busybox", "echo", "hello"};
    echo.labels = labels;
    auto created = client.create_container(echo);
    REQUIRE_MESSAGE(created, why(created));
    cleanup.add([&client, id = created->id] {
        client.remove_container(id, {.force = true, .volumes = true});
    });
    CHECK(client.create_container(echo).error().kind == FailureKind::NameInUse);
    REQUIRE(*client.start_container(created->id) == Outcome::Done);
    auto waited = client.wait_container(created->id, dc::WaitCondition::NotRunning, {});
    REQUIRE(waited);
    CHECK(waited->exit_code == 0);
    Output logs;
    REQUIRE(client.logs(created->id, {}, logs.sink(), {}));
    CHECK(logs.out == "hello\n");
    CHECK(logs.err.empty());
    auto listed =
        client.list_containers({.all = true, .filters = {{"label", {"dc.test.run=" + name}}}});
    REQUIRE(listed);
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().state == "exited");
    CHECK(listed->front().names == std::vector<std::string>{echo.name});

    // The engine replays the events between two times, then ends the stream.
    std::vector<std::string> actions;
    dc::EventOptions window{.since = started_at,
                            .until = std::chrono::system_clock::now(),
                            .filters = {{"label", {"dc.test.run=" + name}}}};
    auto replayed = client.events(window,
                                  [&](const dc::Event& event) {
                                      if (event.actor_id == created->id)
                                          actions.push_back(event.action);
                                      return Flow::Continue;
                                  },
                                  {});
    REQUIRE_MESSAGE(replayed, why(replayed));
    CHECK(actions == std::vector<std::string>{"create", "start", "die"});

    // A long-running container to exec in, with an init that passes the stop signal on.
    dc::ContainerSpec sleeper;
    sleeper.name = name + "-sleep";
    sleeper.image = image;
    sleeper.cmd = std::vector<std::string>{"busybox", "sleep", "600"};
    sleeper.labels = labels;
    sleeper.host.init = true;
    auto running = client.create_container(sleeper);
    REQUIRE(running);
    cleanup.add([&client, id = running->id] {
        client.remove_container(id, {.force = true, .volumes = true});
    });
    REQUIRE(*client.start_container(running->id) == Outcome::Done);
    auto is_running = [&] {
        auto info = client.inspect_container(running->id);
        return info && *info && (*info)->state.running && !(*info)->state.paused;
    };
    REQUIRE(wait_until(is_running));
    CHECK(*client.pause_container(running->id) == Outcome::Done);
    CHECK((*client.inspect_container(running->id))->state.paused);
    CHECK(*client.unpause_container(running->id) == Outcome::Done);
    CHECK(*client.rename_container(running->id, sleeper.name + "-renamed") == Outcome::Done);
    CHECK((*client.inspect_container(running->id))->name == sleeper.name + "-renamed");
    CHECK(*client.restart_container(running->id, std::chrono::seconds(10)) == Outcome::Done);
    REQUIRE(wait_until(is_running));

    dc::ExecSpec spec;
    spec.cmd = {"busybox", "sh", "-c", "read x; echo got $x; exit 3"};
    spec.attach_stdin = true;
    auto exec = client.create_exec(running->id, spec);
    REQUIRE(exec);
    Output output;
    auto ran = client.start_exec(*exec, spec, {.bytes = "world\n"}, output.sink(), {});
    REQUIRE_MESSAGE(ran, why(ran));
    CHECK(output.out == "got world\n");
    dc::ExecInfo info;
    REQUIRE(wait_until([&] {
        auto got = client.inspect_exec(*exec);
        if (got) info = *got;
        return got && !got->running;
    }));
    CHECK(info.exit_code == 3);

    // Archives in and out.
    dc::test::TarWriter tar;
    tar.add_file("greeting.txt", "hello");
    std::string archive = tar.finish();
    std::size_t archive_offset = 0;
    REQUIRE(client.put_archive(running->id, "/", bytes_source(archive, archive_offset)));
    std::string fetched;
    auto stat = client.get_archive(running->id, "/greeting.txt", [&](std::string_view bytes) {
        fetched += bytes;
        return Flow::Continue;
    });
    REQUIRE(stat);
    CHECK(stat->name == "greeting.txt");
    CHECK(stat->size == 5);
    CHECK(fetched.find("hello") != std::string::npos);

    CHECK(*client.stop_container(running->id, std::chrono::seconds(10)) == Outcome::Done);
    CHECK(*client.stop_container(running->id, std::chrono::seconds(10)) == Outcome::Unchanged);
    CHECK(*client.remove_container(running->id, {}) == Outcome::Done);
    CHECK(*client.remove_container(created->id, {}) == Outcome::Done);
    CHECK_FALSE(client.inspect_container(running->id)->has_value());
    CHECK(*client.remove_image(image, dc::Force::No) == Outcome::Done);
    CHECK(*client.remove_image(image, dc::Force::No) == Outcome::NotFound);
}
