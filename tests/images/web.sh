#!/usr/bin/env bash
# Builds the stand-in for dpage/pgadmin4 that dc's examples use: the busybox
# layout of dc-test/busybox plus an entrypoint that serves, with busybox httpd
# on port 80, a page naming PGADMIN_DEFAULT_EMAIL. It is imported into the
# engine over its API and rebuilt only when this script, lib.sh, the
# entrypoint or the busybox binary changes.
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

entrypoint="${images_dir}/files/web-entrypoint.sh"

# fill_root ROOT: lays out the image for build_image.
fill_root() {
    busybox_layout "$1"
    install -m 0755 "${entrypoint}" "$1/entrypoint.sh"
    image_changes \
        "ENV PATH=${default_path}" \
        'ENTRYPOINT ["/entrypoint.sh"]' \
        'EXPOSE 80 443' \
        'LABEL org.opencontainers.image.description="stand-in for dpage/pgadmin4: busybox httpd serving one page, no pgAdmin"'
}

build_image dpage/pgadmin4:latest "${entrypoint}" /bin/busybox -- "$@"
