// `dc spark submit`'s pieces: the master's address from its command line, the files to copy and
// their tar, the driver's command line, the options' checks, and the REST protocol of cluster
// mode against a scripted server.
#include <deque>
#include <filesystem>
#include <stop_token>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/spark_submit_internal.h"
#include "tests/unit/test_util.h"

namespace fs = std::filesystem;

namespace {

using dc::DeployMode;
using dc::SparkSubmitOptions;

std::string read_all(dc::ByteSource source) {
    std::string out;
    char buffer[300];  // Smaller than a block, so that pieces are read in several calls.
    while (auto n = source.read(buffer, sizeof buffer)) {
        if (*n == 0) break;
        out.append(buffer, *n);
    }
    return out;
}

dc::SparkTarget target() {
    dc::SparkTarget t;
    t.project = "p";
    t.address = {.host = "spark-master", .port = 7077, .rest_port = 6066};
    t.master_ip = "10.0.0.2";
    return t;
}

// An HttpClient that answers from a script and records the requests.
class ScriptedHttp final : public dc::HttpClient {
  public:
    std::deque<dc::HttpReply> replies;
    std::vector<std::string> requests;
    std::function<void()> on_request{};

    dc::EngineResult<dc::HttpReply> send(const std::string& method, const std::string& url,
                                         const std::string&, std::chrono::milliseconds) override {
        requests.push_back(method + " " + url);
        if (on_request) on_request();
        if (replies.empty()) return dc::engine_failure(dc::FailureKind::Unavailable, "no server");
        dc::HttpReply reply = replies.front();
        if (replies.size() > 1) replies.pop_front();
        return reply;
    }
};

dc::HttpReply status_reply(const std::string& state) {
    return {200, R"({"action":"SubmissionStatusResponse","driverState":")" + state +
                     R"(","submissionId":"driver-1","success":true,"workerId":"worker-7"})"};
}

}  // namespace

TEST_CASE("spark submit: the master's address from the course's folded command") {
    auto address =
        dc::master_address({"/opt/spark/bin/spark-class", "org.apache.spark.deploy.master.Master",
                            "--host", "spark-master", "--port", "7077", "--webui-port", "8080"},
                           {"SPARK_NO_DAEMONIZE=true"}, "fallback");
    CHECK(address.host == "spark-master");
    CHECK(address.port == 7077);
    CHECK(address.rest_port == 6066);
}

TEST_CASE("spark submit: the master's address from its environment and a sh -c line") {
    auto address = dc::master_address(
        {"sh", "-c", "exec spark-class org.apache.spark.deploy.master.Master --port=7078"},
        {"SPARK_MASTER_HOST=master",
         "SPARK_MASTER_OPTS=-Dspark.master.rest.enabled=true "
         "-Dspark.master.rest.port=6067"},
        "fallback");
    CHECK(address.host == "master");
    CHECK(address.port == 7078);
    CHECK(address.rest_port == 6067);
    CHECK(dc::master_address({"spark-class", "Master"}, {}, "spark-master").host == "spark-master");
}

TEST_CASE("spark submit: files are placed in numbered directories, URLs passed through") {
    dc::test::TempDir tmp;
    SparkSubmitOptions options;
    options.application = tmp.write("job.py", "print(1)\n");
    options.py_files = {tmp.write("a/lib.py", "x = 1\n") + ",local:/opt/lib.zip"};
    options.jars = {"hdfs://nn/x.jar", tmp.write("b/lib.py", "y")};
    dc::SubmitFiles files = dc::plan_files(options, "/tmp/dc-submit");
    CHECK(files.application == "/tmp/dc-submit/0/job.py");
    CHECK(files.jars == "hdfs://nn/x.jar,/tmp/dc-submit/1/lib.py");
    CHECK(files.py_files == "/tmp/dc-submit/2/lib.py,local:/opt/lib.zip");
    REQUIRE(files.uploads.size() == 3);
    CHECK(files.uploads[1].host_path == (fs::path(tmp.path()) / "b/lib.py").string());

    options.jars = {"missing.jar"};
    CHECK_THROWS_WITH_AS(dc::plan_files(options, "/x"),
                         "spark submit: --jars: no such file: missing.jar", dc::Error);
}

TEST_CASE("spark submit: the upload tar holds each directory, then each file, padded") {
    dc::test::TempDir tmp;
    std::string body(700, 'z');
    std::string host = tmp.write("wc.py", body);
    dc::ByteSource source =
        dc::upload_tar({{.host_path = host, .container_path = "/tmp/dc-submit/0/wc.py"}}, "/tmp");
    REQUIRE(source.size.has_value());
    std::string tar = read_all(source);
    CHECK(tar.size() == *source.size);
    // Two directory headers, one file header, 700 bytes padded to 1024, two end blocks.
    CHECK(tar.size() == 512 * 3 + 1024 + 1024);
    CHECK(std::string(tar.c_str()) == "dc-submit/");
    CHECK(tar[156] == '5');
    CHECK(std::string(tar.c_str() + 512) == "dc-submit/0/");
    CHECK(std::string(tar.c_str() + 1024) == "dc-submit/0/wc.py");
    CHECK(tar[1024 + 156] == '0');
    CHECK(std::string(tar.c_str() + 1024 + 124) == "00000001274");  // 700 in octal.
    CHECK(tar.substr(1536, 700) == body);
    CHECK(tar.substr(1536 + 700) == std::string(324 + 1024, '\0'));
    // The checksum: the header's bytes with the checksum field as spaces.
    std::string header = tar.substr(1024, 512);
    std::fill(header.begin() + 148, header.begin() + 156, ' ');
    unsigned sum = 0;
    for (unsigned char c : header) sum += c;
    CHECK(std::stoul(tar.substr(1024 + 148, 6), nullptr, 8) == sum);
}

TEST_CASE("spark submit: the driver's command line in client mode") {
    SparkSubmitOptions options;
    options.main_class = "Main";
    options.conf = {"spark.executor.memory=512m", "spark.driver.host=mine"};
    options.args = {"in.txt", "--flag"};
    dc::SubmitFiles files{.application = "/tmp/dc-submit/0/app.jar",
                          .jars = "/tmp/dc-submit/1/x.jar"};
    CHECK(dc::client_command(target(), options, files, "p-spark-submit-abc") ==
          std::vector<std::string>{"/opt/spark/bin/spark-submit", "--master",
                                   "spark://spark-master:7077", "--deploy-mode", "client", "--conf",
                                   "spark.driver.host=p-spark-submit-abc", "--class", "Main",
                                   "--jars", "/tmp/dc-submit/1/x.jar", "--conf",
                                   "spark.executor.memory=512m", "--conf", "spark.driver.host=mine",
                                   "/tmp/dc-submit/0/app.jar", "in.txt", "--flag"});
}

TEST_CASE("spark submit: bad options are refused before anything runs") {
    dc::test::TempDir tmp;
    SparkSubmitOptions options;
    options.application = tmp.write("job.txt", "");
    CHECK_THROWS_WITH_AS(dc::check_submit_options(options),
                         ("spark submit: the application must be a .py or .jar file, not \"" +
                          options.application + "\"")
                             .c_str(),
                         dc::Error);
    options.application = "nowhere/job.py";
    CHECK_THROWS_WITH_AS(dc::check_submit_options(options),
                         "spark submit: no such file: nowhere/job.py", dc::Error);
    options.application = tmp.write("job.py", "");
    options.conf = {"novalue"};
    CHECK_THROWS_WITH_AS(dc::check_submit_options(options),
                         "spark submit: --conf expects key=value, not \"novalue\"", dc::Error);
    options.conf = {};
    options.deploy_mode = DeployMode::Cluster;
    CHECK_THROWS_WITH_AS(dc::check_submit_options(options),
                         ("spark submit: --deploy-mode cluster runs JVM jobs (.jar) only; run " +
                          options.application + " in client mode")
                             .c_str(),
                         dc::Error);
    options.application = tmp.write("job.jar", "");
    CHECK_THROWS_WITH_AS(dc::check_submit_options(options),
                         "spark submit: --deploy-mode cluster needs --class", dc::Error);
    options.main_class = "Main";
    CHECK_NOTHROW(dc::check_submit_options(options));
}

TEST_CASE("spark submit: the CreateSubmissionRequest as RestSubmissionClient writes it") {
    SparkSubmitOptions options;
    options.main_class = "Main";
    options.args = {"3"};
    options.conf = {"spark.executor.cores=1"};
    dc::SubmitFiles files{.application = "/shared/.dc-submit/s/0/app.jar",
                          .jars = "/shared/.dc-submit/s/1/x.jar,hdfs://nn/y.jar"};
    auto json = nlohmann::json::parse(dc::create_submission_request(target(), options, files));
    CHECK(json["action"] == "CreateSubmissionRequest");
    CHECK(json["appResource"] == "file:/shared/.dc-submit/s/0/app.jar");
    CHECK(json["mainClass"] == "Main");
    CHECK(json["appArgs"] == nlohmann::json::array({"3"}));
    CHECK(json["clientSparkVersion"] == "3.5.4");
    CHECK(json["environmentVariables"].is_object());
    auto& properties = json["sparkProperties"];
    CHECK(properties["spark.master"] == "spark://spark-master:7077");
    CHECK(properties["spark.submit.deployMode"] == "cluster");
    CHECK(properties["spark.jars"] ==
          "file:/shared/.dc-submit/s/0/app.jar,"
          "file:/shared/.dc-submit/s/1/x.jar,hdfs://nn/y.jar");
    CHECK(properties["spark.executor.cores"] == "1");
    // A worker starts the driver without Java 17's module options unless the request has them.
    std::string java = properties["spark.driver.extraJavaOptions"];
    CHECK(java.find("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED") != std::string::npos);

    options.conf.push_back("spark.driver.extraJavaOptions=-Dmine=1");
    json = nlohmann::json::parse(dc::create_submission_request(target(), options, files));
    java = json["sparkProperties"]["spark.driver.extraJavaOptions"];
    CHECK(java.starts_with("-XX:+IgnoreUnrecognizedVMOptions "));
    CHECK(java.ends_with(" -Dmine=1"));
}

TEST_CASE("spark submit: the master's answer to a submission") {
    CHECK(dc::submission_id({200, R"({"action":"CreateSubmissionResponse","success":true,)"
                                  R"("submissionId":"driver-20250101-0001"})"}) ==
          "driver-20250101-0001");
    CHECK_THROWS_WITH_AS(
        dc::submission_id({400, R"({"action":"ErrorResponse","message":"Malformed request"})"}),
        "spark submit: the master refused the submission: Malformed request", dc::Error);
    CHECK_THROWS_WITH_AS(dc::submission_id({503, "<html>"}),
                         "spark submit: the master refused the submission: HTTP 503", dc::Error);
}

TEST_CASE("spark submit: cluster mode follows the driver to FINISHED and exits 0") {
    ScriptedHttp http;
    http.replies = {status_reply("SUBMITTED"), status_reply("RUNNING"), status_reply("RUNNING"),
                    status_reply("FINISHED")};
    std::vector<std::string> lines;
    SparkSubmitOptions options;
    options.poll_interval = std::chrono::milliseconds(0);
    options.report = [&](const std::string& line) { lines.push_back(line); };
    CHECK(dc::follow_submission(http, "http://m:6066/v1/submissions", "driver-1", options) == 0);
    CHECK(lines == std::vector<std::string>{"driver-1 SUBMITTED", "driver-1 RUNNING on worker-7",
                                            "driver-1 FINISHED"});
    CHECK(http.requests.size() == 4);
    CHECK(http.requests.front() == "GET http://m:6066/v1/submissions/status/driver-1");
}

TEST_CASE("spark submit: a FAILED or ERROR driver exits 1") {
    for (const char* state : {"FAILED", "ERROR"}) {
        ScriptedHttp http;
        http.replies = {status_reply("RUNNING"), status_reply(state)};
        SparkSubmitOptions options;
        options.poll_interval = std::chrono::milliseconds(0);
        CHECK(dc::follow_submission(http, "http://m/v1/submissions", "driver-1", options) == 1);
    }
}

TEST_CASE("spark submit: the first interrupt kills the submission") {
    ScriptedHttp http;
    http.replies = {status_reply("RUNNING")};
    std::stop_source interrupt;
    http.on_request = [&] {
        if (http.requests.size() == 2) interrupt.request_stop();
        if (http.requests.back().starts_with("POST")) {
            http.replies = {{200, R"({"success":true,"message":"Kill request submitted"})"},
                            status_reply("KILLED")};
        }
    };
    SparkSubmitOptions options;
    options.poll_interval = std::chrono::milliseconds(0);
    options.forward = interrupt.get_token();
    CHECK_THROWS_WITH_AS(
        dc::follow_submission(http, "http://m/v1/submissions", "driver-1", options),
        "spark submit: interrupted; driver driver-1 killed", dc::Error);
    CHECK(std::find(http.requests.begin(), http.requests.end(),
                    "POST http://m/v1/submissions/kill/driver-1") != http.requests.end());
}

TEST_CASE("spark submit: an unreachable REST endpoint says which setting it needs") {
    ScriptedHttp http;
    SparkSubmitOptions options;
    CHECK_THROWS_WITH_AS(
        dc::follow_submission(http, "http://m:6066/v1/submissions", "driver-1", options),
        "spark submit: the master's REST endpoint http://m:6066/v1/submissions/status/driver-1 "
        "failed: no server (is spark.master.rest.enabled=true set?)",
        dc::Error);
}
