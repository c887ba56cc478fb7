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

import io
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

BASE = "dc-test/busybox:latest"
LAYERS = 6


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
    benchlib.engine("POST", f"/build?t={image}&rm=1", buffer.getvalue(),
                    {"Content-Type": "application/x-tar"}, timeout=300, stream=True)
    benchlib.engine("POST", f"/images/{name}/push?tag={tag}", headers={"X-Registry-Auth": "e30="},
                    timeout=300, stream=True)


def main():
    args = benchlib.parse_args(__doc__, runs=5)
    v2 = benchlib.compose_v2("pull_bench")
    work = tempfile.mkdtemp()
    env = benchlib.clean_env()
    env["DOCKER_CONFIG"] = work  # No credentials: the registry is open.
    tools = {"dc": args.dc, "v2": v2}
    port = benchlib.free_port()
    image = f"127.0.0.1:{port}/bench/layers:1"
    registry = start_registry(work, port)
    failed = False
    try:
        build_and_push(image)
        with open(os.path.join(work, "compose.yaml"), "w") as f:
            f.write(f"services:\n  app:\n    image: {image}\n")
        benchlib.print_header("pull", args.runs, tools,
                              f"; {LAYERS} layers of 1 MiB from 127.0.0.1:{port}")
        times = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, tool in tools.items():
                benchlib.engine("DELETE", f"/images/{image}?force=1")
                times[name].append(benchlib.run_tool(tool, "bench-pull", "pull", cwd=work, env=env))
        print()
        m = {name: benchlib.mean_ms(times[name]) for name in tools}
        fmt = "{:<34} {:>10} {:>10} {:>8}"
        print(fmt.format("case", "dc (ms)", "v2 (ms)", "v2/dc"))
        print(fmt.format(f"pull, {LAYERS} layers, image absent", f"{m['dc']:.0f}",
                         f"{m['v2']:.0f}", benchlib.ratio(m["v2"], m["dc"])))
        print()
        failed = benchlib.print_targets([
            ("pull no slower than Compose v2", m["dc"] <= m["v2"] * 1.05,
             f"{m['dc']:.0f} vs {m['v2']:.0f} ms, 5% noise allowed")])
    finally:
        benchlib.remove_image(image)
        registry.terminate()
        registry.wait()
        shutil.rmtree(work, ignore_errors=True)
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
