// `dc push` and `dc pull` against a real registry: Debian's docker-registry on 127.0.0.1 (which
// the engine treats as insecure, so plain HTTP), once open and once behind htpasswd. An image
// built by the tests is tagged into the registry, pushed, removed locally and pulled back; with
// authentication, a push without credentials fails in one line, and with credentials in
// DOCKER_CONFIG it succeeds without the password ever appearing in dc's output.
#include <algorithm>
#include <cstdlib>

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/credentials.h"
#include "core/up_images.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

// A port no one listens on now, from the kernel.
int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t size = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    ::close(fd);
    return ntohs(address.sin_port);
}

bool accepts(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

// docker-registry serving from a temporary directory, stopped (and its storage removed) when
// the object goes, also when a test fails.
class Registry {
  public:
    // With a user, the registry asks for htpasswd basic authentication.
    explicit Registry(const std::string& user = {}, const std::string& password = {})
        : port_(free_port()) {
        std::string config =
            "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n"
            "    rootdirectory: " +
            dir_.path() +
            "/data\n"
            "http:\n  addr: 127.0.0.1:" +
            std::to_string(port_) + "\n";
        if (!user.empty()) {
            std::string htpasswd = dir_.path() + "/htpasswd";
            std::string command = "htpasswd -Bbn '" + user + "' '" + password + "' > " + htpasswd;
            REQUIRE_MESSAGE(std::system(command.c_str()) == 0, "htpasswd (apache2-utils) failed");
            config += "auth:\n  htpasswd:\n    realm: dc-test\n    path: " + htpasswd + "\n";
        }
        std::string config_path = dir_.write("config.yml", config);
        pid_ = ::fork();
        if (pid_ == 0) {
            std::string log = dir_.path() + "/registry.log";
            FILE* out = std::freopen(log.c_str(), "w", stdout);
            (void)out;
            ::dup2(STDOUT_FILENO, STDERR_FILENO);
            ::execlp("docker-registry", "docker-registry", "serve", config_path.c_str(), nullptr);
            ::_exit(127);
        }
        bool up = wait_until([&] { return accepts(port_) || exited(); }, std::chrono::seconds(20));
        up = up && !exited();
        REQUIRE_MESSAGE(up, "docker-registry (Debian package docker-registry) did not start");
    }
    ~Registry() {
        if (pid_ > 0 && !exited()) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;

    std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

  private:
    bool exited() {
        if (done_) return true;
        done_ = ::waitpid(pid_, nullptr, WNOHANG) == pid_;
        return done_;
    }

    dc::test::TempDir dir_;
    int port_;
    pid_t pid_ = -1;
    bool done_ = false;
};

// A project whose one service builds (so `push` pushes it, as Compose does) the image `image`.
void write_project(const dc::test::TempDir& dir, const std::string& image) {
    dir.write("compose.yaml",
              "services:\n  app:\n    image: " + image + "\n    build:\n      context: .\n");
    dir.write("Dockerfile", std::string("FROM ") + kBusybox + "\n");
}

// Tags the busybox image as `reference` ("host:port/repo:tag").
void tag_busybox(const std::string& reference) {
    std::size_t colon = reference.rfind(':');
    auto tagged =
        engine().tag_image(kBusybox, reference.substr(0, colon), reference.substr(colon + 1));
    REQUIRE_MESSAGE(tagged, "tagging " << kBusybox << " (built by tests/images/busybox.sh)");
}

bool present(const std::string& reference) {
    auto found = engine().inspect_image(reference);
    return found && found->has_value();
}

// A registry behind htpasswd, a project "app" building the image it names there (tagged from
// busybox), and two DOCKER_CONFIG directories: one empty, one with the credentials.
struct AuthProject {
    AuthProject(std::string secret, const std::string& prefix)
        : password(std::move(secret)),
          registry(user, password),
          project(unique_project(prefix)),
          image(registry.host() + "/dc-test/busybox:" + project),
          cleanup(image),
          guard(project) {
        tag_busybox(image);
        write_project(dir, image);
        config.write("config.json",
                     "{\"auths\": {\"" + registry.host() + "\": {\"auth\": \"" +
                         base64_encode(user + ":" + password, Base64Alphabet::Standard) + "\"}}}");
    }
    std::vector<std::string> with_credentials() const { return {"DOCKER_CONFIG=" + config.path()}; }
    std::vector<std::string> without_credentials() const {
        return {"DOCKER_CONFIG=" + no_config.path()};
    }

    const std::string user = "dcuser";
    const std::string password;
    Registry registry;
    const std::string project;
    const std::string image;
    ImageGuard cleanup;  // After the project's containers are gone (members go in reverse).
    ProjectGuard guard;
    dc::test::TempDir dir, no_config, config;
};

}  // namespace

TEST_CASE("registry: push, remove, pull back from a registry without authentication") {
    Registry registry;
    std::string project = unique_project("registry");
    ProjectGuard guard(project);
    std::string image = registry.host() + "/dc-test/busybox:" + project;
    ImageGuard cleanup(image);
    tag_busybox(image);
    dc::test::TempDir dir, config;
    write_project(dir, image);
    std::vector<std::string> env = {"DOCKER_CONFIG=" + config.path()};

    RunResult pushed = run_dc({"-p", project, "--progress", "plain", "push"}, dir.path(), env);
    INFO(pushed.out << pushed.err);
    REQUIRE(pushed.status == 0);
    CHECK(pushed.err.find("app  Pushed") != std::string::npos);

    REQUIRE(engine().remove_image(image, Force::Yes));
    REQUIRE_FALSE(present(image));
    RunResult pulled = run_dc({"-p", project, "--progress", "plain", "pull"}, dir.path(), env);
    INFO(pulled.out << pulled.err);
    REQUIRE(pulled.status == 0);
    CHECK(pulled.err.find("app  Pulled") != std::string::npos);
    CHECK(present(image));

    // Quiet, and with --policy missing nothing is pulled again.
    RunResult quiet = run_dc({"-p", project, "pull", "-q", "--policy", "missing"}, dir.path(), env);
    CHECK(quiet.status == 0);
    CHECK(quiet.out.empty());
    CHECK(quiet.err.empty());
}

TEST_CASE("registry: htpasswd authentication through DOCKER_CONFIG, the password never shown") {
    const AuthProject p("pw-Zq81-never-shown", "registry-auth");
    const std::string &project = p.project, &image = p.image, &password = p.password;
    const dc::test::TempDir& dir = p.dir;

    RunResult refused =
        run_dc({"-p", project, "--progress", "quiet", "push"}, dir.path(), p.without_credentials());
    INFO(refused.out << refused.err);
    CHECK(refused.status == 1);
    CHECK(refused.err.starts_with("dc: error: service \"app\": pushing image \"" + image +
                                  "\" failed: engine: "));
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);

    const std::vector<std::string> env = p.with_credentials();
    RunResult pushed = run_dc({"-p", project, "--progress", "plain", "push"}, dir.path(), env);
    INFO(pushed.out << pushed.err);
    CHECK(pushed.status == 0);
    REQUIRE(engine().remove_image(image, Force::Yes));
    RunResult pulled = run_dc({"-p", project, "--progress", "plain", "pull"}, dir.path(), env);
    INFO(pulled.out << pulled.err);
    CHECK(pulled.status == 0);
    CHECK(present(image));
    for (const RunResult* result : {&refused, &pushed, &pulled}) {
        CHECK(result->out.find(password) == std::string::npos);
        CHECK(result->err.find(password) == std::string::npos);
    }

    // Without credentials the pull is refused too. The service builds its image, so that is
    // a warning, not fatal, as in Compose: `up` would build it.
    REQUIRE(engine().remove_image(image, Force::Yes));
    RunResult denied =
        run_dc({"-p", project, "--progress", "plain", "pull"}, dir.path(), p.without_credentials());
    INFO(denied.err);
    CHECK(denied.status == 0);
    CHECK(denied.err.find("app  Warning: service \"app\": pulling image \"" + image +
                          "\" failed: engine: ") != std::string::npos);
    CHECK_FALSE(present(image));
}

TEST_CASE("registry: up and run pull with credentials, as --pull and pull_policy every_ say") {
    const AuthProject p("pw-Up77-never-shown", "registry-up");
    const std::string &project = p.project, &image = p.image, &password = p.password;
    const dc::test::TempDir& dir = p.dir;
    const std::vector<std::string> env = p.with_credentials();
    REQUIRE(run_dc({"-p", project, "--progress", "quiet", "push"}, dir.path(), env).status == 0);
    REQUIRE(engine().remove_image(image, Force::Yes));

    // A service that only names the image: up pulls it, with the credentials or not at all.
    auto write_service = [&](const std::string& policy) {
        dir.write("compose.yaml",
                  "services:\n  web:\n    image: " + image +
                      "\n    command: [\"sleep\", \"300\"]\n    pull_policy: " + policy + "\n");
    };
    write_service("missing");
    RunResult refused = run_dc({"-p", project, "--progress", "plain", "up", "-d"}, dir.path(),
                               p.without_credentials());
    INFO(refused.err);
    CHECK(refused.status == 1);
    CHECK(refused.err.find("dc: error: service \"web\": pulling image \"" + image +
                           "\" failed: engine: ") != std::string::npos);
    CHECK_FALSE(present(image));

    RunResult up = run_dc({"-p", project, "--progress", "plain", "up", "-d"}, dir.path(), env);
    INFO(up.err);
    REQUIRE(up.status == 0);
    CHECK(up.err.find("web  Pulled") != std::string::npos);
    CHECK(present(image));

    // weekly: the image was just pulled, so it is not pulled again.
    write_service("weekly");
    RunResult weekly = run_dc({"-p", project, "--progress", "plain", "up", "-d"}, dir.path(), env);
    INFO(weekly.err);
    CHECK(weekly.status == 0);
    CHECK(weekly.err.find("Pulling") == std::string::npos);

    // every_1s: pulled again once the last tag is over a second old; --pull never overrides.
    write_service("every_1s");
    RunResult never = run_dc({"-p", project, "--progress", "plain", "up", "-d", "--pull", "never"},
                             dir.path(), env);
    INFO(never.err);
    CHECK(never.status == 0);
    CHECK(never.err.find("Pulling") == std::string::npos);
    auto last_tag = [&] {
        auto found = value_or_throw(engine().inspect_image(image));
        REQUIRE(found);
        return last_tagged(*found);
    };
    REQUIRE_MESSAGE(last_tag(), "the engine set no LastTagTime on the pulled image");
    CHECK(wait_until(
        [&] { return std::chrono::system_clock::now() > *last_tag() + std::chrono::seconds(1); }));
    RunResult every = run_dc({"-p", project, "--progress", "plain", "up", "-d"}, dir.path(), env);
    INFO(every.err);
    CHECK(every.status == 0);
    CHECK(every.err.find("web  Pulled") != std::string::npos);

    // run: --pull always pulls the run service's image before the one-off.
    RunResult run = run_dc({"-p", project, "--progress", "plain", "run", "--rm", "--pull", "always",
                            "web", "echo", "ran"},
                           dir.path(), env);
    INFO(run.out << run.err);
    CHECK(run.status == 0);
    CHECK(run.out == "ran\n");
    CHECK(run.err.find("web  Pulled") != std::string::npos);
    for (const RunResult* result : {&refused, &up, &weekly, &every, &run}) {
        CHECK(result->out.find(password) == std::string::npos);
        CHECK(result->err.find(password) == std::string::npos);
    }
}
