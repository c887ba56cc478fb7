// Credentials as the docker CLI resolves them, against a temporary config directory: auths
// entries, identity tokens, credHelpers and credsStore through a fake helper script, registry
// key normalisation and the X-Registry-Auth encoding; and no secret in any error message.
#include "core/credentials.h"

#include <filesystem>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "core/error.h"
#include "tests/unit/test_util.h"

using dc::test::TempDir;

namespace {

// A fake `docker-credential-<name>` that knows one registry, and PATH pointing at it while the
// object lives.
class FakeHelper {
  public:
    FakeHelper(const TempDir& dir, const std::string& name, const std::string& script) {
        std::string path = dir.write("bin/docker-credential-" + name, script);
        ::chmod(path.c_str(), 0755);
        old_path_ = std::getenv("PATH") ? std::getenv("PATH") : "";
        ::setenv("PATH", (dir.path() + "/bin:" + old_path_).c_str(), 1);
    }
    ~FakeHelper() { ::setenv("PATH", old_path_.c_str(), 1); }

  private:
    std::string old_path_;
};

const char* kHelper = R"(#!/bin/sh
read key
case "$key" in
  reg.example:5000) echo '{"ServerURL":"reg.example:5000","Username":"helper-user","Secret":"helper-pw"}' ;;
  https://index.docker.io/v1/) echo '{"ServerURL":"x","Username":"<token>","Secret":"tok-123"}' ;;
  broken.example) echo 'secret-in-output'; exit 3 ;;
  *) echo 'credentials not found in native keychain'; exit 1 ;;
esac
)";

nlohmann::json decoded_header(const std::string& header) {
    return nlohmann::json::parse(dc::base64_decode(header));
}

}  // namespace

TEST_CASE("credentials: registry of an image and its config key") {
    CHECK(dc::registry_of("postgres:16") == "docker.io");
    CHECK(dc::registry_of("library/x") == "docker.io");
    CHECK(dc::registry_of("127.0.0.1:5000/a/b:1") == "127.0.0.1:5000");
    CHECK(dc::registry_of("localhost/x") == "localhost");
    CHECK(dc::registry_of("ghcr.io/o/x") == "ghcr.io");
    CHECK(dc::credentials_key("docker.io") == "https://index.docker.io/v1/");
    CHECK(dc::credentials_key("registry-1.docker.io") == "https://index.docker.io/v1/");
    CHECK(dc::credentials_key("ghcr.io") == "ghcr.io");
}

TEST_CASE("credentials: base64 of the header is URL-safe and padded") {
    CHECK(dc::base64_encode("{}", dc::Base64Alphabet::Url) == "e30=");
    CHECK(dc::base64_encode("\xfb\xff", dc::Base64Alphabet::Url) == "-_8=");
    CHECK(dc::base64_encode("\xfb\xff", dc::Base64Alphabet::Standard) == "+/8=");
    CHECK(dc::base64_decode("dXNlcjpwYXNz") == "user:pass");
}

TEST_CASE("credentials: auths entries, by key or by hostname") {
    TempDir dir;
    dir.write("config.json", R"({"auths": {
        "127.0.0.1:5000": {"auth": ")" +
                                 dc::base64_encode("alice:s3:cret", dc::Base64Alphabet::Standard) +
                                 R"("},
        "https://index.docker.io/v1/": {"auth": "", "identitytoken": "idtok"},
        "https://other.example/v1/": {"username": "bob", "password": "pw"},
        "empty.example": {}}})");
    auto local = dc::find_credentials("127.0.0.1:5000", dir.path());
    REQUIRE(local);
    CHECK(local->username == "alice");
    CHECK(local->password == "s3:cret");
    CHECK(local->server_address == "127.0.0.1:5000");
    auto hub = dc::find_credentials("docker.io", dir.path());
    REQUIRE(hub);
    CHECK(hub->identity_token == "idtok");
    auto other = dc::find_credentials("other.example", dir.path());
    REQUIRE(other);
    CHECK(other->username == "bob");
    CHECK_FALSE(dc::find_credentials("empty.example", dir.path()));
    CHECK_FALSE(dc::find_credentials("unknown.example", dir.path()));

    nlohmann::json header = decoded_header(dc::registry_auth_header(*local));
    CHECK(header == nlohmann::json{{"username", "alice"},
                                   {"password", "s3:cret"},
                                   {"serveraddress", "127.0.0.1:5000"}});
}

TEST_CASE("credentials: no config file is no credentials; a broken one names the file") {
    TempDir dir;
    CHECK_FALSE(dc::find_credentials("docker.io", dir.path()));
    dir.write("config.json", "{not json");
    CHECK_THROWS_WITH_AS(dc::find_credentials("docker.io", dir.path()),
                         ("reading " + dir.path() + "/config.json: not a JSON object").c_str(),
                         dc::Error);
}

TEST_CASE("credentials: credHelpers per registry, then credsStore, then auths") {
    TempDir dir;
    FakeHelper helper(dir, "fake", kHelper);
    dir.write("config.json", R"({"credHelpers": {"reg.example:5000": "fake"},
        "auths": {"reg.example:5000": {"auth": "dTpw"}, "plain.example": {"auth": "dTpw"}}})");
    auto found = dc::find_credentials("reg.example:5000", dir.path());
    REQUIRE(found);
    CHECK(found->username == "helper-user");
    CHECK(found->password == "helper-pw");
    auto plain = dc::find_credentials("plain.example", dir.path());
    REQUIRE(plain);
    CHECK(plain->username == "u");

    dir.write("config.json", R"({"credsStore": "fake"})");
    auto hub = dc::find_credentials("docker.io", dir.path());
    REQUIRE(hub);
    CHECK(hub->identity_token == "tok-123");
    CHECK(hub->username.empty());
    CHECK(hub->server_address == "https://index.docker.io/v1/");
    CHECK_FALSE(dc::find_credentials("nothing.example", dir.path()));
}

TEST_CASE("credentials: a failing or missing helper is one line without its output") {
    TempDir dir;
    FakeHelper helper(dir, "fake", kHelper);
    dir.write("config.json", R"({"credsStore": "fake"})");
    CHECK_THROWS_WITH_AS(dc::find_credentials("broken.example", dir.path()),
                         "credential helper docker-credential-fake for registry "
                         "\"broken.example\": exited with status 3",
                         dc::Error);
    dir.write("config.json", R"({"credsStore": "absent-xyz"})");
    CHECK_THROWS_WITH_AS(dc::find_credentials("docker.io", dir.path()),
                         "credential helper docker-credential-absent-xyz for registry "
                         "\"https://index.docker.io/v1/\": not found in PATH",
                         dc::Error);
}

TEST_CASE("credentials: DOCKER_CONFIG chooses the directory") {
    TempDir dir;
    ::setenv("DOCKER_CONFIG", dir.path().c_str(), 1);
    CHECK(dc::docker_config_dir() == dir.path());
    dir.write("config.json", R"({"auths": {"r.example": {"auth": "dTpw"}}})");
    std::string header = dc::registry_auth_for("r.example/app:1");
    CHECK(decoded_header(header)["username"] == "u");
    CHECK(dc::registry_auth_for("elsewhere.example/app").empty());
    ::unsetenv("DOCKER_CONFIG");
}
