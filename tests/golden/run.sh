#!/usr/bin/env bash
# Golden tests: `dc config` against the output of the reference Docker Compose
# stored in each case (see README.md).
# Usage: tests/golden/run.sh <path-to-dc-binary> [case...]
#
# For every case directory, runs `dc <args> config --format json` and
# `dc <args> config` there (args from the case's `args` file, default
# `-p <case>`) with a clean environment, then compares the JSON with keys
# sorted and the YAML as text. Prints a diff for each mismatch, then
# "golden: N passed, M failed"; exits 1 when anything failed.
set -uo pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 <path-to-dc-binary> [case...]" >&2
    exit 2
fi
dc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# config_args <dir>: flags for the config command itself (the case's
# `config_args` file, e.g. --no-interpolate), empty by default.
config_args() {
    if [[ -f "$1/config_args" ]]; then cat "$1/config_args"; fi
}

case_args() {
    if [[ -f "$1/args" ]]; then cat "$1/args"; else echo "-p $(basename "$1")"; fi
}

# expand <expected> <dir> <output>: puts the real paths back in.
expand() {
    python3 - "$1" "$2" "$here" "$3" <<'PY'
import sys
src, case_dir, golden_dir, dst = sys.argv[1:]
text = open(src, encoding="utf-8").read()
text = text.replace("@CASE_DIR@", case_dir).replace("@GOLDEN_DIR@", golden_dir)
open(dst, "w", encoding="utf-8").write(text)
PY
}

# run_dc <dir> <format> <output>: returns dc's exit status.
run_dc() {
    local args
    args=$(case_args "$1")
    # shellcheck disable=SC2086
    (cd "$1" && env -i PATH=/usr/bin:/bin HOME=/home/golden "$dc" $args config \
        $(config_args "$1") --format "$2" >"$3" 2>"$3.err")
}

compare_json() {  # expected actual
    python3 - "$1" "$2" <<'PY'
import difflib, json, sys
def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)
try:
    expected, actual = load(sys.argv[1]), load(sys.argv[2])
except ValueError as e:
    print(f"    invalid JSON: {e}")
    sys.exit(1)
if expected == actual:
    sys.exit(0)
dump = lambda v: json.dumps(v, indent=2, sort_keys=True, ensure_ascii=False).splitlines()
for line in list(difflib.unified_diff(dump(expected), dump(actual), "expected.json",
                                      "actual.json", lineterm=""))[:80]:
    print("    " + line)
sys.exit(1)
PY
}

passed=0
failed=0
cases=("$@")
if [[ ${#cases[@]} -eq 0 ]]; then
    for dir in "$here"/*/; do cases+=("$(basename "$dir")"); done
fi
for name in "${cases[@]}"; do
    dir="$here/$name"
    ok=1
    for format in json yaml; do
        expand "$dir/expected.$format" "$dir" "$work/expected.$format"
        if ! run_dc "$dir" "$format" "$work/actual.$format"; then
            echo "FAIL $name ($format): dc exited with an error:"
            sed 's/^/    /' "$work/actual.$format.err"
            ok=0
            continue
        fi
        if [[ $format == json ]]; then
            if ! out=$(compare_json "$work/expected.json" "$work/actual.json"); then
                echo "FAIL $name (json):"
                echo "$out"
                ok=0
            fi
        elif ! diff -u "$work/expected.yaml" "$work/actual.yaml" >"$work/diff"; then
            echo "FAIL $name (yaml):"
            head -n 80 "$work/diff" | sed 's/^/    /'
            ok=0
        fi
    done
    if [[ $ok == 1 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "golden: $passed passed, $failed failed"
[[ $failed == 0 ]]
