#!/usr/bin/env bash
# Builds every stand-in image that dc's end-to-end tests and examples need:
# dc-test/busybox:latest, postgres:16, dpage/pgadmin4:latest and
# apache/spark:3.5.4-python3. Each one is reused while its inputs are
# unchanged (see README.md), so running this again is cheap. Needs root, and
# re-runs itself through sudo when it lacks it.
#
# Usage: tests/images/build-all.sh [--force]
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The build scripts, in the order they run.
builds=(busybox.sh web.sh postgres.sh spark.sh)

main() {
    parse_build_args "$@"
    become_root "$@"
    local args=()
    if [ "${force}" = 1 ]; then
        args+=(--force)
    fi
    require_commands curl jq tar sha256sum flock mountpoint ldd debootstrap chroot
    require_engine

    local start build line
    start="$(now)"
    for build in "${builds[@]}"; do
        if ! line="$("${images_dir}/${build}" "${args[@]}" </dev/null)"; then
            die "${build} failed (see its messages above)"
        fi
        printf '%s\n' "${line}"
    done
    printf 'all stand-in images ready in %ss\n' "$(($(now) - start))"
}

main "$@"
