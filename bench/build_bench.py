#!/usr/bin/env python3
"""Times `build` of a small context, dc against Docker Compose v2, on the real engine, in one run.

Cases (see bench/README.md): a build with --no-cache (every step runs) and a cached rebuild
(nothing changed: the context is scanned, sent and every step found in the cache), of a context
of 200 small files plus a .dockerignore'd directory, with a two-stage Dockerfile and a target.

Tools: dc (classic builder, POST /build), Docker Compose v2.29.7 with DOCKER_BUILDKIT=0 (the same
classic builder: like for like), and Docker Compose v2.29.7 as it comes (BuildKit in the engine).

Usage: bench/build_bench.py [--check] [--runs N] [path-to-dc]
Needs the stand-in image dc-test/busybox:latest (tests/images/busybox.sh builds it).
"""

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(SCRIPT_DIR)
IMAGE = "dc-test/busybox:latest"
SOCKET = "/var/run/docker.sock"

DOCKERFILE = f"""FROM {IMAGE} AS base
COPY . /app
RUN ls /app | wc -l > /count
FROM base AS final
RUN cat /count
"""

COMPOSE = """services:
  app:
    build:
      context: ctx
      target: final
    command: ["sleep", "3600"]
"""


def write_project(work):
    ctx = os.path.join(work, "ctx")
    os.makedirs(os.path.join(ctx, "src"))
    os.makedirs(os.path.join(ctx, "node_modules", "big"))
    for i in range(200):
        with open(os.path.join(ctx, "src", f"f{i:03}.txt"), "w") as f:
            f.write(f"file {i}\n" * 50)
    with open(os.path.join(ctx, "node_modules", "big", "blob"), "wb") as f:
        f.write(os.urandom(4 << 20))  # Left out by .dockerignore: must not be sent.
    with open(os.path.join(ctx, ".dockerignore"), "w") as f:
        f.write("node_modules\n")
    with open(os.path.join(ctx, "Dockerfile"), "w") as f:
        f.write(DOCKERFILE)
    with open(os.path.join(work, "compose.yaml"), "w") as f:
        f.write(COMPOSE)


def run(tool, env, project, work, *args):
    start = time.perf_counter()
    done = subprocess.run([tool, "-p", project, *args], cwd=work, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{tool} {' '.join(args)}: {done.stderr.strip()[-400:]}")
    return elapsed


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=60)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def remove_image(name):
    conn = UnixConnection(SOCKET)
    conn.request("DELETE", f"/images/{name}?force=1")
    conn.getresponse().read()
    conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dc", nargs="?", default=os.path.join(ROOT, "build", "cli", "dc"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    v2 = subprocess.run([os.path.join(SCRIPT_DIR, "compose-v2.sh")], stdout=subprocess.PIPE,
                        text=True).stdout.strip()
    if not v2:
        sys.exit("build_bench: Docker Compose v2 is not available (bench/compose-v2.sh failed)")
    base = {k: v for k, v in os.environ.items()
            if k not in ("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "DOCKER_BUILDKIT")}
    tools = {
        "dc": (os.path.abspath(args.dc), base),
        "v2 classic": (v2, {**base, "DOCKER_BUILDKIT": "0"}),
        "v2 buildkit": (v2, base),
    }
    work = tempfile.mkdtemp()
    failed = False
    try:
        write_project(work)
        print(f"dc build benchmark ({os.cpu_count()} CPUs, {args.runs} runs per tool, alternating)")
        for name, (tool, env) in tools.items():
            print(f"  {name}: {tool}" + (" (DOCKER_BUILDKIT=0)" if env.get("DOCKER_BUILDKIT") else ""))
        times = {name: {"no-cache": [], "cached": []} for name in tools}
        for name, (tool, env) in tools.items():  # Warm-up: base image layers, caches.
            run(tool, env, f"bench-build-{name.replace(' ', '')}", work, "build")
        for _ in range(args.runs):
            for name, (tool, env) in tools.items():
                project = f"bench-build-{name.replace(' ', '')}"
                times[name]["no-cache"].append(run(tool, env, project, work, "build", "--no-cache"))
                times[name]["cached"].append(run(tool, env, project, work, "build"))
        print()
        fmt = "{:<22} {:>10} {:>18} {:>18} {:>14}"
        print(fmt.format("case", "dc (ms)", "v2 classic (ms)", "v2 buildkit (ms)", "classic/dc"))
        means = {}
        for case in ("no-cache", "cached"):
            m = {name: statistics.mean(times[name][case]) * 1000 for name in tools}
            means[case] = m
            print(fmt.format(f"build, {case}", f"{m['dc']:.0f}", f"{m['v2 classic']:.0f}",
                             f"{m['v2 buildkit']:.0f}", f"{m['v2 classic'] / m['dc']:.1f}x"))
        print()
        print("Targets:")
        checks = [
            ("cached rebuild no slower than Compose v2 (classic builder)",
             means["cached"]["dc"] <= means["cached"]["v2 classic"],
             f"{means['cached']['dc']:.0f} vs {means['cached']['v2 classic']:.0f} ms"),
            ("no-cache build no slower than Compose v2 (classic builder)",
             means["no-cache"]["dc"] <= means["no-cache"]["v2 classic"] * 1.05,
             f"{means['no-cache']['dc']:.0f} vs {means['no-cache']['v2 classic']:.0f} ms, 5% noise allowed"),
        ]
        for text, ok, detail in checks:
            print(f"  {'PASS' if ok else 'FAIL'}  {text} ({detail})")
            failed = failed or not ok
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for name in tools:
            remove_image(f"bench-build-{name.replace(' ', '')}-app")
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
