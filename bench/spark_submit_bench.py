#!/usr/bin/env python3
"""Times `dc spark submit` against `docker compose exec spark-master spark-submit` (Compose v2) on
the same running cluster, in one run.

Figures (medians of --runs): the time from starting the command to the driver's first output
line (on stdout or stderr: Spark's first log line), and to the command's end with the job's exit
code. dc starts a one-off driver container (and copies the job into it); Compose execs spark-submit
in the master, where the job was copied beforehand, so dc pays a container start Compose does not.
Target: dc's first line within 1 s of Compose's.

Usage: bench/spark_submit_bench.py [--runs N] [path-to-dc]
Needs the stand-in image apache/spark:3.5.4-python3 (tests/images/spark.sh builds it).
"""

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

SHARED = "/opt/spark/work-dir/shared"
TARGET_S = 1.0

JOB = """from pyspark.sql import SparkSession
spark = SparkSession.builder.appName("bench").getOrCreate()
print("count", spark.range(1000).count())
spark.stop()
"""


def timed(command, cwd):
    """Runs `command`; returns (seconds to the first output line, seconds to the end, exit code,
    stdout)."""
    start = time.monotonic()
    first = []
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = []

    def read(stream, keep):
        for line in stream:
            if not first:
                first.append(time.monotonic() - start)
            if keep:
                out.append(line.decode(errors="replace"))

    threads = [threading.Thread(target=read, args=(process.stdout, True)),
               threading.Thread(target=read, args=(process.stderr, False))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    code = process.wait()
    end = time.monotonic() - start
    return (first[0] if first else end), end, code, "".join(out)


def main():
    args = benchlib.parse_args(__doc__, runs=3, check=None, full_doc=False)
    dc = args.dc
    compose = benchlib.compose_v2("spark_submit_bench")
    project = f"dc-bench-submit-{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        job = os.path.join(tmp, "job.py")
        with open(job, "w") as f:
            f.write(JOB)
        spark = [dc, "-p", project, "spark"]
        try:
            subprocess.run(spark + ["up", "--port", "all=0"], cwd=tmp, check=True,
                           stdout=subprocess.DEVNULL)
            generated = os.path.join(tmp, "spark.yaml")
            with open(generated, "w") as f:
                subprocess.run(spark + ["config", "--port", "all=0"], cwd=tmp, check=True,
                               stdout=f)
            cv2 = [compose, "-p", project, "-f", generated]
            subprocess.run(cv2 + ["cp", job, f"spark-master:{SHARED}/job.py"], cwd=tmp,
                           check=True, capture_output=True)
            cases = {
                "dc spark submit": spark + ["submit", job],
                "compose exec spark-submit": cv2 + [
                    "exec", "-T", "spark-master", "/opt/spark/bin/spark-submit", "--master",
                    "spark://spark-master:7077", f"{SHARED}/job.py"],
            }
            results = {}
            for name, command in cases.items():
                runs = []
                for _ in range(args.runs):
                    first, end, code, out = timed(command, tmp)
                    if code != 0 or "count 1000" not in out:
                        sys.exit(f"{name}: exit {code}, output {out!r}")
                    runs.append((first, end))
                results[name] = (statistics.median(r[0] for r in runs),
                                 statistics.median(r[1] for r in runs))
        finally:
            subprocess.run(spark + ["down", "-v"], cwd=tmp, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    print(f"spark submit, median of {args.runs} runs on a 2-worker cluster:")
    print(f"  {'':28} {'first line':>11} {'job done':>9}")
    for name, (first, end) in results.items():
        print(f"  {name:28} {first:10.2f}s {end:8.2f}s")
    dc_first = results["dc spark submit"][0]
    cv2_first = results["compose exec spark-submit"][0]
    print(f"  first line: dc/compose = {dc_first / cv2_first:.2f}")
    verdict = benchlib.verdict(dc_first <= cv2_first + TARGET_S)
    print(f"  target: dc's first line within {TARGET_S:.0f} s of Compose's: {verdict}")


if __name__ == "__main__":
    main()
