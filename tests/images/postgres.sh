#!/usr/bin/env bash
# Builds the stand-in for postgres:16 that dc's tests and examples use: a
# Debian 12 minbase root made by debootstrap, Debian's PostgreSQL (15, not
# 16: it is a stand-in) and an entrypoint that behaves like the official
# image's for POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB and
# /docker-entrypoint-initdb.d. It is imported into the engine over its API and
# rebuilt only when this script, lib.sh, the entrypoint or the package list
# changes.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "${script_dir}/lib.sh"
log_prefix="postgres"

repo="postgres"
tag="16"
suite="bookworm"
variant="minbase"
mirror="${DC_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# The Debian packages installed on top of minbase.
packages=(postgresql postgresql-client)
# The ids the official image gives its postgres user, so volumes made by one
# are usable by the other.
postgres_uid=999
entrypoint="${script_dir}/files/postgres-entrypoint.sh"

# Runs a command inside the root being built, with apt kept quiet and unable
# to ask anything.
in_root() {
    local root="$1"
    shift
    chroot "${root}" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
        "$@"
}

# run_logged LOG CMD...: runs CMD with its output in LOG, and on failure shows
# the end of LOG and stops.
run_logged() {
    local logfile="$1"
    shift
    if ! "$@" >"${logfile}" 2>&1; then
        log "failed: $*"
        tail -n 40 "${logfile}" >&2
        die "see ${logfile} for the whole output"
    fi
}

# make_root DIR: makes DIR a fresh debootstrap of the suite. The debootstrap
# runs once and is kept in the cache as a tar file while the suite, variant
# and mirror stay the same; later builds unpack that file.
make_root() {
    local root="$1"
    local base="${cache_dir}/debootstrap/${suite}-${variant}.tar"
    local key="${suite} ${variant} ${mirror}"
    if [ -f "${base}" ] && [ "$(cat "${base}.key" 2>/dev/null)" = "${key}" ]; then
        log "unpacking the cached ${suite} ${variant} root"
        mkdir -p "${root}"
        tar --numeric-owner --xattrs -xpf "${base}" -C "${root}"
        return 0
    fi
    mkdir -p "${cache_dir}/debootstrap"
    rm -f "${base}" "${base}.key"
    log "debootstrap --variant=${variant} ${suite} from ${mirror}"
    run_logged "${cache_dir}/debootstrap/${suite}-${variant}.log" \
        debootstrap --variant="${variant}" "${suite}" "${root}" "${mirror}"
    tar --numeric-owner --xattrs -C "${root}" -cf "${base}.tmp" .
    mv "${base}.tmp" "${base}"
    printf '%s\n' "${key}" >"${base}.key"
}

# make_work_dir: prints a new work directory under the cache, with a tmpfs on
# it when one can be mounted: the root is thrown away after the import, and
# making and deleting its thousands of files on disk is slow.
make_work_dir() {
    local work
    mkdir -p "${cache_dir}"
    work="$(mktemp -d "${cache_dir}/postgres.XXXXXX")"
    if ! mount -t tmpfs -o size=4g,mode=0755 dc-test-images "${work}" 2>/dev/null; then
        log "no tmpfs could be mounted; building on disk"
    fi
    printf '%s\n' "${work}"
}

# Unmounts and removes the work directory.
remove_work_dir() {
    local work="$1"
    if mountpoint -q "${work}"; then
        umount "${work}" || umount -l "${work}" || true
    fi
    rm -rf "${work}"
}

# Keeps documentation, manual pages and translations out of the image: dpkg
# skips these paths for every package installed from now on. Copyright files
# stay.
write_dpkg_excludes() {
    local root="$1"
    cat >"${root}/etc/dpkg/dpkg.cfg.d/dc-test-excludes" <<'CONF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*
path-exclude=/usr/share/linda/*
path-exclude=/usr/share/i18n/*
CONF
}

# Installs the packages into ROOT. Services are not started inside it, and
# postgresql-common makes no cluster: the entrypoint does that at run time.
install_packages() {
    local root="$1" logdir="$2"
    write_dpkg_excludes "${root}"
    printf '#!/bin/sh\nexit 101\n' >"${root}/usr/sbin/policy-rc.d"
    chmod 755 "${root}/usr/sbin/policy-rc.d"
    printf 'deb %s %s main\n' "${mirror}" "${suite}" >"${root}/etc/apt/sources.list"
    if [ -e /etc/resolv.conf ]; then
        cp -L /etc/resolv.conf "${root}/etc/resolv.conf"
    fi
    mkdir -p "${root}/etc/postgresql-common/createcluster.d"
    printf 'create_main_cluster = false\n' \
        >"${root}/etc/postgresql-common/createcluster.d/dc-test.conf"
    in_root "${root}" groupadd --system --gid "${postgres_uid}" postgres
    in_root "${root}" useradd --system --uid "${postgres_uid}" --gid postgres \
        --home-dir /var/lib/postgresql --shell /bin/bash postgres
    log "apt-get install ${packages[*]}"
    run_logged "${logdir}/apt-update.log" in_root "${root}" apt-get update
    run_logged "${logdir}/apt-install.log" in_root "${root}" \
        apt-get install -y --no-install-recommends "${packages[@]}"
    in_root "${root}" apt-get clean
    rm -f "${root}/usr/sbin/policy-rc.d"
}

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

# Removes what a container never needs: apt's lists and caches, logs, and the
# files dpkg installed before the excludes were written.
strip_root() {
    local root="$1"
    rm -rf "${root}"/var/lib/apt/lists/* "${root}"/var/cache/apt/* \
        "${root}"/var/cache/debconf/*-old "${root}"/var/lib/dpkg/*-old \
        "${root}"/var/log/apt "${root}"/var/log/*.log "${root}"/tmp/* "${root}"/root/.cache
    find "${root}/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
    find "${root}/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "${root}"/usr/share/man/* "${root}"/usr/share/info/* "${root}"/usr/share/locale/* \
        "${root}"/usr/share/i18n/* "${root}"/usr/share/lintian "${root}"/usr/share/linda
    # The build host's resolver settings stay out; the engine mounts its own.
    rm -f "${root}/etc/resolv.conf"
    : >"${root}/etc/hostname"
}

main() {
    become_root "$@"
    parse_build_args "$@"
    require_commands curl jq tar sha256sum flock debootstrap chroot mountpoint
    require_engine
    lock_cache

    local ref="${repo}:${tag}" hash
    hash="$(inputs_hash "${script_dir}/postgres.sh" "${script_dir}/lib.sh" "${entrypoint}" \
        -s "packages=${packages[*]}" -s "suite=${suite} ${variant} ${mirror}")"
    if [ "${force}" != 1 ] && image_is_current "${ref}" "${hash}"; then
        report_reused "${ref}"
        return 0
    fi

    local start work root major id
    start="$(now)"
    work="$(make_work_dir)"
    # shellcheck disable=SC2064
    trap "remove_work_dir '${work}'" EXIT
    root="${work}/rootfs"
    make_root "${root}"

    mkdir -p "${cache_dir}/logs"
    install_packages "${root}" "${cache_dir}/logs"
    major="$(pg_major "${root}")"
    configure_root "${root}" "${major}"
    drop_jit "${root}" "${major}"
    strip_root "${root}"

    log "importing (PostgreSQL ${major})"
    id="$(tar --numeric-owner --xattrs -C "${root}" \
        --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf - . \
        | import_tar \
            "ENV PATH=/usr/lib/postgresql/${major}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
            "ENV PG_MAJOR=${major}" \
            'ENV LANG=C.UTF-8' \
            'ENV PGDATA=/var/lib/postgresql/data' \
            'VOLUME /var/lib/postgresql/data' \
            'EXPOSE 5432' \
            'ENTRYPOINT ["docker-entrypoint.sh"]' \
            'CMD ["postgres"]' \
            'LABEL dc.test.stand-in="true"' \
            "LABEL org.opencontainers.image.description=\"stand-in for postgres:16 built from Debian packages (PostgreSQL ${major})\"" \
            "LABEL ${inputs_label}=\"${hash}\"")"
    # The import's `changes` cannot set STOPSIGNAL; the official image stops
    # with SIGINT (PostgreSQL's fast shutdown), so a commit adds it.
    id="$(commit_config "${id}" '{"StopSignal": "SIGINT"}')"
    publish_image "${id}" "${repo}" "${tag}"
    report_built "${ref}" "$(($(now) - start))"
}

main "$@"
