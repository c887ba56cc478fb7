#!/usr/bin/env bash
# Regenerates every case's expected.json and expected.yaml with the reference
# Docker Compose v2.29.7 (default: the copy bench/config_bench.sh keeps in
# bench/.cache/, override with $COMPOSE).
# Usage: tests/golden/regen.sh [case...]
#
# Each case runs in its own directory as
#   docker compose <args> config [--format json]
# where <args> is the content of the case's `args` file (default: -p <case>),
# with a clean environment (HOME=/home/golden). The case directory and the
# golden directory are replaced by @CASE_DIR@ and @GOLDEN_DIR@ so that the
# files do not depend on where the repository is checked out.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
compose=${COMPOSE:-$here/../../bench/.cache/compose-v2.29.7/docker-compose}
if [[ ! -x "$compose" ]]; then
    echo "regen: no Docker Compose v2 at $compose: run bench/compose-v2.sh once (it fetches it)" \
        "or set COMPOSE" >&2
    exit 1
fi

# config_args <dir>: flags for the config command itself (the case's
# `config_args` file, e.g. --no-interpolate), empty by default.
config_args() {
    if [[ -f "$1/config_args" ]]; then cat "$1/config_args"; fi
}

case_args() {
    if [[ -f "$1/args" ]]; then cat "$1/args"; else basename "$1"; fi
}

run_reference() {  # dir format output
    local dir=$1 format=$2 output=$3 args
    args=$(case_args "$dir")
    [[ -f "$dir/args" ]] || args="-p $args"
    # shellcheck disable=SC2086
    (cd "$dir" && env -i PATH=/usr/bin:/bin HOME=/home/golden "$compose" $args config \
        $(config_args "$dir") --format "$format" >"$output.tmp")
    python3 - "$output.tmp" "$output" "$dir" "$here" <<'PY'
import sys
src, dst, case_dir, golden_dir = sys.argv[1:]
text = open(src, encoding="utf-8").read()
text = text.replace(case_dir, "@CASE_DIR@").replace(golden_dir, "@GOLDEN_DIR@")
open(dst, "w", encoding="utf-8").write(text)
PY
    rm -f "$output.tmp"
}

cases=("$@")
if [[ ${#cases[@]} -eq 0 ]]; then
    for dir in "$here"/*/; do cases+=("$(basename "$dir")"); done
fi
for name in "${cases[@]}"; do
    dir="$here/$name"
    run_reference "$dir" json "$dir/expected.json"
    run_reference "$dir" yaml "$dir/expected.yaml"
    echo "regenerated $name"
done
"$compose" version >/dev/null
