// `dc spark submit` on a real cluster (the apache/spark stand-in from tests/images/spark.sh):
// one cluster, PostgreSQL + Spark from one compose file, serves every case, since each start
// costs half a minute. A PySpark word count over a file in the shared volume, a PySpark job that
// raises, a JVM job compiled here against the image's own jars in client and in cluster mode
// (exit codes passed on), and a JDBC job whose table psql reads back through `dc exec`.
#include <cstdio>
#include <filesystem>

#include <doctest/doctest.h>

#include "core/labels.h"
#include "core/spark_submit_internal.h"
#include "tests/e2e/harness.h"
#include "tests/unit/test_util.h"

using namespace dc;
using namespace dc::e2e;

namespace {

// The user's own PostgreSQL joined by the Spark services through `x-spark`: the CI stack the
// README describes. Host ports are left to the engine, so that runs do not clash.
const char* const kCompose = R"(services:
  postgres:
    image: postgres:16
    environment:
      POSTGRES_USER: spark
      POSTGRES_PASSWORD: spark
      POSTGRES_DB: spark
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U spark -d spark"]
      interval: 1s
      retries: 60
x-spark:
  workers: 2
  with_postgres: true
)";

const char* const kWordCount = R"(import sys
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("wordcount").getOrCreate()
lines = spark.sparkContext.textFile(sys.argv[1])
counts = lines.flatMap(lambda l: l.split()).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)
for word, count in sorted(counts.collect()):
    print(f"{word}: {count}")
spark.stop()
)";

const char* const kFailing = R"(from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("fails").getOrCreate()
print("rows:", spark.range(3).count())
raise ValueError("the job failed on purpose")
)";

const char* const kJdbc = R"(import sys
from pyspark.sql import SparkSession

url = "jdbc:postgresql://postgres:5432/spark"
props = {"user": "spark", "password": "spark", "driver": "org.postgresql.Driver"}
spark = SparkSession.builder.appName("jdbc").getOrCreate()
marks = spark.createDataFrame([("ada", 20), ("alan", 19), ("grace", 18)], ["student", "mark"])
marks.write.jdbc(url, sys.argv[1], mode="overwrite", properties=props)
back = spark.read.jdbc(url, sys.argv[1], properties=props)
print("rows read back:", back.count())
spark.stop()
)";

// Sums 1..N on the executors; exits with the second argument when there is one.
const char* const kSumJob = R"(import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

public class SumJob {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("sum").getOrCreate();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1; i <= Integer.parseInt(args[0]); ++i) numbers.add(i);
        System.out.println("sum=" + sc.parallelize(numbers, 2).reduce(Integer::sum));
        spark.stop();
        if (args.length > 1) System.exit(Integer.parseInt(args[1]));
    }
}
)";

constexpr const char* kShared = "/opt/spark/work-dir/shared";

std::string master_of(const std::string& project) {
    auto listed =
        engine().list_containers({.filters = {{"label",
                                               {std::string(kLabelProject) + "=" + project,
                                                std::string(kLabelService) + "=spark-master"}}}});
    REQUIRE(listed.has_value());
    REQUIRE(listed->size() == 1);
    return listed->front().id;
}

int shell(const std::string& command) {
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// Compiles SumJob against the image's /opt/spark/jars (copied out of the master) into a jar.
std::string build_sum_jar(const test::TempDir& dir, const std::string& master) {
    REQUIRE_MESSAGE(shell("command -v javac >/dev/null && command -v jar >/dev/null") == 0,
                    "javac and jar are needed (openjdk-17-jdk-headless, scripts/setup-debian.sh)");
    std::string jars = dir.path() + "/spark";
    std::filesystem::create_directories(jars);
    FILE* tar = popen(("tar -x -C " + jars).c_str(), "w");
    REQUIRE(tar != nullptr);
    auto copied = engine().get_archive(master, "/opt/spark/jars", [&](std::string_view bytes) {
        return std::fwrite(bytes.data(), 1, bytes.size(), tar) == bytes.size() ? Flow::Continue
                                                                               : Flow::Stop;
    });
    REQUIRE(pclose(tar) == 0);
    REQUIRE_MESSAGE(copied.has_value(), (copied ? "" : copied.error().message));
    std::string source = dir.write("java/SumJob.java", kSumJob);
    REQUIRE(shell("javac --release 17 -cp '" + jars + "/jars/*' -d " + dir.path() +
                  "/java/classes " + source) == 0);
    REQUIRE(shell("cd " + dir.path() + "/java/classes && jar cf ../sum.jar .") == 0);
    return dir.path() + "/java/sum.jar";
}

}  // namespace

TEST_CASE("e2e spark submit: PySpark, JVM in client and cluster mode, JDBC, on one cluster") {
    ProjectGuard project(unique_project("spark-submit"));
    const std::string& p = project.name();
    test::TempDir dir;
    dir.write("compose.yaml", kCompose);
    auto up = run_dc({"-p", p, "spark", "up", "--port", "all=0"}, dir.path());
    REQUIRE_MESSAGE(up.status == 0, up.err);
    const std::string master = master_of(p);
    auto submit = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"-p", p, "spark", "submit"});
        return run_dc(args, dir.path());
    };

    // A word count over a file put in the shared volume, where every executor reads it.
    std::string words = dir.write("words.txt", "spark dc spark\nhello dc spark\n");
    auto put = engine().put_archive(
        master, kShared, upload_tar({{words, std::string(kShared) + "/words.txt"}}, kShared));
    REQUIRE(put.has_value());
    dir.write("jobs/wc.py", kWordCount);
    auto wc = submit({"jobs/wc.py", "--", std::string(kShared) + "/words.txt"});
    CHECK_MESSAGE(wc.status == 0, wc.err);
    CHECK(wc.out == "dc: 2\nhello: 1\nspark: 3\n");

    dir.write("fail.py", kFailing);
    auto failing = submit({"fail.py"});
    CHECK(failing.status == 1);
    // Spark's PythonRunner puts the Python process's stderr, the traceback, on its stdout.
    CHECK(failing.out.starts_with("rows: 3\n"));
    CHECK(failing.out.find("ValueError: the job failed on purpose") != std::string::npos);

    // The JVM job from a path outside the project, in client mode: its own exit code comes back.
    const std::string jar = build_sum_jar(dir, master);
    auto client = submit({"--class", "SumJob", jar, "--", "100"});
    CHECK_MESSAGE(client.status == 0, client.err);
    CHECK(client.out == "sum=5050\n");
    auto client_exit = submit({"--class", "SumJob", jar, "--", "10", "3"});
    CHECK(client_exit.status == 3);
    CHECK(client_exit.out == "sum=55\n");

    // Cluster mode: the driver on a worker, its state followed to the end.
    auto cluster = submit({"--deploy-mode", "cluster", "--class", "SumJob", jar, "--", "100"});
    CHECK_MESSAGE(cluster.status == 0, (cluster.out + cluster.err));
    CHECK(cluster.out.find(" RUNNING on worker-") != std::string::npos);
    CHECK(cluster.out.ends_with(" FINISHED\n"));
    auto cluster_failed =
        submit({"--deploy-mode", "cluster", "--class", "SumJob", jar, "--", "10", "3"});
    CHECK(cluster_failed.status == 1);
    CHECK(cluster_failed.out.ends_with(" FAILED\n"));

    // PostgreSQL + Spark: the job writes a table over JDBC and reads it back; psql agrees.
    dir.write("jdbc.py", kJdbc);
    auto jdbc = submit({"jdbc.py", "--", "marks"});
    CHECK_MESSAGE(jdbc.status == 0, jdbc.err);
    CHECK(jdbc.out == "rows read back: 3\n");
    auto psql = run_dc({"-p", p, "exec", "-T", "postgres", "psql", "-U", "spark", "-d", "spark",
                        "-tAc", "SELECT student, mark FROM marks ORDER BY student"},
                       dir.path());
    CHECK_MESSAGE(psql.status == 0, psql.err);
    CHECK(psql.out == "ada|20\nalan|19\ngrace|18\n");

    // No driver container is left behind.
    auto oneoffs =
        engine().list_containers({.all = true,
                                  .filters = {{"label",
                                               {std::string(kLabelProject) + "=" + p,
                                                std::string(kLabelOneoff) + "=" + kOneoffTrue}}}});
    REQUIRE(oneoffs.has_value());
    CHECK(oneoffs->empty());
}

TEST_CASE("e2e spark submit: no cluster is a clear error") {
    test::TempDir dir;
    std::string job = dir.write("job.py", "print(1)\n");
    std::string p = unique_project("spark-none");
    auto result = run_dc({"-p", p, "spark", "submit", job}, dir.path());
    CHECK(result.status == 1);
    CHECK(result.err == "dc: error: no running Spark master in project \"" + p +
                            "\" (start one with dc spark up)\n");
}
