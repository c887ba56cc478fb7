#!/usr/bin/env bash
# Builds dc-test/busybox:latest, an image FROM scratch holding only Debian's
# static busybox and a symlink per applet, imported into the engine over its
# API. It is rebuilt only when this script, lib.sh or the busybox binary
# changes.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "${script_dir}/lib.sh"
log_prefix="busybox"

repo="dc-test/busybox"
tag="latest"

main() {
    become_root "$@"
    parse_build_args "$@"
    require_commands curl jq tar sha256sum flock ldd
    require_engine
    lock_cache

    local ref="${repo}:${tag}" hash
    hash="$(inputs_hash "${script_dir}/busybox.sh" "${script_dir}/lib.sh" /bin/busybox)"
    if [ "${force}" != 1 ] && image_is_current "${ref}" "${hash}"; then
        report_reused "${ref}"
        return 0
    fi

    local start work id
    start="$(now)"
    mkdir -p "${cache_dir}"
    work="$(mktemp -d "${cache_dir}/busybox.XXXXXX")"
    # The trap names the directory itself: `work` is local to this function.
    # shellcheck disable=SC2064
    trap "rm -rf '${work}'" EXIT

    busybox_layout "${work}/rootfs"
    id="$(tar_dir "${work}/rootfs" | import_tar \
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        'CMD ["sh"]' \
        'LABEL dc.test.stand-in="true"' \
        "LABEL org.opencontainers.image.description=\"busybox from Debian's busybox-static, for dc's tests\"" \
        "LABEL ${inputs_label}=\"${hash}\"")"
    publish_image "${id}" "${repo}" "${tag}"
    report_built "${ref}" "$(($(now) - start))"
}

main "$@"
