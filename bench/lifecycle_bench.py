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

import os
import re
import select
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

IMAGE = "dc-test/busybox:latest"
CHAIN_DEPTH = 5
HEALTH_TARGET_MS = 50.0


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
        upstream.connect(benchlib.SOCKET)
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
    """Runs one command of a tool on a compose file, returns seconds; raises with its stderr on failure."""
    return benchlib.run_tool(tool, project, "-f", compose_file, *args, env=env)


def bench_wide(tools, n, runs, work):
    """Mean seconds of `up -d` and `down` per tool, runs alternating between the tools."""
    path = os.path.join(work, f"wide-{n}.yaml")
    with open(path, "w") as f:
        f.write(wide_file(n))
    ups = {name: [] for name in tools}
    downs = {name: [] for name in tools}
    for r in range(runs):
        for name, tool in tools.items():
            project = f"dcbench-{benchlib.slug(name)}-{n}-{os.getpid()}"
            try:
                ups[name].append(run(tool, project, path, "up", "-d"))
                running = [c for c in benchlib.project_containers(project) if c["State"] == "running"]
                if len(running) != n:
                    raise RuntimeError(f"{name}: {len(running)} of {n} containers running after up -d")
                downs[name].append(run(tool, project, path, "down"))
                if benchlib.project_containers(project):
                    raise RuntimeError(f"{name}: containers left after down")
            finally:
                benchlib.remove_project(project)
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
        benchlib.remove_project(project)
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
            project = f"dcbench-chain-{benchlib.slug(name)}-{os.getpid()}"
            try:
                since = time.time() - 1
                recorder.take()
                run(tool, project, path, "up", "-d", env=env)
                asked = recorder.take()
                events = benchlib.project_events(project, since, time.time() + 0.5)
                ids = {c["Id"]: benchlib.service_of(c) for c in benchlib.project_containers(project)}
                names = {c["Names"][0].lstrip("/"): ids[c["Id"]] for c in benchlib.project_containers(project)}
                healthy, start_event, start_request = {}, {}, {}
                for e in events:
                    service = e["Actor"]["Attributes"].get(benchlib.SERVICE_LABEL, "")
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
                benchlib.remove_project(project)
    return requested, started


def main():
    args = benchlib.parse_args(__doc__, runs=3)
    tools = {"dc": args.dc, "compose v2": benchlib.compose_v2("lifecycle_bench")}
    benchlib.engine("GET", f"/images/{IMAGE}/json")  # Fails early when the image is missing.
    for k in benchlib.COMPOSE_VARS:
        os.environ.pop(k, None)

    work = tempfile.mkdtemp()
    failed = False
    try:
        benchlib.print_header("lifecycle", args.runs, tools)
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
            print(fmt.format(label, f"{d:.1f}", f"{c:.1f}", benchlib.ratio(c, d)))
        requested, started = bench_chain(tools, args.runs, work)
        print()
        print(f"{CHAIN_DEPTH}-deep healthcheck chain, from a dependency's healthy event (engine) to its dependent's")
        print(f"start request (seen on the socket) and start event (engine), {len(requested['dc'])} links per tool:")
        for name in tools:
            print(f"  {name:<12} request: mean {statistics.mean(requested[name]):7.1f} ms, max {max(requested[name]):7.1f} ms"
                  f"   started: mean {statistics.mean(started[name]):7.1f} ms, max {max(started[name]):7.1f} ms")
        print()
        slower = [label for label, r in rows if label.startswith(("up", "down")) and r["dc"] > r["compose v2"]]
        wide = [label for label, r in rows if "50 services" in label and r["dc"] >= r["compose v2"]]
        failed = benchlib.print_targets([
            ("up/down no slower than Compose v2 anywhere", not slower, ", ".join(slower) or "all faster"),
            ("faster on the 50-service stack", not wide, ", ".join(wide) or "yes"),
            (f"dependent's start requested within {HEALTH_TARGET_MS:.0f} ms of healthy",
             max(requested["dc"]) <= HEALTH_TARGET_MS, f"max {max(requested['dc']):.1f} ms"),
        ])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
