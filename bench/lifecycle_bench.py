#!/usr/bin/env python3
"""Times dc's container lifecycle against Docker Compose v2 on the real engine, in one run.

Cases (see bench/README.md):
  up -d / down of 10 and 50 services, ps on a running 50-container project, and a 5-deep chain of
  healthchecked services, where the figure is the time from a dependency turning healthy (the
  engine's event) to the tool asking the engine to start its dependent (seen by a pass-through
  proxy on the socket) and to the engine's start event.

Usage: bench/lifecycle_bench.py [--check] [--runs N] [path-to-dc]
Needs the stand-in image dc-test/busybox:latest (tests/images/busybox.sh builds it).
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import re
import select
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(SCRIPT_DIR)
IMAGE = "dc-test/busybox:latest"
SOCKET = "/var/run/docker.sock"
CHAIN_DEPTH = 5
HEALTH_TARGET_MS = 50.0


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=60)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


class StartRecorder:
    """A pass-through proxy on a Unix socket in front of the engine's, noting when each
    `POST .../containers/<id>/start` request arrives. Pointing a tool at it (DOCKER_HOST) shows
    when the tool asked for a start, on the same clock as the engine's events, whatever the tool."""

    START = re.compile(rb"POST /(?:v[0-9.]+/)?containers/([^/ ]+)/start[ ?]")

    def __init__(self, path):
        self.path = path
        self.starts = []  # (time.time(), container id or name)
        self.lock = threading.Lock()
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(64)
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self.pump, args=(client,), daemon=True).start()

    def pump(self, client):
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        upstream.connect(SOCKET)
        peers = {client: upstream, upstream: client}
        try:
            while True:
                readable, _, _ = select.select(list(peers), [], [])
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if sock is client:
                        for match in self.START.finditer(data):
                            with self.lock:
                                self.starts.append((time.time(), match.group(1).decode()))
                    peers[sock].sendall(data)
        except OSError:
            return
        finally:
            client.close()
            upstream.close()

    def take(self):
        with self.lock:
            out, self.starts = self.starts, []
        return out


def engine_get(path):
    conn = UnixConnection(SOCKET)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"engine: GET {path}: {response.status} {body[:200]!r}")
    return body


def project_events(project, since, until):
    filters = json.dumps({"label": [f"com.docker.compose.project={project}"], "type": ["container"]})
    query = urllib.parse.urlencode({"since": f"{since:.3f}", "until": f"{until:.3f}", "filters": filters})
    return [json.loads(line) for line in engine_get(f"/events?{query}").splitlines() if line.strip()]


def project_containers(project):
    filters = json.dumps({"label": [f"com.docker.compose.project={project}"]})
    query = urllib.parse.urlencode({"all": "1", "filters": filters})
    return json.loads(engine_get(f"/containers/json?{query}"))


def slug(tool_name):
    return tool_name.replace(" ", "")


def wide_file(n):
    lines = ["services:"]
    for i in range(1, n + 1):
        lines += [f"  s{i}:", f"    image: {IMAGE}", '    command: ["sleep", "3600"]',
                  "    stop_signal: SIGKILL"]
    return "\n".join(lines) + "\n"


def chain_file(depth):
    lines = ["services:"]
    for i in range(1, depth + 1):
        lines += [f"  c{i}:", f"    image: {IMAGE}",
                  '    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 3600"]',
                  "    stop_signal: SIGKILL",
                  "    healthcheck:", '      test: ["CMD", "test", "-f", "/tmp/ready"]',
                  "      interval: 1s", "      retries: 60"]
        if i > 1:
            lines += ["    depends_on:", f"      c{i - 1}:", "        condition: service_healthy"]
    return "\n".join(lines) + "\n"


def run(tool, project, compose_file, *args, env=None):
    """Runs one command of a tool, returns seconds; raises with its stderr on failure."""
    command = [tool, "-p", project, "-f", compose_file, *args]
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          stdin=subprocess.DEVNULL, env=env)
    spent = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[-400:]}")
    return spent


def cleanup(project):
    for c in project_containers(project):
        conn = UnixConnection(SOCKET)
        conn.request("DELETE", f"/containers/{c['Id']}?force=1&v=1")
        conn.getresponse().read()
        conn.close()
    filters = json.dumps({"label": [f"com.docker.compose.project={project}"]})
    for n in json.loads(engine_get("/networks?" + urllib.parse.urlencode({"filters": filters}))):
        conn = UnixConnection(SOCKET)
        conn.request("DELETE", f"/networks/{n['Id']}")
        conn.getresponse().read()
        conn.close()


def bench_wide(tools, n, runs, work):
    """Mean seconds of `up -d` and `down` per tool, runs alternating between the tools."""
    path = os.path.join(work, f"wide-{n}.yaml")
    with open(path, "w") as f:
        f.write(wide_file(n))
    ups = {name: [] for name in tools}
    downs = {name: [] for name in tools}
    for r in range(runs):
        for name, tool in tools.items():
            project = f"dcbench-{slug(name)}-{n}-{os.getpid()}"
            try:
                ups[name].append(run(tool, project, path, "up", "-d"))
                running = [c for c in project_containers(project) if c["State"] == "running"]
                if len(running) != n:
                    raise RuntimeError(f"{name}: {len(running)} of {n} containers running after up -d")
                downs[name].append(run(tool, project, path, "down"))
                if project_containers(project):
                    raise RuntimeError(f"{name}: containers left after down")
            finally:
                cleanup(project)
    return ({k: statistics.mean(v) for k, v in ups.items()},
            {k: statistics.mean(v) for k, v in downs.items()})


def bench_ps(tools, n, runs, work):
    path = os.path.join(work, f"wide-{n}.yaml")
    project = f"dcbench-ps-{os.getpid()}"
    first = next(iter(tools.values()))
    result = {}
    try:
        run(first, project, path, "up", "-d")
        for name, tool in tools.items():
            run(tool, project, path, "ps")  # Warm-up.
            result[name] = statistics.mean(run(tool, project, path, "ps") for _ in range(runs * 3))
    finally:
        cleanup(project)
    return result


def bench_chain(tools, runs, work):
    """Per tool, for each link of the chain: the delay (ms) from the dependency's healthy event to
    the tool's start request for the dependent (seen by the proxy), and to the engine's start
    event for it (which adds the engine's own start time)."""
    path = os.path.join(work, "chain.yaml")
    with open(path, "w") as f:
        f.write(chain_file(CHAIN_DEPTH))
    recorder = StartRecorder(os.path.join(work, "engine.sock"))
    env = dict(os.environ, DOCKER_HOST=f"unix://{recorder.path}")
    requested = {name: [] for name in tools}
    started = {name: [] for name in tools}
    for r in range(runs):
        for name, tool in tools.items():
            project = f"dcbench-chain-{slug(name)}-{os.getpid()}"
            try:
                since = time.time() - 1
                recorder.take()
                run(tool, project, path, "up", "-d", env=env)
                asked = recorder.take()
                events = project_events(project, since, time.time() + 0.5)
                ids = {c["Id"]: c["Labels"].get("com.docker.compose.service", "")
                       for c in project_containers(project)}
                names = {c["Names"][0].lstrip("/"): ids[c["Id"]] for c in project_containers(project)}
                healthy, start_event, start_request = {}, {}, {}
                for e in events:
                    service = e["Actor"]["Attributes"].get("com.docker.compose.service", "")
                    action = e.get("Action", "")
                    if action == "start":
                        start_event.setdefault(service, e["timeNano"] / 1e9)
                    elif action.startswith("health_status") and "unhealthy" not in action:
                        healthy.setdefault(service, e["timeNano"] / 1e9)
                for at, ref in asked:
                    service = ids.get(ref) or names.get(ref)
                    if service is None:
                        service = next((v for k, v in ids.items() if k.startswith(ref)), "")
                    start_request.setdefault(service, at)
                for i in range(1, CHAIN_DEPTH):
                    a, b = f"c{i}", f"c{i + 1}"
                    if a not in healthy or b not in start_event or b not in start_request:
                        raise RuntimeError(f"{name}: missing healthy event of {a} or start of {b}")
                    requested[name].append((start_request[b] - healthy[a]) * 1000)
                    started[name].append((start_event[b] - healthy[a]) * 1000)
            finally:
                cleanup(project)
    return requested, started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dc", nargs="?", default=os.path.join(ROOT, "build", "cli", "dc"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    tools = {"dc": os.path.abspath(args.dc)}
    v2 = subprocess.run([os.path.join(SCRIPT_DIR, "compose-v2.sh")], stdout=subprocess.PIPE,
                        text=True).stdout.strip()
    if not v2:
        sys.exit("lifecycle_bench: Docker Compose v2 is not available (bench/compose-v2.sh failed)")
    tools["compose v2"] = v2
    engine_get(f"/images/{IMAGE}/json")  # Fails early when the image is missing.
    for k in ("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES"):
        os.environ.pop(k, None)

    work = tempfile.mkdtemp()
    failed = False
    try:
        print(f"dc lifecycle benchmark ({os.cpu_count()} CPUs, {args.runs} runs per tool, alternating)")
        for name, tool in tools.items():
            print(f"  {name}: {tool}")
        print()
        fmt = "{:<28} {:>12} {:>16} {:>8}"
        print(fmt.format("case", "dc (ms)", "compose v2 (ms)", "v2/dc"))
        rows = []
        for n in (10, 50):
            ups, downs = bench_wide(tools, n, args.runs, work)
            rows.append((f"up -d, {n} services", ups))
            rows.append((f"down, {n} services", downs))
        rows.append(("ps, 50 running", bench_ps(tools, 50, args.runs, work)))
        for label, result in rows:
            d, c = result["dc"] * 1000, result["compose v2"] * 1000
            print(fmt.format(label, f"{d:.1f}", f"{c:.1f}", f"{c / d:.1f}x"))
        requested, started = bench_chain(tools, args.runs, work)
        print()
        print(f"{CHAIN_DEPTH}-deep healthcheck chain, from a dependency's healthy event (engine) to its dependent's")
        print(f"start request (seen on the socket) and start event (engine), {len(requested['dc'])} links per tool:")
        for name in tools:
            print(f"  {name:<12} request: mean {statistics.mean(requested[name]):7.1f} ms, max {max(requested[name]):7.1f} ms"
                  f"   started: mean {statistics.mean(started[name]):7.1f} ms, max {max(started[name]):7.1f} ms")
        print()
        print("Targets:")
        slower = [label for label, r in rows if label.startswith(("up", "down")) and r["dc"] > r["compose v2"]]
        wide = [label for label, r in rows if "50 services" in label and r["dc"] >= r["compose v2"]]
        checks = [
            ("up/down no slower than Compose v2 anywhere", not slower, ", ".join(slower) or "all faster"),
            ("faster on the 50-service stack", not wide, ", ".join(wide) or "yes"),
            (f"dependent's start requested within {HEALTH_TARGET_MS:.0f} ms of healthy",
             max(requested["dc"]) <= HEALTH_TARGET_MS, f"max {max(requested['dc']):.1f} ms"),
        ]
        for text, ok, detail in checks:
            print(f"  {'PASS' if ok else 'FAIL'}  {text} ({detail})")
            failed = failed or not ok
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
