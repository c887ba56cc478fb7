# shellcheck shell=bash
# Helpers for the stand-in images made from a Debian root (postgres.sh,
# spark.sh): a debootstrap of the suite, cached as a tar file, Debian packages
# installed into it with apt, and the tidying before the import. It is sourced
# after lib.sh, never run.

debian_suite="bookworm"
debian_variant="minbase"
debian_mirror="${DC_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# The images built on this file count it, the suite and the mirror among
# their inputs.
lib_inputs+=("${images_dir}/lib-debian.sh"
    -s "suite=${debian_suite} ${debian_variant} ${debian_mirror}")

# Runs a command inside the root being built, with apt kept quiet and unable
# to ask anything.
in_root() {
    local root="$1"
    shift
    chroot "${root}" /usr/bin/env -i \
        PATH="${default_path}" \
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
# and mirror stay the same; later builds, of any image, unpack that file.
make_root() {
    local root="$1"
    local base="${cache_dir}/debootstrap/${debian_suite}-${debian_variant}.tar"
    local key="${debian_suite} ${debian_variant} ${debian_mirror}"
    require_commands debootstrap chroot
    if [ -f "${base}" ] && [ "$(cat "${base}.key" 2>/dev/null)" = "${key}" ]; then
        log "unpacking the cached ${debian_suite} ${debian_variant} root"
        mkdir -p "${root}"
        tar --numeric-owner --xattrs -xpf "${base}" -C "${root}"
        return 0
    fi
    mkdir -p "${cache_dir}/debootstrap"
    rm -f "${base}" "${base}.key"
    log "debootstrap --variant=${debian_variant} ${debian_suite} from ${debian_mirror}"
    run_logged "${cache_dir}/debootstrap/${debian_suite}-${debian_variant}.log" \
        debootstrap --variant="${debian_variant}" "${debian_suite}" "${root}" "${debian_mirror}"
    tar --numeric-owner --xattrs -C "${root}" -cf "${base}.tmp" .
    mv "${base}.tmp" "${base}"
    printf '%s\n' "${key}" >"${base}.key"
}

# add_user ROOT NAME ID HOME [USERADD_ARGS...]: adds the system user and group
# NAME, both with the numeric id ID, to ROOT, with a bash login shell.
add_user() {
    local root="$1" name="$2" id="$3" home="$4"
    shift 4
    in_root "${root}" groupadd --system --gid "${id}" "${name}"
    in_root "${root}" useradd --system --uid "${id}" --gid "${name}" \
        --home-dir "${home}" "$@" --shell /bin/bash "${name}"
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

# apt_install ROOT PACKAGE...: installs the packages into ROOT, without their
# recommendations, documentation or translations. Services are not started
# inside it. apt's output goes to .cache/logs/NAME-apt-*.log, NAME being the
# script's.
apt_install() {
    local root="$1" logdir="${cache_dir}/logs"
    shift
    mkdir -p "${logdir}"
    write_dpkg_excludes "${root}"
    printf '#!/bin/sh\nexit 101\n' >"${root}/usr/sbin/policy-rc.d"
    chmod 755 "${root}/usr/sbin/policy-rc.d"
    printf 'deb %s %s main\n' "${debian_mirror}" "${debian_suite}" >"${root}/etc/apt/sources.list"
    if [ -e /etc/resolv.conf ]; then
        cp -L /etc/resolv.conf "${root}/etc/resolv.conf"
    fi
    log "apt-get install $*"
    run_logged "${logdir}/${log_prefix}-apt-update.log" in_root "${root}" apt-get update
    run_logged "${logdir}/${log_prefix}-apt-install.log" in_root "${root}" \
        apt-get install -y --no-install-recommends "$@"
    in_root "${root}" apt-get clean
    rm -f "${root}/usr/sbin/policy-rc.d"
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
