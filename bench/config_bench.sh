#!/usr/bin/env bash
# Times `config` of dc against the reference Docker Compose v2 (and Docker
# Compose v1 when Debian's docker-compose 1.x is installed) on the course stacks
# and on a generated 1,000-service file, prints a table, and checks dc's speed
# targets. See bench/README.md.
#
# Usage: bench/config_bench.sh [--check] [path-to-dc]
set -euo pipefail

readonly GENERATED_SERVICES=1000
readonly TARGET_RATIO=10  # dc at least this many times faster than Compose v2.
readonly TARGET_MS=100  # dc under this many milliseconds on the generated file.
readonly PROJECT=bench

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$script_dir")
cache="$script_dir/.cache"
work=""

usage() {
    cat <<EOF
Usage: bench/config_bench.sh [--check] [path-to-dc]

Times 'config' (output to /dev/null) for dc, Docker Compose v2 (bench/compose-v2.sh) and,
if installed, Docker Compose v1, and prints the mean times and dc's targets.

  path-to-dc   the dc binary (default: build/cli/dc)
  --check      exit 1 when a target is missed (default: always exit 0)

Environment:
  DC_BENCH_COMPOSE_V2  a Docker Compose v2 binary to use instead of the one
                       downloaded into bench/.cache/
EOF
}

log() { printf '%s\n' "$*" >&2; }

cleanup() {
    if [[ -n "$work" ]]; then rm -rf "$work"; fi
}

# Prints the path of Docker Compose v2 (bench/compose-v2.sh fetches it once).
compose_v2() { "$script_dir/compose-v2.sh"; }

# Prints the path of Docker Compose v1 if docker-compose on the PATH is 1.x.
compose_v1() {
    local path version
    path=$(command -v docker-compose) || return 1
    version=$("$path" version 2>/dev/null) || return 1
    [[ "$version" == "docker-compose version 1."* ]] || return 1
    printf '%s\n' "$path"
}

# Makes sure hyperfine is there, installing Debian's package when possible.
have_hyperfine() {
    command -v hyperfine >/dev/null && return 0
    if command -v apt-get >/dev/null && [[ "$(id -u)" -eq 0 ]]; then
        log "Installing hyperfine with apt-get"
        {
            apt-get install -y -qq hyperfine ||
                { apt-get update -qq && apt-get install -y -qq hyperfine; }
        } >/dev/null 2>&1 || true
    fi
    command -v hyperfine >/dev/null
}

# Prints "mean stddev" in milliseconds for one command, with hyperfine.
time_with_hyperfine() {
    local json="$work/result.json" command
    printf -v command '%q ' "$@"
    # Its warnings about outliers go with the rest of its output; a failure
    # still shows.
    if ! hyperfine --shell=none --style none --warmup 2 --min-runs 5 --max-runs 50 \
        --export-json "$json" "$command" >"$work/hyperfine.out" 2>&1; then
        cat "$work/hyperfine.out" >&2
        return 1
    fi
    python3 - "$json" <<'EOF'
import json, sys
result = json.load(open(sys.argv[1]))["results"][0]
print(f"{result['mean'] * 1000:.2f} {(result['stddev'] or 0) * 1000:.2f}")
EOF
}

# The same without hyperfine: 2 warm-up runs, then at least 5 and at most 50
# runs, stopping once 3 seconds have been spent.
time_with_loop() {
    local runs=() start end spent=0
    "$@" >/dev/null 2>&1
    "$@" >/dev/null 2>&1
    while ((${#runs[@]} < 5 || (${#runs[@]} < 50 && spent < 3000))); do
        start=$EPOCHREALTIME
        "$@" >/dev/null 2>&1
        end=$EPOCHREALTIME
        runs+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) * 1000 }')")
        spent=$(printf '%s\n' "${runs[@]}" | awk '{ s += $1 } END { printf "%d", s }')
    done
    printf '%s\n' "${runs[@]}" | awk '
        { x[NR] = $1; s += $1 }
        END {
            m = s / NR
            for (i = 1; i <= NR; i++) v += (x[i] - m) ^ 2
            printf "%.2f %.2f\n", m, (NR > 1 ? sqrt(v / (NR - 1)) : 0)
        }'
}

# Times `TOOL -f FILE -p bench config` after checking that it succeeds once.
# Prints "mean stddev", or nothing when the tool fails on the file.
time_config() {
    local tool="$1" file="$2" errors="$work/errors"
    if ! "$tool" -f "$file" -p "$PROJECT" config >/dev/null 2>"$errors"; then
        log "  $(basename "$tool") failed on $file:"
        head -n 5 "$errors" | sed 's/^/    /' >&2
        return 0
    fi
    if [[ "$timer" == hyperfine ]]; then
        time_with_hyperfine "$tool" -f "$file" -p "$PROJECT" config
    else
        time_with_loop "$tool" -f "$file" -p "$PROJECT" config
    fi
}

# Prints a tool's version and path, or the given text when it is missing.
describe() {
    if [[ -z "$1" ]]; then
        printf '%s' "$2"
        return
    fi
    printf '%s (%s)' "$("$1" version --short 2>/dev/null || echo "unknown version")" "$1"
}

# Prints a mean for the table, or n/a.
cell() { if [[ -n "$1" ]]; then printf '%s' "${1%% *}"; else printf 'n/a'; fi; }

main() {
    local check=0 dc=""
    while (($#)); do
        case "$1" in
            --check) check=1 ;;
            -h | --help) usage; return 0 ;;
            -*) usage >&2; return 2 ;;
            *) dc="$1" ;;
        esac
        shift
    done
    dc=${dc:-$root/build/cli/dc}
    work=$(mktemp -d)
    trap cleanup EXIT
    unset COMPOSE_FILE COMPOSE_PROJECT_NAME COMPOSE_PROFILES COMPOSE_PATH_SEPARATOR \
        COMPOSE_ENV_FILES COMPOSE_DISABLE_ENV_FILE

    # Tools, in table order; an empty path is a tool that is not there.
    local v2 v1=""
    v2=$(compose_v2) || v2=""
    v1=$(compose_v1) || v1=""
    if [[ ! -x "$dc" ]]; then
        log "dc not found at $dc; build it with:"
        log "  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build --target dc"
        dc=""
    fi
    [[ -n "$v2" ]] || log "Docker Compose v2 is not available: its column stays empty"
    [[ -n "$v1" ]] || log "Docker Compose v1 is not installed: its column stays empty"
    timer=hyperfine
    have_hyperfine || { timer=loop; log "hyperfine not available: timing with a shell loop"; }

    local generated="$cache/services-$GENERATED_SERVICES/compose.yaml"
    mkdir -p "$(dirname "$generated")"
    python3 "$script_dir/gen_services.py" "$GENERATED_SERVICES" -o "$generated"

    local names=() files=()
    local example
    for example in postgres-pgadmin spark; do
        if [[ -f "$root/examples/$example/compose.yaml" ]]; then
            names+=("$example")
            files+=("$root/examples/$example/compose.yaml")
        else
            log "Skipping $example: examples/$example/compose.yaml not found"
        fi
    done
    names+=("$GENERATED_SERVICES services")
    files+=("$generated")

    echo "dc config benchmark ($timer; $(nproc) CPUs)"
    echo "  dc:         ${dc:-not built}"
    echo "  compose v2: $(describe "$v2" "not available")"
    echo "  compose v1: $(describe "$v1" "not installed")"
    echo

    local i tool results=()  # Per case: "dc|v2|v1", each "mean stddev" or empty.
    for i in "${!files[@]}"; do
        log "Timing ${names[$i]}"
        local row=() result
        for tool in "$dc" "$v2" "$v1"; do
            result=""
            if [[ -n "$tool" ]]; then result=$(time_config "$tool" "${files[$i]}") || result=""; fi
            row+=("$result")
        done
        results+=("${row[0]}|${row[1]}|${row[2]}")
    done

    report "$check"
}

# True when awk finds the comparison of a and b true: less a b, at_least a b.
less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

# Prints one target's line: PASS when the test given after the text succeeds,
# FAIL otherwise (and when the value is missing); returns 1 on FAIL.
verdict() {
    local text="$1" value="$2"
    shift 2
    if [[ -z "$value" ]]; then
        echo "  FAIL  $text: not measured"
        return 1
    fi
    if "$@"; then
        echo "  PASS  $text ($value)"
        return 0
    fi
    echo "  FAIL  $text ($value)"
    return 1
}

# Prints the table and the targets; returns 1 on a missed target under --check.
report() {
    local check="$1" i failed=0 worst_ratio="" worst_case="" generated_ms=""
    local format='%-20s %12s %16s %12s %10s\n'
    # shellcheck disable=SC2059 # The format is the one above.
    printf "$format" case "dc (ms)" "compose v2 (ms)" "v1 (ms)" "v2/dc"
    for i in "${!names[@]}"; do
        local dc_result v2_result v1_result ratio="n/a"
        IFS='|' read -r dc_result v2_result v1_result <<<"${results[$i]}"
        if [[ -n "$dc_result" && -n "$v2_result" ]]; then
            ratio=$(awk -v a="${v2_result%% *}" -v b="${dc_result%% *}" \
                'BEGIN { printf "%.1fx", a / b }')
            if [[ -z "$worst_ratio" ]] || less "${ratio%x}" "${worst_ratio%x}"; then
                worst_ratio=$ratio
                worst_case=${names[$i]}
            fi
        fi
        if [[ "${names[$i]}" == "$GENERATED_SERVICES services" ]]; then
            generated_ms=${dc_result%% *}
        fi
        # shellcheck disable=SC2059
        printf "$format" "${names[$i]}" "$(cell "$dc_result")" "$(cell "$v2_result")" \
            "$(cell "$v1_result")" "$ratio"
    done
    echo
    echo "Targets:"
    local lowest="${worst_ratio:+lowest $worst_ratio, $worst_case}"
    verdict "dc at least ${TARGET_RATIO}x faster than Compose v2 on every case" "$lowest" \
        at_least "${worst_ratio%x}" "$TARGET_RATIO" || failed=1
    verdict "dc under $TARGET_MS ms for $GENERATED_SERVICES services" \
        "${generated_ms:+$generated_ms ms}" less "$generated_ms" "$TARGET_MS" || failed=1
    if ((check && failed)); then return 1; fi
    return 0
}

main "$@"
