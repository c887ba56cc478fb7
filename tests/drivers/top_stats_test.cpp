// The client's top and stats against a fake daemon: the process table, a stats sample of cgroup
// v1 and of v2 (the inactive file cache each reports), a stream of samples stopped by the sink,
// and a stopped container's refusal.
#include <doctest/doctest.h>

#include "tests/drivers/fake_daemon.h"

using dc::test::FakeDaemon;
using dc::test::json_reply;

namespace {

// A sample as engine 20.10 sends it on cgroup v1, with `usage` bytes of memory.
std::string v1_sample(int usage) {
    return R"({"read":"2024-05-01T10:00:00Z","pids_stats":{"current":3},)"
           R"("blkio_stats":{"io_service_bytes_recursive":[)"
           R"({"major":8,"minor":0,"op":"Read","value":4096},)"
           R"({"major":8,"minor":0,"op":"Write","value":1000},)"
           R"({"major":8,"minor":0,"op":"Total","value":5096}]},)"
           R"("cpu_stats":{"cpu_usage":{"total_usage":300,"percpu_usage":[100,200]},)"
           R"("system_cpu_usage":2000},)"
           R"("precpu_stats":{"cpu_usage":{"total_usage":100},"system_cpu_usage":1000},)"
           R"("memory_stats":{"usage":)" +
           std::to_string(usage) +
           R"(,"limit":8192,"stats":{"total_inactive_file":1024}},)"
           R"("networks":{"eth0":{"rx_bytes":10,"tx_bytes":20},"eth1":{"rx_bytes":1,"tx_bytes":2}}})";
}

}  // namespace

TEST_CASE("fake daemon: top answers the titles and processes") {
    FakeDaemon daemon;
    daemon.server().Get(R"(/v1.41/containers/web/top)",
                        [](const httplib::Request& req, httplib::Response& res) {
                            CHECK(req.get_param_value("ps_args") == "aux");
                            json_reply(res, 200,
                                       R"({"Titles":["UID","PID","CMD"],)"
                                       R"("Processes":[["root","1","sleep 300"]]})");
                        });
    daemon.server().Get(R"(/v1.41/containers/db/top)",
                        [](const httplib::Request&, httplib::Response& res) {
                            json_reply(res, 409, R"({"message":"Container db is not running"})");
                        });
    daemon.start();
    auto client = daemon.client();
    auto top = client.top_container("web", "aux");
    REQUIRE(top);
    CHECK(top->titles == std::vector<std::string>{"UID", "PID", "CMD"});
    CHECK(top->processes == std::vector<std::vector<std::string>>{{"root", "1", "sleep 300"}});
    auto stopped = client.top_container("db", "aux");
    REQUIRE(!stopped);
    CHECK(stopped.error().kind == dc::FailureKind::Conflict);
    CHECK(stopped.error().message == "Container db is not running");
}

TEST_CASE("fake daemon: one stats sample, cgroup v1 and v2") {
    FakeDaemon daemon;
    daemon.server().Get(R"(/v1.41/containers/v1/stats)",
                        [](const httplib::Request& req, httplib::Response& res) {
                            CHECK(req.get_param_value("stream") == "0");
                            json_reply(res, 200, v1_sample(4096) + "\n");
                        });
    daemon.server().Get(R"(/v1.41/containers/v2/stats)",
                        [](const httplib::Request&, httplib::Response& res) {
                            json_reply(res, 200,
                                       R"({"cpu_stats":{"cpu_usage":{"total_usage":5},)"
                                       R"("online_cpus":4},"memory_stats":{"usage":300,)"
                                       R"("stats":{"inactive_file":100}},"blkio_stats":{)"
                                       R"("io_service_bytes_recursive":null}})");
                        });
    daemon.start();
    auto client = daemon.client();
    std::vector<dc::StatsSample> samples;
    auto sink = [&](const dc::StatsSample& s) {
        samples.push_back(s);
        return dc::Flow::Continue;
    };
    REQUIRE(client.container_stats("v1", dc::StatsMode::Once, sink, {}));
    REQUIRE(client.container_stats("v2", dc::StatsMode::Once, sink, {}));
    REQUIRE(samples.size() == 2);
    const dc::StatsSample& v1 = samples[0];
    CHECK(v1.cpu_total == 300);
    CHECK(v1.precpu_total == 100);
    CHECK(v1.system_cpu == 2000);
    CHECK(v1.presystem_cpu == 1000);
    CHECK(v1.online_cpus == 2);  // Counted from percpu_usage.
    CHECK(v1.memory_usage == 4096);
    CHECK(v1.memory_limit == 8192);
    CHECK(v1.memory_cache == 1024);
    CHECK(v1.net_rx == 11);
    CHECK(v1.net_tx == 22);
    CHECK(v1.block_read == 4096);
    CHECK(v1.block_write == 1000);
    CHECK(v1.pids == 3);
    CHECK(samples[1].online_cpus == 4);
    CHECK(samples[1].memory_cache == 100);
    CHECK(samples[1].block_read == 0);
}

TEST_CASE("fake daemon: a stats stream delivers samples until the sink stops") {
    FakeDaemon daemon;
    daemon.server().Get(R"(/v1.41/containers/web/stats)",
                        [](const httplib::Request& req, httplib::Response& res) {
                            CHECK(req.get_param_value("stream") == "1");
                            std::string body;
                            for (int i = 1; i <= 5; ++i) body += v1_sample(i * 1000) + "\n";
                            json_reply(res, 200, body);
                        });
    daemon.start();
    auto client = daemon.client();
    std::vector<std::uint64_t> usages;
    auto result =
        client.container_stats("web", dc::StatsMode::Stream,
                               [&](const dc::StatsSample& s) {
                                   usages.push_back(s.memory_usage);
                                   return usages.size() == 3 ? dc::Flow::Stop : dc::Flow::Continue;
                               },
                               {});
    REQUIRE(result);
    CHECK(usages == std::vector<std::uint64_t>{1000, 2000, 3000});
}
