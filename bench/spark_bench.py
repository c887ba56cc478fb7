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

import argparse
import datetime
import http.client
import json
import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(SCRIPT_DIR)
IMAGE = "apache/spark:3.5.4-python3"
SOCKET = "/var/run/docker.sock"
WORKERS = 2
FIXED_SLEEP = 15.0
TARGET_S = 1.0
REGISTERED = "Successfully registered with master"


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=60)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def engine(method, path):
    conn = UnixConnection(SOCKET)
    conn.request(method, "/v1.41" + path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def containers(project):
    filters = urllib.parse.quote(json.dumps({"label": [f"com.docker.compose.project={project}"]}))
    status, body = engine("GET", f"/containers/json?all=1&filters={filters}")
    return json.loads(body) if status == 200 else []


def service_of(c):
    return c["Labels"].get("com.docker.compose.service", "")


def parse_time(text):
    """The engine's RFC 3339 time with nanoseconds, as epoch seconds."""
    text = text.rstrip("Z")
    head, _, frac = text.partition(".")
    stamp = datetime.datetime.fromisoformat(head).replace(tzinfo=datetime.timezone.utc)
    return stamp.timestamp() + (float("0." + frac) if frac else 0.0)


def log_lines(container_id):
    """The container's output lines with the engine's timestamps (multiplexed frames)."""
    status, body = engine("GET", f"/containers/{container_id}/logs?stdout=1&stderr=1&timestamps=1")
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
        if not service_of(c).startswith("spark-worker"):
            continue
        _, body = engine("GET", f"/containers/{c['Id']}/json")
        started = parse_time(json.loads(body)["State"]["StartedAt"])
        for line in log_lines(c["Id"]):
            if REGISTERED in line:
                result[service_of(c)] = (started, parse_time(line.split(" ", 1)[0]))
                break
    return result


def master_ready(project):
    """Whether the master's /json/, fetched through its published UI port, shows the workers."""
    for c in containers(project):
        if service_of(c) != "spark-master" or c["State"] != "running":
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


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def cleanup(dc, project, cwd):
    subprocess.run([dc, "-p", project, "spark", "down", "-v", "-t", "1"], cwd=cwd,
                   capture_output=True)


def bench_dc(dc, project, cwd):
    start = time.time()
    run([dc, "-p", project, "--progress", "quiet", "spark", "up", "--workers", str(WORKERS),
         "--port", "all=0"], cwd=cwd)
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
        f.write(run([dc, "-p", project, "spark", "config", "--workers", str(WORKERS), "--port",
                     "all=0"], cwd=cwd).stdout)
    return path


def bench_compose(compose, project, generated, cwd, fixed_sleep):
    start = time.time()
    run([compose, "-p", project, "-f", generated, "up", "-d"], cwd=cwd)
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("dc", nargs="?", default=os.path.join(ROOT, "build", "cli", "dc"))
    args = parser.parse_args()
    args.dc = os.path.abspath(args.dc)
    compose = run([os.path.join(SCRIPT_DIR, "compose-v2.sh")]).stdout.strip()
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
        project = f"dc-bench-spark-cv2-{os.getpid()}-{i}"
        try:
            generated = generate(args.dc, project, work)
            start, ready, _ = bench_compose(compose, project, generated, work, False)
            cv2_ready.append(ready - start)
        finally:
            cleanup(args.dc, project, work)
        project = f"dc-bench-spark-sleep-{os.getpid()}-{i}"
        try:
            generated = generate(args.dc, project, work)
            start, ready, was_ready = bench_compose(compose, project, generated, work, True)
            sleep_ready.append((ready - start, was_ready))
        finally:
            cleanup(args.dc, project, work)

    med = statistics.median
    print(f"\nSpark cluster ({WORKERS} workers) to ready, median of {args.runs} run(s):")
    print(f"  dc spark up                         {med(dc_ready):6.2f} s")
    print(f"  Compose v2 up -d + poll /json/      {med(cv2_ready):6.2f} s   "
          f"(dc/compose {med(dc_ready) / med(cv2_ready):.2f}x)")
    ready_all = all(ok for _, ok in sleep_ready)
    print(f"  Compose v2 up -d + sleep {FIXED_SLEEP:.0f}         {med([t for t, _ in sleep_ready]):6.2f} s   "
          f"(cluster {'was' if ready_all else 'was NOT'} ready by then)")
    ok = max(dc_over) <= TARGET_S
    print(f"\n  {'PASS' if ok else 'FAIL'}  dc ready within {TARGET_S:.0f} s of the slowest worker's "
          f"registration (worst {max(dc_over):+.2f} s)")
    if args.check and not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
