#!/usr/bin/env python3
"""Times `dc spark up --workers 2` to a ready cluster, against the same generated compose file
started by Docker Compose v2 (`up -d`, then polling the master's /json/ until 2 workers are
ALIVE) and against the usual fixed `sleep 15` after `up -d`, in one run.

Ready means the master ALIVE with 2 workers ALIVE in its /json/ status. The target: dc returns
within 1 s of the slowest worker's own registration with the master (the worker's log line
"Successfully registered with master", on the engine's clock), i.e. dc adds under a second to the
JVMs' own start-up.

Usage: bench/spark_bench.py [--check] [--runs N] [path-to-dc]
Needs the stand-in image apache/spark:3.5.4-python3 (tests/images/spark.sh builds it).
"""

import datetime
import http.client
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

WORKERS = 2
FIXED_SLEEP = 15.0
TARGET_S = 1.0
REGISTERED = "Successfully registered with master"


def containers(project):
    """The project's containers; none while the engine does not answer."""
    try:
        return benchlib.project_containers(project)
    except (OSError, RuntimeError, ValueError):
        return []


def parse_time(text):
    """The engine's RFC 3339 time with nanoseconds, as epoch seconds."""
    text = text.rstrip("Z")
    head, _, frac = text.partition(".")
    stamp = datetime.datetime.fromisoformat(head).replace(tzinfo=datetime.timezone.utc)
    return stamp.timestamp() + (float("0." + frac) if frac else 0.0)


def log_lines(container_id):
    """The container's output lines with the engine's timestamps (multiplexed frames)."""
    status, body = benchlib.engine_request(
        "GET", f"/containers/{container_id}/logs?stdout=1&stderr=1&timestamps=1")
    out, i = b"", 0
    while status == 200 and i + 8 <= len(body):
        size = struct.unpack(">I", body[i + 4:i + 8])[0]
        out += body[i + 8:i + 8 + size]
        i += 8 + size
    return out.decode(errors="replace").splitlines()


def registrations(project):
    """Per worker: (container start, registration) as epoch seconds."""
    result = {}
    for c in containers(project):
        if not benchlib.service_of(c).startswith("spark-worker"):
            continue
        body = benchlib.engine("GET", f"/containers/{c['Id']}/json")
        started = parse_time(json.loads(body)["State"]["StartedAt"])
        for line in log_lines(c["Id"]):
            if REGISTERED in line:
                result[benchlib.service_of(c)] = (started, parse_time(line.split(" ", 1)[0]))
                break
    return result


def master_ready(project):
    """Whether the master's /json/, fetched through its published UI port, shows the workers."""
    for c in containers(project):
        if benchlib.service_of(c) != "spark-master" or c["State"] != "running":
            continue
        for p in c.get("Ports", []):
            if p.get("PrivatePort") == 8080 and p.get("PublicPort"):
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", p["PublicPort"], timeout=2)
                    conn.request("GET", "/json/")
                    doc = json.loads(conn.getresponse().read())
                    alive = sum(w.get("state") == "ALIVE" for w in doc.get("workers", []))
                    return doc.get("status") == "ALIVE" and alive >= WORKERS
                except (OSError, ValueError, http.client.HTTPException):
                    return False
    return False


def cleanup(dc, project, cwd):
    subprocess.run([dc, "-p", project, "spark", "down", "-v", "-t", "1"], cwd=cwd,
                   capture_output=True)


def bench_dc(dc, project, cwd):
    start = time.time()
    benchlib.run_output([dc, "-p", project, "--progress", "quiet", "spark", "up", "--workers",
                         str(WORKERS), "--port", "all=0"], cwd=cwd)
    ready = time.time()
    # The master lists a worker as soon as it registers it; the worker logs its line when the
    # answer arrives, so the line can come a moment after dc returned.
    regs = registrations(project)
    while len(regs) < WORKERS and time.time() < ready + 10:
        time.sleep(0.2)
        regs = registrations(project)
    return start, ready, regs


def generate(dc, project, cwd):
    """`dc spark config` for `project`: its output names the project's networks and volumes."""
    path = os.path.join(cwd, f"{project}.yaml")
    with open(path, "w") as f:
        f.write(benchlib.run_output([dc, "-p", project, "spark", "config", "--workers", str(WORKERS),
                                     "--port", "all=0"], cwd=cwd))
    return path


def bench_compose(compose, project, generated, cwd, fixed_sleep):
    start = time.time()
    benchlib.run_output([compose, "-p", project, "-f", generated, "up", "-d"], cwd=cwd)
    if fixed_sleep:
        time.sleep(FIXED_SLEEP)  # The usual `up -d && sleep 15`.
        return start, time.time(), master_ready(project)
    deadline = start + 300
    while not master_ready(project):
        if time.time() > deadline:
            raise SystemExit("compose: the cluster was not ready after 300 s")
        time.sleep(0.25)
    return start, time.time(), True


def main():
    args = benchlib.parse_args(__doc__, runs=1, check="exit 1 when a target fails", full_doc=False)
    compose = benchlib.compose_v2("spark_bench")
    work = tempfile.mkdtemp(prefix="dc-spark-bench-")

    dc_ready, dc_over, cv2_ready, sleep_ready = [], [], [], []
    for i in range(args.runs):
        project = f"dc-bench-spark-{os.getpid()}-{i}"
        try:
            start, ready, regs = bench_dc(args.dc, project, work)
            if len(regs) < WORKERS:
                raise SystemExit(f"dc: only {len(regs)} worker registration(s) found in the logs")
            slowest = max(reg for _, reg in regs.values())
            dc_ready.append(ready - start)
            dc_over.append(ready - slowest)
            jvm = ", ".join(f"{name} {reg - started:.1f}s" for name, (started, reg) in sorted(regs.items()))
            print(f"run {i + 1}: dc ready in {ready - start:.2f}s, {ready - slowest:+.2f}s after "
                  f"the slowest registration (worker JVM start to registration: {jvm})")
        finally:
            cleanup(args.dc, project, work)
        for kind, fixed_sleep, results in (("cv2", False, cv2_ready), ("sleep", True, sleep_ready)):
            project = f"dc-bench-spark-{kind}-{os.getpid()}-{i}"
            try:
                generated = generate(args.dc, project, work)
                start, ready, was_ready = bench_compose(compose, project, generated, work, fixed_sleep)
                results.append((ready - start, was_ready))
            finally:
                cleanup(args.dc, project, work)

    med = statistics.median
    dc_s, cv2_s = med(dc_ready), med([t for t, _ in cv2_ready])
    print(f"\nSpark cluster ({WORKERS} workers) to ready, median of {args.runs} run(s):")
    print(f"  dc spark up                         {dc_s:6.2f} s")
    print(f"  Compose v2 up -d + poll /json/      {cv2_s:6.2f} s   "
          f"(dc/compose {benchlib.ratio(dc_s, cv2_s, 2)})")
    ready_all = all(ok for _, ok in sleep_ready)
    print(f"  Compose v2 up -d + sleep {FIXED_SLEEP:.0f}         {med([t for t, _ in sleep_ready]):6.2f} s   "
          f"(cluster {'was' if ready_all else 'was NOT'} ready by then)")
    ok = max(dc_over) <= TARGET_S
    print(f"\n  {benchlib.verdict(ok)}  dc ready within {TARGET_S:.0f} s of the slowest worker's "
          f"registration (worst {max(dc_over):+.2f} s)")
    if args.check and not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
