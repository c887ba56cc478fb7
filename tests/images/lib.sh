# shellcheck shell=bash
# Shared helpers for the scripts that build dc's stand-in test images, and
# build_image (at the end), which does all of a build script's work but laying
# out the image's root. It is sourced, never run: the scripts beside it set
# `set -euo pipefail`. lib-debian.sh adds what the images made from a
# debootstrap root need.
#
# The engine is reached with curl over its Unix socket, never with the docker
# CLI. DOCKER_HOST=unix:///path overrides the default socket.

images_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_dir="${DC_TEST_IMAGES_CACHE:-${images_dir}/.cache}"
api_version="v1.41"

# The label that records which inputs an image was built from.
inputs_label="dc.test.inputs"
# The files (and inputs_hash strings) that every image built with build_image
# counts among its inputs besides its own script: this file, and each lib file
# the script sources after it.
lib_inputs=("${images_dir}/lib.sh")

# The PATH of the images, after any directories of their own.
default_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Messages start with the script's name: "postgres: ...".
log_prefix="$(basename "$0" .sh)"

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
    require_commands ldd
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
# numeric ids recorded in DIR, without what is inside dev/, proc/ and sys/.
tar_dir() {
    tar --numeric-owner --xattrs -C "$1" \
        --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf - .
}

# make_work_dir: prints a new work directory under the cache, with a tmpfs on
# it when one can be mounted: the root is thrown away after the import, and
# making and deleting thousands of files on disk is slow.
make_work_dir() {
    local work
    mkdir -p "${cache_dir}"
    work="$(mktemp -d "${cache_dir}/${log_prefix}.XXXXXX")"
    if ! mount -t tmpfs -o size=4g,mode=0755 dc-test-images "${work}" 2>/dev/null; then
        log "no tmpfs could be mounted; building on disk"
    fi
    printf '%s\n' "${work}"
}

# remove_work_dir WORK: unmounts the root's /proc (mounted by a build that
# failed half-way) and the tmpfs, and removes the work directory.
remove_work_dir() {
    local work="$1" mnt
    for mnt in "${work}/rootfs/proc" "${work}"; do
        if mountpoint -q "${mnt}" 2>/dev/null; then
            umount "${mnt}" || umount -l "${mnt}" || true
        fi
    done
    rm -rf "${work}"
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

# image_changes CHANGE...: what fill_root calls to give the image its
# Dockerfile-style settings (ENV, CMD, ENTRYPOINT, EXPOSE, VOLUME, WORKDIR,
# USER, LABEL, STOPSIGNAL). The labels dc.test.stand-in and the inputs label
# are added by build_image.
image_changes() {
    changes=("$@")
}

# build_image REF INPUT... -- ARGS...: all that a build script does but the
# root's contents. ARGS are the script's own arguments ([--force]). It needs
# root and re-runs the script through sudo otherwise; it reuses REF while REF
# carries the hash of the image's inputs (the script, lib_inputs and each
# INPUT, a file or `-s STRING` as inputs_hash takes them) and --force is not
# given. Otherwise it calls the script's function `fill_root ROOT` to lay out
# the image in the empty directory ROOT and call image_changes, imports the
# root as REF, removes the image REF named before, and prints one line.
#
# The import's `changes` refuse STOPSIGNAL, so a STOPSIGNAL change is set by a
# commit (commit_config), which adds no layer.
build_image() {
    local ref="$1" inputs=()
    shift
    while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
        inputs+=("$1")
        shift
    done
    [ "$#" -gt 0 ] || die "build_image: no -- before the script's arguments"
    shift
    become_root "$@"
    parse_build_args "$@"
    require_commands curl jq tar sha256sum flock mountpoint
    require_engine
    lock_cache

    local hash
    hash="$(inputs_hash "${images_dir}/$(basename "$0")" "${lib_inputs[@]}" "${inputs[@]}")"
    if [ "${force}" != 1 ] && image_is_current "${ref}" "${hash}"; then
        report_reused "${ref}"
        return 0
    fi

    local start work
    start="$(now)"
    work="$(make_work_dir)"
    # The trap names the directory itself: `work` is local to this function.
    # shellcheck disable=SC2064
    trap "remove_work_dir '${work}'" EXIT
    mkdir "${work}/rootfs"
    changes=()
    fill_root "${work}/rootfs"

    local change import=() stop_signal="" id
    for change in "${changes[@]}"; do
        case "${change}" in
            "STOPSIGNAL "*) stop_signal="${change#STOPSIGNAL }" ;;
            *) import+=("${change}") ;;
        esac
    done
    log "importing ${ref}"
    id="$(tar_dir "${work}/rootfs" | import_tar "${import[@]}" \
        'LABEL dc.test.stand-in="true"' \
        "LABEL ${inputs_label}=\"${hash}\"")"
    if [ -n "${stop_signal}" ]; then
        id="$(commit_config "${id}" "$(jq -cn --arg s "${stop_signal}" '{StopSignal: $s}')")"
    fi
    publish_image "${id}" "${ref%:*}" "${ref##*:}"
    report_built "${ref}" "$(($(now) - start))"
}
