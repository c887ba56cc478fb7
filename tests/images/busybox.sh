#!/usr/bin/env bash
# Builds dc-test/busybox:latest, an image FROM scratch holding only Debian's
# static busybox and a symlink per applet, imported into the engine over its
# API. It is rebuilt only when this script, lib.sh or the busybox binary
# changes.
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# fill_root ROOT: lays out the image for build_image.
fill_root() {
    busybox_layout "$1"
    image_changes \
        "ENV PATH=${default_path}" \
        'CMD ["sh"]' \
        "LABEL org.opencontainers.image.description=\"busybox from Debian's busybox-static, for dc's tests\""
}

build_image dc-test/busybox:latest /bin/busybox -- "$@"
