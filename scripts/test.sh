#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and runs every test twice:
# in a normal build, and in an AddressSanitizer + UndefinedBehaviorSanitizer build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh

status=0
run_suite() {
    local dir="$1"
    shift
    echo "== building $dir"
    scripts/build.sh "$dir" "$@"
    echo "== testing $dir"
    ctest --test-dir "$dir" --output-on-failure || status=1
}

run_suite build
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run_suite build-sanitize -DDC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
if [ "$status" -eq 0 ]; then echo "test: all suites passed"; else echo "test: FAILED"; fi
exit "$status"
