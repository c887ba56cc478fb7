// The JSON bodies the client sends, and how they change with the negotiated API version.
#include <doctest/doctest.h>

#include "drivers/api_version.h"
#include "drivers/client_internal.h"

using nlohmann::json;

namespace {

constexpr dc::ApiVersion kOld{1, 41};
constexpr dc::ApiVersion kNew{1, 47};

dc::ContainerSpec web_spec() {
    using namespace std::chrono_literals;
    dc::ContainerSpec spec;
    spec.image = "nginx:1.27";
    spec.cmd = std::vector<std::string>{};
    spec.env = {"A=1"};
    spec.labels = {{"com.docker.compose.service", "web"}};
    spec.exposed_ports = {"80/tcp"};
    spec.healthcheck = dc::Healthcheck{{"CMD-SHELL", "true"}, 30s, 5s, 1s, 2s, 3};
    spec.host.port_bindings["80/tcp"] = {{"127.0.0.1", "8080"}};
    spec.host.mounts = {{.type = "volume",
                         .source = "data",
                         .target = "/data",
                         .read_only = true,
                         .volume_no_copy = true}};
    spec.host.restart_policy = {"on-failure", 3};
    spec.host.init = true;
    spec.host.resources.memory = 64 << 20;
    spec.host.resources.ulimits = {{"nofile", 1024, 2048}};
    spec.networks = {{.network = "front", .aliases = {"web"}, .ipv4_address = "10.5.0.5"}};
    return spec;
}

}  // namespace

TEST_CASE("encode: a container spec becomes Config, HostConfig and NetworkingConfig") {
    std::vector<std::string> warnings;
    json body = dc::docker::encode_container(web_spec(), kNew, warnings);
    CHECK(warnings.empty());
    CHECK(body["Image"] == "nginx:1.27");
    CHECK(body["Cmd"] == json::array());  // Set but empty: no command, unlike unset.
    CHECK_FALSE(body.contains("Entrypoint"));
    CHECK(body["ExposedPorts"] == json{{"80/tcp", json::object()}});
    CHECK(body["Healthcheck"]["Interval"] == 30'000'000'000LL);
    CHECK(body["Healthcheck"]["StartInterval"] == 2'000'000'000LL);
    CHECK(body["Healthcheck"]["Retries"] == 3);
    const json& host = body["HostConfig"];
    CHECK(host["PortBindings"] ==
          json::parse(R"({"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]})"));
    CHECK(host["Mounts"] == json::parse(R"([{"Type":"volume","Source":"data","Target":"/data",)"
                                        R"("ReadOnly":true,"VolumeOptions":{"NoCopy":true}}])"));
    CHECK(host["RestartPolicy"] == json::parse(R"({"Name":"on-failure","MaximumRetryCount":3})"));
    CHECK(host["Init"] == true);
    CHECK(host["Memory"] == 64 << 20);
    CHECK(host["Ulimits"] == json::parse(R"([{"Name":"nofile","Soft":1024,"Hard":2048}])"));
    CHECK_FALSE(host.contains("Privileged"));
    CHECK(body["NetworkingConfig"] ==
          json::parse(R"({"EndpointsConfig":{"front":{"Aliases":["web"],)"
                      R"("IPAMConfig":{"IPv4Address":"10.5.0.5"}}}})"));
}

TEST_CASE("encode: features newer than the engine are left out with a warning") {
    std::vector<std::string> warnings;
    json body = dc::docker::encode_container(web_spec(), kOld, warnings);
    CHECK_FALSE(body["Healthcheck"].contains("StartInterval"));
    CHECK(warnings == std::vector<std::string>{"healthcheck start_interval needs API 1.44 and the "
                                               "engine speaks 1.41; it is ignored"});
}

TEST_CASE("encode: older engines get one network at create and CheckDuplicate") {
    dc::ContainerSpec spec = web_spec();
    spec.networks.push_back({.network = "back", .mac_address = "02:42:ac:11:00:02"});
    std::swap(spec.networks[0], spec.networks[1]);
    std::vector<std::string> warnings;
    json old_body = dc::docker::encode_container(spec, kOld, warnings);
    CHECK(old_body["NetworkingConfig"]["EndpointsConfig"].size() == 1);
    CHECK(old_body["MacAddress"] == "02:42:ac:11:00:02");
    json new_body = dc::docker::encode_container(spec, kNew, warnings);
    CHECK(new_body["NetworkingConfig"]["EndpointsConfig"].size() == 2);
    CHECK(new_body["NetworkingConfig"]["EndpointsConfig"]["back"]["MacAddress"] ==
          "02:42:ac:11:00:02");
    CHECK_FALSE(new_body.contains("MacAddress"));

    dc::NetworkSpec network{.name = "p_default",
                            .labels = {{"com.docker.compose.network", "default"}}};
    CHECK(dc::docker::encode_network(network, kOld)["CheckDuplicate"] == true);
    CHECK_FALSE(dc::docker::encode_network(network, kNew).contains("CheckDuplicate"));
}

TEST_CASE("encode: queries escape their values, filters are JSON") {
    dc::docker::Query query;
    query.add("name", "a b&c").flag("all", true).flag("v", false);
    query.filters({{"label", {"com.docker.compose.project=web"}}});
    CHECK(query.str() ==
          "?name=a%20b%26c&all=1&filters=%7B%22label%22%3A%5B%22com.docker.compose.project%3Dweb"
          "%22%5D%7D");
    CHECK(dc::docker::escape_reference("dc-test/busybox:1") == "dc-test/busybox:1");
    CHECK(dc::docker::escape("a/b") == "a%2Fb");
}
