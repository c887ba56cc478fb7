#!/usr/bin/env bash
# Builds the stand-in for dpage/pgadmin4 that dc's examples use: the busybox
# layout of dc-test/busybox plus an entrypoint that serves, with busybox httpd
# on port 80, a page naming PGADMIN_DEFAULT_EMAIL. It is imported into the
# engine over its API and rebuilt only when this script, lib.sh, the
# entrypoint or the busybox binary changes.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "${script_dir}/lib.sh"
log_prefix="web"

repo="dpage/pgadmin4"
tag="latest"
entrypoint="${script_dir}/files/web-entrypoint.sh"

main() {
    become_root "$@"
    parse_build_args "$@"
    require_commands curl jq tar sha256sum flock ldd
    require_engine
    lock_cache

    local ref="${repo}:${tag}" hash
    hash="$(inputs_hash "${script_dir}/web.sh" "${script_dir}/lib.sh" "${entrypoint}" /bin/busybox)"
    if [ "${force}" != 1 ] && image_is_current "${ref}" "${hash}"; then
        report_reused "${ref}"
        return 0
    fi

    local start work id
    start="$(now)"
    mkdir -p "${cache_dir}"
    work="$(mktemp -d "${cache_dir}/web.XXXXXX")"
    # shellcheck disable=SC2064
    trap "rm -rf '${work}'" EXIT

    busybox_layout "${work}/rootfs"
    install -m 0755 "${entrypoint}" "${work}/rootfs/entrypoint.sh"
    id="$(tar_dir "${work}/rootfs" | import_tar \
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        'ENTRYPOINT ["/entrypoint.sh"]' \
        'EXPOSE 80 443' \
        'LABEL dc.test.stand-in="true"' \
        'LABEL org.opencontainers.image.description="stand-in for dpage/pgadmin4: busybox httpd serving one page, no pgAdmin"' \
        "LABEL ${inputs_label}=\"${hash}\"")"
    publish_image "${id}" "${repo}" "${tag}"
    report_built "${ref}" "$(($(now) - start))"
}

main "$@"
