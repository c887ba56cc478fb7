#!/usr/bin/env python3
"""Times `pull` of a multi-layer image from a local registry, dc against Docker Compose v2, in one run.

A registry (Debian's docker-registry) serves on 127.0.0.1:<free port> from a temporary directory;
an image of 6 layers (1 MiB of random data each, over the stand-in busybox image) is built and
pushed to it through the engine. Each run removes the image locally, then times the tool's
`pull` of the one service that names it: the engine downloads every layer, the tool follows the
progress stream and prints it.

Usage: bench/pull_bench.py [--check] [--runs N] [path-to-dc]
Needs the stand-in image dc-test/busybox:latest (tests/images/busybox.sh builds it) and the
docker-registry package (scripts/setup-debian.sh installs it).
"""

import argparse
import http.client
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(SCRIPT_DIR)
BASE = "dc-test/busybox:latest"
SOCKET = "/var/run/docker.sock"
LAYERS = 6


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=300)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def engine(method, path, body=None, headers=None):
    conn = UnixConnection(SOCKET)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    text = response.read().decode(errors="replace")
    conn.close()
    if response.status >= 300 or '"error"' in text:
        raise RuntimeError(f"{method} {path}: {response.status} {text[-400:]}")
    return text


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_registry(work, port):
    config = os.path.join(work, "registry.yml")
    with open(config, "w") as f:
        f.write(f"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n"
                f"    rootdirectory: {work}/data\nhttp:\n  addr: 127.0.0.1:{port}\n")
    proc = subprocess.Popen(["docker-registry", "serve", config], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("docker-registry did not start")


def build_and_push(image):
    dockerfile = f"FROM {BASE}\n" + "".join(
        f"RUN head -c 1048576 /dev/urandom > /layer{i}\n" for i in range(LAYERS))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        data = dockerfile.encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    name, tag = image.rsplit(":", 1)
    engine("POST", f"/build?t={image}&rm=1", buffer.getvalue(),
           {"Content-Type": "application/x-tar"})
    engine("POST", f"/images/{name}/push?tag={tag}", headers={"X-Registry-Auth": "e30="})


def run(tool, env, project, work, *args):
    start = time.perf_counter()
    done = subprocess.run([tool, "-p", project, *args], cwd=work, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{tool} {' '.join(args)}: {done.stderr.strip()[-400:]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dc", nargs="?", default=os.path.join(ROOT, "build", "cli", "dc"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    v2 = subprocess.run([os.path.join(SCRIPT_DIR, "compose-v2.sh")], stdout=subprocess.PIPE,
                        text=True).stdout.strip()
    if not v2:
        sys.exit("pull_bench: Docker Compose v2 is not available (bench/compose-v2.sh failed)")
    work = tempfile.mkdtemp()
    env = {k: v for k, v in os.environ.items()
           if k not in ("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES")}
    env["DOCKER_CONFIG"] = work  # No credentials: the registry is open.
    tools = {"dc": os.path.abspath(args.dc), "v2": v2}
    port = free_port()
    image = f"127.0.0.1:{port}/bench/layers:1"
    registry = start_registry(work, port)
    failed = False
    try:
        build_and_push(image)
        with open(os.path.join(work, "compose.yaml"), "w") as f:
            f.write(f"services:\n  app:\n    image: {image}\n")
        print(f"dc pull benchmark ({os.cpu_count()} CPUs, {args.runs} runs per tool, alternating;"
              f" {LAYERS} layers of 1 MiB from 127.0.0.1:{port})")
        for name, tool in tools.items():
            print(f"  {name}: {tool}")
        times = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, tool in tools.items():
                engine("DELETE", f"/images/{image}?force=1")
                times[name].append(run(tool, env, "bench-pull", work, "pull"))
        print()
        m = {name: statistics.mean(times[name]) * 1000 for name in tools}
        fmt = "{:<34} {:>10} {:>10} {:>8}"
        print(fmt.format("case", "dc (ms)", "v2 (ms)", "v2/dc"))
        print(fmt.format(f"pull, {LAYERS} layers, image absent", f"{m['dc']:.0f}",
                         f"{m['v2']:.0f}", f"{m['v2'] / m['dc']:.1f}x"))
        print()
        print("Targets:")
        ok = m["dc"] <= m["v2"] * 1.05
        print(f"  {'PASS' if ok else 'FAIL'}  pull no slower than Compose v2 "
              f"({m['dc']:.0f} vs {m['v2']:.0f} ms, 5% noise allowed)")
        failed = not ok
    finally:
        try:
            engine("DELETE", f"/images/{image}?force=1")
        except RuntimeError:
            pass
        registry.terminate()
        registry.wait()
        shutil.rmtree(work, ignore_errors=True)
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
