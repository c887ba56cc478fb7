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

import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

IMAGE = "dc-test/busybox:latest"

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


def project_of(tool_name):
    return f"bench-build-{benchlib.slug(tool_name)}"


def main():
    args = benchlib.parse_args(__doc__, runs=3)
    v2 = benchlib.compose_v2("build_bench")
    base = benchlib.clean_env("DOCKER_BUILDKIT")
    tools = {
        "dc": (args.dc, base),
        "v2 classic": (v2, {**base, "DOCKER_BUILDKIT": "0"}),
        "v2 buildkit": (v2, base),
    }
    work = tempfile.mkdtemp()
    failed = False
    try:
        write_project(work)
        benchlib.print_header("build", args.runs, {
            name: tool + (" (DOCKER_BUILDKIT=0)" if env.get("DOCKER_BUILDKIT") else "")
            for name, (tool, env) in tools.items()})
        times = {name: {"no-cache": [], "cached": []} for name in tools}
        for name, (tool, env) in tools.items():  # Warm-up: base image layers, caches.
            benchlib.run_tool(tool, project_of(name), "build", cwd=work, env=env)
        for _ in range(args.runs):
            for name, (tool, env) in tools.items():
                project = project_of(name)
                times[name]["no-cache"].append(
                    benchlib.run_tool(tool, project, "build", "--no-cache", cwd=work, env=env))
                times[name]["cached"].append(benchlib.run_tool(tool, project, "build", cwd=work, env=env))
        print()
        fmt = "{:<22} {:>10} {:>18} {:>18} {:>14}"
        print(fmt.format("case", "dc (ms)", "v2 classic (ms)", "v2 buildkit (ms)", "classic/dc"))
        means = {}
        for case in ("no-cache", "cached"):
            m = {name: benchlib.mean_ms(times[name][case]) for name in tools}
            means[case] = m
            print(fmt.format(f"build, {case}", f"{m['dc']:.0f}", f"{m['v2 classic']:.0f}",
                             f"{m['v2 buildkit']:.0f}", benchlib.ratio(m["v2 classic"], m["dc"])))
        print()
        failed = benchlib.print_targets([
            ("cached rebuild no slower than Compose v2 (classic builder)",
             means["cached"]["dc"] <= means["cached"]["v2 classic"],
             f"{means['cached']['dc']:.0f} vs {means['cached']['v2 classic']:.0f} ms"),
            ("no-cache build no slower than Compose v2 (classic builder)",
             means["no-cache"]["dc"] <= means["no-cache"]["v2 classic"] * 1.05,
             f"{means['no-cache']['dc']:.0f} vs {means['no-cache']['v2 classic']:.0f} ms, 5% noise allowed"),
        ])
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for name in tools:
            benchlib.remove_image(f"{project_of(name)}-app")
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
