# shellcheck shell=bash
# Shared helpers for the scripts that build dc's stand-in test images.
# It is sourced, never run: the scripts beside it set `set -euo pipefail`.
#
# The engine is reached with curl over its Unix socket, never with the docker
# CLI. DOCKER_HOST=unix:///path overrides the default socket.

images_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_dir="${DC_TEST_IMAGES_CACHE:-${images_dir}/.cache}"
api_version="v1.41"

# The label that records which inputs an image was built from.
inputs_label="dc.test.inputs"

log() {
    printf '%s: %s\n' "${log_prefix:-images}" "$*" >&2
}

die() {
    log "error: $*"
    exit 1
}

# Prints the path of the engine's socket, from DOCKER_HOST when it names one.
engine_socket() {
    local host="${DOCKER_HOST:-unix:///var/run/docker.sock}"
    case "${host}" in
        unix://*) printf '%s\n' "${host#unix://}" ;;
        *) die "DOCKER_HOST=${host} is not a unix:// socket; only a local engine is supported" ;;
    esac
}

# Percent-encodes one string for a URL's query.
urlencode() {
    local LC_ALL=C
    local s="$1" out="" c i
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        case "${c}" in
            [a-zA-Z0-9.~_-]) out+="${c}" ;;
            *) printf -v c '%%%02X' "'${c}"; out+="${c}" ;;
        esac
    done
    printf '%s' "${out}"
}

# api METHOD PATH [CURL_ARGS...]: calls the engine and prints the body.
# It fails, printing the engine's message, when the status is 400 or more.
api() {
    local method="$1" path="$2"
    shift 2
    local body status
    body="$(mktemp)"
    if ! status="$(curl -sS --unix-socket "$(engine_socket)" -X "${method}" \
        -o "${body}" -w '%{http_code}' "$@" "http://localhost/${api_version}${path}")"; then
        rm -f "${body}"
        die "cannot reach the Docker Engine at $(engine_socket) (${method} ${path})"
    fi
    if [ "${status}" -ge 400 ]; then
        log "engine answered ${status} to ${method} ${path}: $(cat "${body}")"
        rm -f "${body}"
        return 1
    fi
    cat "${body}"
    rm -f "${body}"
}

# Fails with a clear message unless the engine answers, with API 1.41 or later.
require_engine() {
    local socket
    socket="$(engine_socket)"
    [ -S "${socket}" ] || die "no Docker Engine socket at ${socket}; is the engine running?"
    curl -sS --max-time 10 --unix-socket "${socket}" http://localhost/_ping >/dev/null 2>&1 \
        || die "the Docker Engine at ${socket} does not answer /_ping (is it running, and are you root?)"
    local version
    version="$(curl -sS --max-time 10 --unix-socket "${socket}" http://localhost/version | jq -r .ApiVersion)"
    if [ "$(printf '%s\n%s\n' "1.41" "${version}" | sort -V | head -n1)" != "1.41" ]; then
        die "the Docker Engine speaks API ${version}; 1.41 or later is needed"
    fi
}

# Fails unless every named command is installed, naming the Debian packages.
require_commands() {
    local missing=() cmd
    for cmd in "$@"; do
        command -v "${cmd}" >/dev/null 2>&1 || missing+=("${cmd}")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        die "missing command(s): ${missing[*]} (see tests/images/README.md for the Debian packages)"
    fi
}

# become_root ARGS...: returns when running as root; otherwise runs the calling
# script again through sudo with the same arguments, or fails. sudo must not
# ask for a password, since there may be no terminal to type it on.
become_root() {
    if [ "$(id -u)" -eq 0 ]; then
        return 0
    fi
    command -v sudo >/dev/null 2>&1 || die "must run as root, and sudo is not installed"
    sudo -n true </dev/null 2>/dev/null \
        || die "must run as root: run it as root, or allow sudo without a password"
    log "not root; re-running through sudo"
    exec sudo -n --preserve-env=DOCKER_HOST,DC_TEST_IMAGES_CACHE,DC_TEST_IMAGES_FORCE,DC_DEBIAN_MIRROR,CI \
        -- "$0" "$@" </dev/null
}

# Holds a lock on the cache for the rest of the calling script, so that two
# builds at once wait for each other instead of racing for the same tag.
lock_cache() {
    mkdir -p "${cache_dir}"
    exec 9>"${cache_dir}/.lock"
    if ! flock -n 9; then
        log "waiting for another build of the stand-in images to finish"
        flock 9
    fi
}

# inputs_hash [FILE|-s STRING]...: a sha256 over the named files' contents and
# the given strings, each prefixed by its name so that renames count too.
inputs_hash() {
    {
        while [ "$#" -gt 0 ]; do
            if [ "$1" = "-s" ]; then
                printf 'string\0%s\0' "$2"
                shift 2
            else
                printf 'file\0%s\0' "$(basename "$1")"
                cat "$1"
                printf '\0'
                shift
            fi
        done
    } | sha256sum | cut -d' ' -f1
}

# image_is_current REF HASH: true when REF exists and carries the inputs label
# with HASH.
image_is_current() {
    local ref="$1" hash="$2" found
    found="$(curl -sS --unix-socket "$(engine_socket)" \
        "http://localhost/${api_version}/images/$(urlencode "${ref}")/json" \
        | jq -r --arg l "${inputs_label}" '.Config.Labels[$l] // empty' 2>/dev/null)" || return 1
    [ "${found}" = "${hash}" ]
}

# Prints the id of an image, or fails.
image_id() {
    api GET "/images/$(urlencode "$1")/json" | jq -r .Id
}

# Prints the size in bytes of an image.
image_size() {
    api GET "/images/$(urlencode "$1")/json" | jq -r .Size
}

# import_tar CHANGE...: imports the tar stream on stdin as an untagged image,
# applying each Dockerfile-style CHANGE, and prints the new image's id.
# The engine streams JSON messages; an error can arrive inside a 200 answer.
import_tar() {
    local query="fromSrc=-" change out
    for change in "$@"; do
        query+="&changes=$(urlencode "${change}")"
    done
    out="$(api POST "/images/create?${query}" \
        -H 'Content-Type: application/x-tar' -H 'Transfer-Encoding: chunked' -T -)" \
        || die "the engine refused the import"
    if jq -e 'select(.error != null)' <<<"${out}" >/dev/null 2>&1; then
        die "import failed: $(jq -r 'select(.error != null) | .error' <<<"${out}")"
    fi
    jq -r 'select(.status != null) | .status' <<<"${out}" | tail -n1
}

# commit_config IMAGE JSON: makes an untagged image from IMAGE with the given
# container config merged over IMAGE's own, and prints its id. It is how
# settings that the import's `changes` refuse (STOPSIGNAL) get set: a container
# that never starts is committed, which adds no layer.
commit_config() {
    local image="$1" config="$2" cid out
    cid="$(api POST /containers/create -H 'Content-Type: application/json' \
        -d "$(jq -cn --arg i "${image}" '{Image: $i}')" | jq -r .Id)" \
        || die "cannot create a container from ${image} to commit"
    if ! out="$(api POST "/commit?container=${cid}&pause=false" \
        -H 'Content-Type: application/json' -d "${config}")"; then
        api DELETE "/containers/${cid}?v=1&force=1" >/dev/null || true
        die "cannot commit a container of ${image}"
    fi
    api DELETE "/containers/${cid}?v=1&force=1" >/dev/null
    jq -r .Id <<<"${out}"
}

# tag_image IMAGE REPO TAG
tag_image() {
    api POST "/images/$(urlencode "$1")/tag?repo=$(urlencode "$2")&tag=$(urlencode "$3")" >/dev/null \
        || die "cannot tag $1 as $2:$3"
}

# Removes an image by id when nothing references it any more; it is how the
# untagged intermediate of an import is dropped.
remove_image_quietly() {
    api DELETE "/images/$(urlencode "$1")?noprune=0" >/dev/null 2>&1 || true
}

# Prints a size in bytes as MiB with one decimal.
human_size() {
    awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'
}

# busybox_layout DIR: lays out Debian's static busybox in DIR as the root of
# an image: /bin/busybox, a symlink per applet in /bin, and the few files and
# directories that programs expect (/etc/passwd, /etc/group, /tmp, /root).
busybox_layout() {
    local root="$1" busybox=/bin/busybox applet
    [ -x "${busybox}" ] || die "${busybox} is missing; install Debian's busybox-static"
    # A dynamically linked busybox (Debian's busybox package) would need a libc
    # in the image; only busybox-static's runs FROM scratch. ldd fails on a
    # static executable.
    if ldd "${busybox}" >/dev/null 2>&1; then
        die "${busybox} is dynamically linked; install Debian's busybox-static instead of busybox"
    fi
    mkdir -p "${root}/bin" "${root}/etc" "${root}/root" "${root}/tmp" "${root}/var/www" \
        "${root}/home" "${root}/usr/bin" "${root}/usr/sbin" "${root}/sbin"
    chmod 1777 "${root}/tmp"
    chmod 700 "${root}/root"
    install -m 0755 "${busybox}" "${root}/bin/busybox"
    # Every applet this busybox has gets a symlink in /bin, as in the usual
    # busybox images.
    while IFS= read -r applet; do
        if [ -z "${applet}" ] || [ "${applet}" = "busybox" ]; then
            continue
        fi
        ln -sf busybox "${root}/bin/${applet}"
    done < <("${root}/bin/busybox" --list)
    cat >"${root}/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
    cat >"${root}/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
www-data:x:33:
nogroup:x:65534:
EOF
}

# tar_dir DIR: writes DIR's contents as a tar stream on stdout, owned by the
# numeric ids recorded in DIR.
tar_dir() {
    tar --numeric-owner --xattrs -C "$1" -cf - .
}

# now: seconds since the epoch, for timing.
now() {
    date +%s
}

# publish_image NEW_ID REPO TAG: points REPO:TAG at NEW_ID, then drops the
# image that the tag named before, unless something still uses it.
publish_image() {
    local new_id="$1" repo="$2" tag="$3" old_id=""
    old_id="$(image_id "${repo}:${tag}" 2>/dev/null)" || old_id=""
    tag_image "${new_id}" "${repo}" "${tag}"
    if [ -n "${old_id}" ] && [ "${old_id}" != "${new_id}" ]; then
        remove_image_quietly "${old_id}"
    fi
}

# parse_build_args ARGS...: sets `force` to 1 when --force is given or
# DC_TEST_IMAGES_FORCE=1, so an image is rebuilt even if its inputs match.
# shellcheck disable=SC2034
parse_build_args() {
    force="${DC_TEST_IMAGES_FORCE:-0}"
    while [ "$#" -gt 0 ]; do
        case "$1" in
            --force) force=1 ;;
            -h | --help)
                printf 'usage: %s [--force]\n' "$0"
                exit 0
                ;;
            *) die "unknown argument: $1 (usage: $0 [--force])" ;;
        esac
        shift
    done
}

# report_reused REF and report_built REF SECONDS: the one line on stdout that
# tells what a build script did.
report_reused() {
    printf 'reused %s (inputs unchanged), %s\n' "$1" "$(human_size "$(image_size "$1")")"
}

report_built() {
    printf 'built %s in %ss, %s\n' "$1" "$2" "$(human_size "$(image_size "$1")")"
}
