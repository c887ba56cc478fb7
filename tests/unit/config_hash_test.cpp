#include "core/config_hash.h"

#include <string>

#include <doctest/doctest.h>

#include "core/labels.h"
#include "core/loader.h"
#include "core/service_spec.h"
#include "core/sha256.h"
#include "tests/unit/test_util.h"

using dc::test::TempDir;

namespace {

dc::Project load(const TempDir& dir, const std::string& yaml) {
    dir.write("compose.yaml", yaml);
    dc::ProjectOptions options;
    options.working_dir = dir.path();
    options.project_name = "demo";
    options.warn = [](const std::string&) {};
    return dc::load_project(options);
}

std::string hash_of(const std::string& yaml, const std::string& service = "web") {
    TempDir dir;
    dc::Project project = load(dir, yaml);
    const dc::Node* node = project.model.find("services")->find(service);
    REQUIRE(node != nullptr);
    return dc::config_hash(*node);
}

const char* const kBase = R"(services:
  web:
    image: nginx:1.27
    environment:
      MODE: prod
    ports:
      - "8080:80"
)";

}  // namespace

TEST_CASE("sha256: the FIPS 180-4 test vectors") {
    CHECK(dc::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(dc::sha256_hex("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(dc::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(dc::sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                         "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    CHECK(dc::sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: fed in pieces across block boundaries, the same digest") {
    std::string message(200, 'x');
    for (std::size_t i = 0; i < message.size(); ++i) message[i] = static_cast<char>('a' + i % 26);
    for (std::size_t split : {0, 1, 55, 56, 63, 64, 65, 127, 199}) {
        dc::Sha256 hash;
        hash.update(std::string_view(message).substr(0, split));
        hash.update(std::string_view(message).substr(split));
        CHECK(dc::to_hex(hash.finish()) == dc::sha256_hex(message));
    }
    // 55 and 56 bytes: the length fits in the last block, or needs one more.
    CHECK(dc::sha256_hex(std::string(55, 'a')) ==
          "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    CHECK(dc::sha256_hex(std::string(56, 'a')) ==
          "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

TEST_CASE("config_hash: the same configuration gives the same hash") {
    std::string first = hash_of(kBase);
    CHECK(first.size() == 64);
    CHECK(hash_of(kBase) == first);
    // Key order and short or long syntax do not matter: the canonical form is hashed.
    CHECK(hash_of(R"(services:
  web:
    ports:
      - target: 80
        published: "8080"
    environment:
      - MODE=prod
    image: nginx:1.27
)") == first);
}

TEST_CASE("config_hash: a change that needs a new container changes the hash") {
    std::string base = hash_of(kBase);
    CHECK(hash_of(R"(services:
  web:
    image: nginx:1.27
    environment:
      MODE: dev
    ports:
      - "8080:80"
)") != base);
    CHECK(hash_of(R"(services:
  web:
    image: nginx:1.27
    environment:
      MODE: prod
    ports:
      - "8081:80"
)") != base);
    CHECK(hash_of(std::string(kBase) + "    labels: [a=b]\n") != base);
    CHECK(hash_of(std::string(kBase) + "    deploy:\n      resources:\n        limits:\n"
                                       "          memory: 64m\n") != base);
}

TEST_CASE("config_hash: build, pull_policy, depends_on, replicas, profiles, extensions ignored") {
    std::string base = hash_of(kBase);
    CHECK(hash_of(std::string(kBase) + "    build: .\n    pull_policy: build\n") == base);
    CHECK(hash_of(std::string(kBase) + "    scale: 3\n") == base);
    CHECK(hash_of(std::string(kBase) + "    deploy:\n      replicas: 3\n") ==
          hash_of(std::string(kBase) + "    deploy:\n      replicas: 1\n"));
    // A service with profiles is only in the model when one is active: add them to the node.
    TempDir dir;
    dc::Node web = *load(dir, kBase).model.find("services")->find("web");
    web.set("profiles", dc::Node::sequence());
    web.find("profiles")->items.push_back(dc::Node::string("debug"));
    CHECK(dc::config_hash(web) == base);
    CHECK(hash_of(std::string(kBase) + "    x-note: anything\n") == base);
    CHECK(hash_of(std::string(kBase) + "    depends_on: [db]\n  db:\n    image: postgres\n") ==
          base);
}

TEST_CASE("config_hash: the label is the hash of the effective service") {
    TempDir dir;
    dc::Project project = load(dir, R"(services:
  app:
    image: app
  proxy:
    image: nginx
    network_mode: service:app
)");
    dc::SpecOptions options;
    std::string app_id = "aaaa";
    options.lookup.container_id = [&](const std::string&) { return app_id; };
    dc::ServiceContainerSpec spec = dc::container_spec(project, "proxy", 1, options);
    CHECK(spec.spec.labels.at(dc::kLabelConfigHash) == spec.config_hash);
    CHECK(spec.config_hash == dc::config_hash(dc::effective_service(project, "proxy", options)));
    CHECK(spec.config_hash != dc::config_hash(*project.model.find("services")->find("proxy")));
    // A new container for the service it shares a namespace with changes the hash.
    app_id = "bbbb";
    CHECK(dc::container_spec(project, "proxy", 1, options).config_hash != spec.config_hash);
}

TEST_CASE("config hash: Compose's own value, with nested objects in Compose's field order") {
    // Docker Compose 2.29.7 labelled this service's container with this hash. A volume's keys
    // (type, source, target, volume) are not in sorted order, so a sorted dump would differ.
    const std::string db = hash_of(R"(services:
  db:
    image: dc-test/busybox:latest
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    volumes:
      - data:/data
volumes:
  data:
)",
                                   "db");
    CHECK(db == "7762f0a64755341049ad3651740c2599c56d4a07c683c1d7fd00c31ee077d838");
}
