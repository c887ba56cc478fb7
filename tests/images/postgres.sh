#!/usr/bin/env bash
# Builds the stand-in for postgres:16 that dc's tests and examples use: a
# Debian 12 minbase root made by debootstrap, Debian's PostgreSQL (15, not
# 16: it is a stand-in) and an entrypoint that behaves like the official
# image's for POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB and
# /docker-entrypoint-initdb.d. It is imported into the engine over its API and
# rebuilt only when this script, lib.sh, lib-debian.sh, the entrypoint, the
# package list or the mirror changes.
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=lib-debian.sh
. "${images_dir}/lib-debian.sh"

# The Debian packages installed on top of minbase.
packages=(postgresql postgresql-client)
# The ids the official image gives its postgres user, so volumes made by one
# are usable by the other.
postgres_uid=999
entrypoint="${images_dir}/files/postgres-entrypoint.sh"

# Prints the major version of the PostgreSQL installed in ROOT.
pg_major() {
    local root="$1" dirs
    dirs=("${root}"/usr/lib/postgresql/*/bin/postgres)
    if [ "${#dirs[@]}" -ne 1 ] || [ ! -x "${dirs[0]}" ]; then
        die "expected one PostgreSQL server in ${root}/usr/lib/postgresql"
    fi
    basename "$(dirname "$(dirname "${dirs[0]}")")"
}

# Sets ROOT up the way the entrypoint expects: the entrypoint, the initdb.d
# directory, the data and socket directories, and a sample configuration that
# listens on every address, as the official image's does.
configure_root() {
    local root="$1" major="$2"
    install -m 0755 "${entrypoint}" "${root}/usr/local/bin/docker-entrypoint.sh"
    mkdir -p "${root}/docker-entrypoint-initdb.d"
    install -d -m 0700 -o "${postgres_uid}" -g "${postgres_uid}" "${root}/var/lib/postgresql/data"
    chown "${postgres_uid}:${postgres_uid}" "${root}/var/lib/postgresql"
    install -d -m 3777 -o "${postgres_uid}" -g "${postgres_uid}" "${root}/run/postgresql"
    sed -ri "s/^#?(listen_addresses)[[:space:]]*=[[:space:]]*[^[:space:]]+(.*)$/\1 = '*'\2/" \
        "${root}/usr/share/postgresql/${major}/postgresql.conf.sample"
    grep -q "^listen_addresses = '\*'" "${root}/usr/share/postgresql/${major}/postgresql.conf.sample" \
        || die "could not set listen_addresses in postgresql.conf.sample"
}

# Takes out PostgreSQL's JIT compiler, which is most of the image's size: the
# server's llvmjit module and its bitcode, and the LLVM and Z3 libraries that
# only it uses. The packages are purged with --force-depends, so apt inside the
# image sees postgresql-MAJOR's dependency on LLVM as unmet; the sample
# configuration turns JIT off, as it could not load anyway.
drop_jit() {
    local root="$1" major="$2" libs
    rm -rf "${root}/usr/lib/postgresql/${major}/lib/bitcode" \
        "${root}/usr/lib/postgresql/${major}/lib/llvmjit.so" \
        "${root}/usr/lib/postgresql/${major}/lib/llvmjit_types.bc"
    # shellcheck disable=SC2016
    libs="$(in_root "${root}" dpkg-query -W -f '${Package}\n' 'libllvm*' 'libz3-*' 2>/dev/null || true)"
    if [ -n "${libs}" ]; then
        # shellcheck disable=SC2086
        in_root "${root}" dpkg --purge --force-depends ${libs} >/dev/null 2>&1 \
            || die "could not purge ${libs//$'\n'/ }"
    fi
    sed -ri 's/^#?(jit)[[:space:]]*=[[:space:]]*[^[:space:]]+(.*)$/\1 = off\2/' \
        "${root}/usr/share/postgresql/${major}/postgresql.conf.sample"
    grep -q '^jit = off' "${root}/usr/share/postgresql/${major}/postgresql.conf.sample" \
        || die "could not set jit in postgresql.conf.sample"
}

# fill_root ROOT: lays out the image for build_image. The postgres user is
# made before the packages, so that it gets the official image's ids, and
# postgresql-common makes no cluster: the entrypoint does that at run time.
fill_root() {
    local root="$1" major
    make_root "${root}"
    mkdir -p "${root}/etc/postgresql-common/createcluster.d"
    printf 'create_main_cluster = false\n' \
        >"${root}/etc/postgresql-common/createcluster.d/dc-test.conf"
    add_user "${root}" postgres "${postgres_uid}" /var/lib/postgresql
    apt_install "${root}" "${packages[@]}"
    major="$(pg_major "${root}")"
    configure_root "${root}" "${major}"
    drop_jit "${root}" "${major}"
    strip_root "${root}"
    # The official image stops with SIGINT, PostgreSQL's fast shutdown.
    image_changes \
        "ENV PATH=/usr/lib/postgresql/${major}/bin:${default_path}" \
        "ENV PG_MAJOR=${major}" \
        'ENV LANG=C.UTF-8' \
        'ENV PGDATA=/var/lib/postgresql/data' \
        'VOLUME /var/lib/postgresql/data' \
        'EXPOSE 5432' \
        'ENTRYPOINT ["docker-entrypoint.sh"]' \
        'CMD ["postgres"]' \
        'STOPSIGNAL SIGINT' \
        "LABEL org.opencontainers.image.description=\"stand-in for postgres:16 built from Debian packages (PostgreSQL ${major})\""
}

build_image postgres:16 "${entrypoint}" -s "packages=${packages[*]}" -- "$@"
