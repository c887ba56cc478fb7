#!/usr/bin/env bash
# Builds every stand-in image that dc's end-to-end tests and examples need:
# dc-test/busybox:latest, postgres:16, dpage/pgadmin4:latest and
# apache/spark:3.5.4-python3. Each one is reused while its inputs are
# unchanged (see README.md), so running this again is cheap. Needs root, and
# re-runs itself through sudo when it lacks it.
#
# Usage: tests/images/build-all.sh [--force]
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "${script_dir}/lib.sh"
log_prefix="build-all"

# The build scripts, in the order they run.
builds=(busybox.sh web.sh postgres.sh spark.sh)

main() {
    local args=() arg
    for arg in "$@"; do
        case "${arg}" in
            --force) args+=(--force) ;;
            -h | --help)
                printf 'usage: %s [--force]\n' "$0"
                return 0
                ;;
            *) die "unknown argument: ${arg} (usage: $0 [--force])" ;;
        esac
    done
    become_root "$@"
    require_commands curl jq tar sha256sum flock ldd debootstrap chroot
    require_engine

    local start build line
    start="$(now)"
    for build in "${builds[@]}"; do
        if ! line="$("${script_dir}/${build}" "${args[@]}" </dev/null)"; then
            die "${build} failed (see its messages above)"
        fi
        printf '%s\n' "${line}"
    done
    printf 'all stand-in images ready in %ss\n' "$(($(now) - start))"
}

main "$@"
