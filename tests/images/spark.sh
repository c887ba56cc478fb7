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
# lib-debian.sh, the entrypoint, the package list, the mirror, the pyspark and
# py4j archives' hashes).
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=lib-debian.sh
. "${images_dir}/lib-debian.sh"

tag="3.5.4-python3"
packages=(openjdk-17-jre-headless python3 procps libpostgresql-jdbc-java)
spark_uid=185
entrypoint="${images_dir}/files/spark-entrypoint.sh"
# The Spark distribution: PyPI's pyspark source archive carries Spark's bin/,
# sbin/ and jars/ under deps/. py4j's Python side is a separate package.
pyspark_version="3.5.4"
pyspark_url="https://files.pythonhosted.org/packages/4e/18/6bb8c4e857122fc898f32336cb6e9e98415a7802c2a3738e907b4bd60953/pyspark-3.5.4.tar.gz"
pyspark_sha256="1c2926d63020902163f58222466adf6f8016f6c43c1f319b8e7a71dbaa05fc51"
py4j_version="0.10.9.7"
py4j_url="https://files.pythonhosted.org/packages/10/30/a58b32568f1623aaad7db22aa9eafc4c6c194b429ff35bdc55ca2726da47/py4j-0.10.9.7-py2.py3-none-any.whl"
py4j_sha256="85defdfd2b2376eb3abf5ca6474b51ab7e0de341c75a02f46dc9b5976f5a5c1b"

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
    add_user "${root}" spark "${spark_uid}" /home/spark --create-home
    chown -R "${spark_uid}:${spark_uid}" "${root}/opt/spark"
    # Named volumes copy this directory's owner and mode when they are first
    # mounted on it (the profile's shared volume), so any node may write there.
    chmod 1777 "${root}/opt/spark/work-dir/shared"
    chmod g+w "${root}/opt/spark/work-dir"
}

# fill_root ROOT: lays out the image for build_image. The JRE's postinst
# wants man directories that the excludes keep empty, and ca-certificates-java
# runs java in its trigger, which needs /proc: it is mounted for the install
# only.
fill_root() {
    local root="$1" pyspark py4j
    pyspark="$(download "${pyspark_url}" "${pyspark_sha256}" "pyspark-${pyspark_version}.tar.gz")"
    py4j="$(download "${py4j_url}" "${py4j_sha256}" "py4j-${py4j_version}-py2.py3-none-any.whl")"
    make_root "${root}"
    mkdir -p "${root}/usr/share/man/man1"
    mount -t proc proc "${root}/proc"
    apt_install "${root}" "${packages[@]}"
    umount "${root}/proc"
    install_spark "${root}" "${pyspark}" "${py4j}"
    strip_root "${root}"
    image_changes \
        "ENV PATH=/opt/spark/bin:/opt/java/openjdk/bin:${default_path}" \
        'ENV JAVA_HOME=/opt/java/openjdk' \
        'ENV SPARK_HOME=/opt/spark' \
        "ENV PYTHONPATH=/opt/spark/python:/opt/spark/python/lib/py4j-${py4j_version}-src.zip" \
        'ENV PYSPARK_PYTHON=python3' \
        'ENV LANG=C.UTF-8' \
        'WORKDIR /opt/spark/work-dir' \
        "USER ${spark_uid}" \
        'ENTRYPOINT ["/opt/entrypoint.sh"]' \
        "LABEL org.opencontainers.image.description=\"stand-in for apache/spark:${tag} built from Debian packages and PyPI pyspark ${pyspark_version}\""
}

build_image "apache/spark:${tag}" "${entrypoint}" -s "packages=${packages[*]}" \
    -s "pyspark=${pyspark_sha256}" -s "py4j=${py4j_sha256}" -- "$@"
