"""Helpers shared by the Python bench scripts (build_bench.py, lifecycle_bench.py, pull_bench.py,
spark_bench.py, spark_submit_bench.py): the engine's API over its Unix socket, the reference
Docker Compose v2 binary, running and timing a tool, removing what a project left, the common
command line, and printing figures and PASS/FAIL lines. Python 3.11 standard library only.

A script imports it with its own directory first on sys.path:

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import benchlib
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(SCRIPT_DIR)
DEFAULT_DC = os.path.join(ROOT, "build", "cli", "dc")
SOCKET = "/var/run/docker.sock"
PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"
# Variables that would make a tool read another file, project or profile than the bench's.
COMPOSE_VARS = ("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES")


# The command line ---------------------------------------------------------------------------------

def parse_args(doc, runs, check="exit 1 when a target is missed", full_doc=True):
    """`[--check] [--runs N] [path-to-dc]`, --runs defaulting to `runs`; `check` is --check's help,
    None for a script without it. The help shows the whole docstring, or with full_doc=False its
    first line. args.dc comes back as an absolute path."""
    if full_doc:
        parser = argparse.ArgumentParser(description=doc,
                                         formatter_class=argparse.RawDescriptionHelpFormatter)
    else:
        parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("dc", nargs="?", default=DEFAULT_DC)
    parser.add_argument("--runs", type=int, default=runs)
    if check:
        parser.add_argument("--check", action="store_true", help=check)
    args = parser.parse_args()
    args.dc = os.path.abspath(args.dc)
    return args


def compose_v2(prog):
    """The path of the reference Docker Compose v2 binary (bench/compose-v2.sh, which may fetch it
    first and says so on stderr); exits with a message naming `prog` when there is none."""
    done = subprocess.run([os.path.join(SCRIPT_DIR, "compose-v2.sh")], stdout=subprocess.PIPE,
                          text=True)
    path = done.stdout.strip()
    if done.returncode != 0 or not path:
        sys.exit(f"{prog}: Docker Compose v2 is not available (bench/compose-v2.sh failed)")
    return path


def clean_env(*drop):
    """os.environ without COMPOSE_VARS and `drop`, for the tools under test."""
    return {k: v for k, v in os.environ.items() if k not in COMPOSE_VARS and k not in drop}


# Running tools ------------------------------------------------------------------------------------

def run_timed(command, cwd=None, env=None):
    """Runs `command` to its end (stdin closed, stdout thrown away) and returns the seconds it took;
    raises RuntimeError with the end of its stderr when it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    spent = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[-400:]}")
    return spent


def run_tool(tool, project, *args, cwd=None, env=None):
    """`tool -p project args...` timed by run_timed."""
    return run_timed([tool, "-p", project, *args], cwd=cwd, env=env)


def run_output(command, cwd=None):
    """Runs `command` and returns its stdout; raises RuntimeError with the end of its stderr when
    it fails."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[-400:]}")
    return done.stdout


def slug(tool_name):
    """A tool's name as a part of a project name: without spaces (`compose v2` -> `composev2`)."""
    return tool_name.replace(" ", "")


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on at the moment."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The engine ---------------------------------------------------------------------------------------

class UnixConnection(http.client.HTTPConnection):
    """HTTP over the engine's Unix socket."""

    def __init__(self, path=SOCKET, timeout=60):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def engine_request(method, path, body=None, headers=None, timeout=60):
    """One request to the engine; returns (status, body as bytes) whatever the status."""
    conn = UnixConnection(SOCKET, timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def engine(method, path, body=None, headers=None, timeout=60, stream=False):
    """One request to the engine; returns the body (bytes), raises RuntimeError on a status of 300
    or more, or with stream=True (build, push: progress streams that report a failure in a 200
    answer) when the body carries an "error"."""
    status, data = engine_request(method, path, body, headers, timeout)
    if status >= 300 or (stream and b'"error"' in data):
        raise RuntimeError(f"engine: {method} {path}: {status} {data.decode(errors='replace')[-400:]}")
    return data


def project_filter(project, **more):
    """The engine's `filters` parameter (JSON) for the objects of a Compose project."""
    return json.dumps({"label": [f"{PROJECT_LABEL}={project}"], **more})


def project_containers(project):
    """Every container of the project, running or not, as the engine lists them."""
    query = urllib.parse.urlencode({"all": "1", "filters": project_filter(project)})
    return json.loads(engine("GET", f"/containers/json?{query}"))


def project_events(project, since, until):
    """The project's container events between two epoch times."""
    query = urllib.parse.urlencode({"since": f"{since:.3f}", "until": f"{until:.3f}",
                                    "filters": project_filter(project, type=["container"])})
    return [json.loads(line) for line in engine("GET", f"/events?{query}").splitlines() if line.strip()]


def service_of(container):
    """The Compose service of a container as the engine lists it."""
    return container["Labels"].get(SERVICE_LABEL, "")


def remove_project(project):
    """Removes the project's containers (with their anonymous volumes) and networks, whatever
    state they are in; failures to remove one are ignored."""
    for c in project_containers(project):
        engine_request("DELETE", f"/containers/{c['Id']}?force=1&v=1")
    query = urllib.parse.urlencode({"filters": project_filter(project)})
    for n in json.loads(engine("GET", f"/networks?{query}")):
        engine_request("DELETE", f"/networks/{n['Id']}")


def remove_image(name):
    """Removes an image by force; a missing one is no error."""
    engine_request("DELETE", f"/images/{name}?force=1")


# Figures ------------------------------------------------------------------------------------------

def mean_ms(seconds):
    """The mean of a list of seconds, in milliseconds."""
    return statistics.mean(seconds) * 1000


def ratio(numerator, denominator, digits=1):
    """`numerator / denominator` as printed in the tables, e.g. `1.4x`."""
    return f"{numerator / denominator:.{digits}f}x"


def verdict(ok):
    return "PASS" if ok else "FAIL"


def print_header(kind, runs, tools, detail=""):
    """The first lines: `dc <kind> benchmark (CPUs, runs...)` and one line per tool (name: path)."""
    print(f"dc {kind} benchmark ({os.cpu_count()} CPUs, {runs} runs per tool, alternating{detail})")
    for name, tool in tools.items():
        print(f"  {name}: {tool}")


def print_targets(checks):
    """Prints `Targets:` and a PASS or FAIL line per (text, ok, detail); returns whether any failed."""
    print("Targets:")
    failed = False
    for text, ok, detail in checks:
        print(f"  {verdict(ok)}  {text} ({detail})")
        failed = failed or not ok
    return failed
