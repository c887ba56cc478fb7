#!/usr/bin/env bash
# Builds the stand-in for apache/spark:3.5.4-python3 that dc's Spark profile,
# its tests and the course's example use: a Debian 12 minbase root made by
# debootstrap, Debian's OpenJDK 17 (headless), python3 and procps, and the
# Spark distribution that PyPI's pyspark 3.5.4 package carries (bin/, sbin/,
# jars/, python/) in /opt/spark, laid out like the official image: user spark
# (uid 185), SPARK_HOME=/opt/spark, working directory /opt/spark/work-dir, an
# entrypoint that runs its arguments. Debian's PostgreSQL JDBC driver is in
# /opt/spark/jars, so JDBC jobs need no --jars. It is imported into the engine
# over its API and rebuilt only when its inputs change (this script, lib.sh,
# the entrypoint, the package list, the pyspark and py4j archives' hashes).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "${script_dir}/lib.sh"
log_prefix="spark"

repo="apache/spark"
tag="3.5.4-python3"
suite="bookworm"
variant="minbase"
mirror="${DC_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
packages=(openjdk-17-jre-headless python3 procps libpostgresql-jdbc-java)
spark_uid=185
entrypoint="${script_dir}/files/spark-entrypoint.sh"
# The Spark distribution: PyPI's pyspark source archive carries Spark's bin/,
# sbin/ and jars/ under deps/. py4j's Python side is a separate package.
pyspark_version="3.5.4"
pyspark_url="https://files.pythonhosted.org/packages/4e/18/6bb8c4e857122fc898f32336cb6e9e98415a7802c2a3738e907b4bd60953/pyspark-3.5.4.tar.gz"
pyspark_sha256="1c2926d63020902163f58222466adf6f8016f6c43c1f319b8e7a71dbaa05fc51"
py4j_version="0.10.9.7"
py4j_url="https://files.pythonhosted.org/packages/10/30/a58b32568f1623aaad7db22aa9eafc4c6c194b429ff35bdc55ca2726da47/py4j-0.10.9.7-py2.py3-none-any.whl"
py4j_sha256="85defdfd2b2376eb3abf5ca6474b51ab7e0de341c75a02f46dc9b5976f5a5c1b"

# The helpers below follow postgres.sh's; they are repeated here rather than
# moved into lib.sh so that the postgres image's inputs hash stays the same.

in_root() {
    local root="$1"
    shift
    chroot "${root}" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
        "$@"
}

run_logged() {
    local logfile="$1"
    shift
    if ! "$@" >"${logfile}" 2>&1; then
        log "failed: $*"
        tail -n 40 "${logfile}" >&2
        die "see ${logfile} for the whole output"
    fi
}

# make_root DIR: a fresh debootstrap of the suite, from the tar that
# postgres.sh keeps in the cache (made here when it is missing).
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

# download URL SHA256 NAME: prints the path of NAME in the cache, fetching it
# once and checking its sha256 every time.
download() {
    local url="$1" sum="$2" name="$3" dir="${cache_dir}/downloads"
    mkdir -p "${dir}"
    if [ ! -f "${dir}/${name}" ]; then
        log "downloading ${name}"
        curl -sS -fL --retry 3 -o "${dir}/${name}.part" "${url}" || die "cannot download ${url}"
        mv "${dir}/${name}.part" "${dir}/${name}"
    fi
    if [ "$(sha256sum "${dir}/${name}" | cut -d' ' -f1)" != "${sum}" ]; then
        rm -f "${dir}/${name}"
        die "${name}: sha256 mismatch (expected ${sum}); the bad file was removed"
    fi
    printf '%s\n' "${dir}/${name}"
}

make_work_dir() {
    local work
    mkdir -p "${cache_dir}"
    work="$(mktemp -d "${cache_dir}/spark.XXXXXX")"
    if ! mount -t tmpfs -o size=4g,mode=0755 dc-test-images "${work}" 2>/dev/null; then
        log "no tmpfs could be mounted; building on disk"
    fi
    printf '%s\n' "${work}"
}

remove_work_dir() {
    local work="$1"
    if mountpoint -q "${work}/rootfs/proc" 2>/dev/null; then
        umount "${work}/rootfs/proc" || umount -l "${work}/rootfs/proc" || true
    fi
    if mountpoint -q "${work}"; then
        umount "${work}" || umount -l "${work}" || true
    fi
    rm -rf "${work}"
}

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

# Installs the packages. ca-certificates-java runs java in its trigger, which
# needs /proc; it is mounted for the install only.
install_packages() {
    local root="$1" logdir="$2"
    write_dpkg_excludes "${root}"
    printf '#!/bin/sh\nexit 101\n' >"${root}/usr/sbin/policy-rc.d"
    chmod 755 "${root}/usr/sbin/policy-rc.d"
    printf 'deb %s %s main\n' "${mirror}" "${suite}" >"${root}/etc/apt/sources.list"
    if [ -e /etc/resolv.conf ]; then
        cp -L /etc/resolv.conf "${root}/etc/resolv.conf"
    fi
    # The JRE's postinst wants man directories that the excludes keep empty.
    mkdir -p "${root}/usr/share/man/man1"
    mount -t proc proc "${root}/proc"
    log "apt-get install ${packages[*]}"
    run_logged "${logdir}/spark-apt-update.log" in_root "${root}" apt-get update
    run_logged "${logdir}/spark-apt-install.log" in_root "${root}" \
        apt-get install -y --no-install-recommends "${packages[@]}"
    in_root "${root}" apt-get clean
    umount "${root}/proc"
    rm -f "${root}/usr/sbin/policy-rc.d"
}

# Lays out /opt/spark as the official image does, from the pyspark archive.
install_spark() {
    local root="$1" pyspark="$2" py4j="$3" arch src
    src="${root}/tmp/pyspark-${pyspark_version}"
    tar -xzf "${pyspark}" -C "${root}/tmp"
    [ -x "${src}/deps/bin/spark-class" ] || die "${pyspark} has no deps/bin/spark-class"
    mkdir -p "${root}/opt/spark/python/lib" "${root}/opt/spark/work-dir/shared"
    cp -a "${src}/deps/bin" "${src}/deps/sbin" "${src}/deps/jars" "${root}/opt/spark/"
    [ -d "${src}/deps/examples" ] && cp -a "${src}/deps/examples" "${root}/opt/spark/"
    [ -d "${src}/deps/data" ] && cp -a "${src}/deps/data" "${root}/opt/spark/"
    rm -f "${root}"/opt/spark/bin/*.cmd
    cp -a "${src}/pyspark" "${root}/opt/spark/python/"
    # spark-submit puts these two archives on a Python job's PYTHONPATH, on the
    # driver and on every executor. A wheel is a zip that zipimport reads.
    in_root "${root}" sh -c 'cd /opt/spark/python && python3 -m zipfile -c lib/pyspark.zip pyspark'
    cp "${py4j}" "${root}/opt/spark/python/lib/py4j-${py4j_version}-src.zip"
    ln -sf /usr/share/java/postgresql.jar "${root}/opt/spark/jars/postgresql.jar"
    printf 'Spark %s (stand-in, from PyPI pyspark %s)\n' "${pyspark_version}" "${pyspark_version}" \
        >"${root}/opt/spark/RELEASE"
    rm -rf "${src}"
    arch="$(in_root "${root}" dpkg --print-architecture)"
    mkdir -p "${root}/opt/java"
    ln -sfn "/usr/lib/jvm/java-17-openjdk-${arch}" "${root}/opt/java/openjdk"
    [ -x "${root}/opt/java/openjdk/bin/java" ] || die "no java in /usr/lib/jvm/java-17-openjdk-${arch}"
    install -m 0755 "${entrypoint}" "${root}/opt/entrypoint.sh"
    in_root "${root}" groupadd --system --gid "${spark_uid}" spark
    in_root "${root}" useradd --system --uid "${spark_uid}" --gid spark \
        --home-dir /home/spark --create-home --shell /bin/bash spark
    chown -R "${spark_uid}:${spark_uid}" "${root}/opt/spark"
    # Named volumes copy this directory's owner and mode when they are first
    # mounted on it (the profile's shared volume), so any node may write there.
    chmod 1777 "${root}/opt/spark/work-dir/shared"
    chmod g+w "${root}/opt/spark/work-dir"
}

strip_root() {
    local root="$1"
    rm -rf "${root}"/var/lib/apt/lists/* "${root}"/var/cache/apt/* \
        "${root}"/var/cache/debconf/*-old "${root}"/var/lib/dpkg/*-old \
        "${root}"/var/log/apt "${root}"/var/log/*.log "${root}"/tmp/* "${root}"/root/.cache
    find "${root}/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
    find "${root}/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "${root}"/usr/share/man/* "${root}"/usr/share/info/* "${root}"/usr/share/locale/* \
        "${root}"/usr/share/i18n/* "${root}"/usr/share/lintian "${root}"/usr/share/linda
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
    hash="$(inputs_hash "${script_dir}/spark.sh" "${script_dir}/lib.sh" "${entrypoint}" \
        -s "packages=${packages[*]}" -s "suite=${suite} ${variant} ${mirror}" \
        -s "pyspark=${pyspark_sha256}" -s "py4j=${py4j_sha256}")"
    if [ "${force}" != 1 ] && image_is_current "${ref}" "${hash}"; then
        report_reused "${ref}"
        return 0
    fi

    local start work root pyspark py4j id
    start="$(now)"
    pyspark="$(download "${pyspark_url}" "${pyspark_sha256}" "pyspark-${pyspark_version}.tar.gz")"
    py4j="$(download "${py4j_url}" "${py4j_sha256}" "py4j-${py4j_version}-py2.py3-none-any.whl")"
    work="$(make_work_dir)"
    # shellcheck disable=SC2064
    trap "remove_work_dir '${work}'" EXIT
    root="${work}/rootfs"
    make_root "${root}"
    mkdir -p "${cache_dir}/logs"
    install_packages "${root}" "${cache_dir}/logs"
    install_spark "${root}" "${pyspark}" "${py4j}"
    strip_root "${root}"

    log "importing"
    local path="/opt/spark/bin:/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    id="$(tar --numeric-owner --xattrs -C "${root}" \
        --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf - . \
        | import_tar \
            "ENV PATH=${path}" \
            'ENV JAVA_HOME=/opt/java/openjdk' \
            'ENV SPARK_HOME=/opt/spark' \
            "ENV PYTHONPATH=/opt/spark/python:/opt/spark/python/lib/py4j-${py4j_version}-src.zip" \
            'ENV PYSPARK_PYTHON=python3' \
            'ENV LANG=C.UTF-8' \
            'WORKDIR /opt/spark/work-dir' \
            "USER ${spark_uid}" \
            'ENTRYPOINT ["/opt/entrypoint.sh"]' \
            'LABEL dc.test.stand-in="true"' \
            "LABEL org.opencontainers.image.description=\"stand-in for apache/spark:${tag} built from Debian packages and PyPI pyspark ${pyspark_version}\"" \
            "LABEL ${inputs_label}=\"${hash}\"")"
    publish_image "${id}" "${repo}" "${tag}"
    report_built "${ref}" "$(($(now) - start))"
}

main "$@"
