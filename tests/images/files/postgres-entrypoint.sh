#!/usr/bin/env bash
# Entrypoint of dc's postgres:16 stand-in (Debian's PostgreSQL inside).
#
# It follows the documented interface of the official image:
#   - POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust),
#     POSTGRES_USER (default postgres), POSTGRES_DB (default: the user),
#     POSTGRES_INITDB_ARGS, POSTGRES_INITDB_WALDIR, POSTGRES_HOST_AUTH_METHOD
#     (default scram-sha-256), and NAME_FILE variants of the first three;
#   - on the first start only (no PG_VERSION in PGDATA), initdb, then
#     /docker-entrypoint-initdb.d/*.sh, *.sql, *.sql.gz and *.sql.xz in name
#     order against a server that listens on the Unix socket only;
#   - the server then runs as the postgres user in the foreground, as PID 1,
#     so the engine's stop signal reaches it.
# It is dc's own script, written for its tests; it is not the official one.
set -euo pipefail

initdb_dir=/docker-entrypoint-initdb.d

say() {
    printf '%s\n' "$*"
}

fail() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# file_env NAME [DEFAULT]: sets NAME from NAME, or from the file NAME_FILE
# names, or to DEFAULT; both NAME and NAME_FILE set is an error.
file_env() {
    local name="$1" default="${2:-}"
    local file_name="${name}_FILE"
    local value="${default}"
    if [ -n "${!name:-}" ] && [ -n "${!file_name:-}" ]; then
        fail "both ${name} and ${file_name} are set; they are exclusive"
    fi
    if [ -n "${!name:-}" ]; then
        value="${!name}"
    elif [ -n "${!file_name:-}" ]; then
        value="$(<"${!file_name}")"
    fi
    export "${name}=${value}"
    unset "${file_name}"
}

# True when the arguments ask postgres for help or a version, which needs no
# database.
wants_help() {
    local arg
    for arg in "$@"; do
        case "${arg}" in
            -'?' | --help | --describe-config | -V | --version) return 0 ;;
        esac
    done
    return 1
}

setup_env() {
    export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
    file_env POSTGRES_PASSWORD
    file_env POSTGRES_USER postgres
    file_env POSTGRES_DB "${POSTGRES_USER}"
    file_env POSTGRES_INITDB_ARGS
    export POSTGRES_HOST_AUTH_METHOD="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
}

# As root: makes the data and socket directories and gives them to postgres.
prepare_dirs_as_root() {
    mkdir -p "${PGDATA}"
    chmod 00700 "${PGDATA}" || true
    chown -R postgres:postgres "${PGDATA}"
    mkdir -p /var/run/postgresql
    chown postgres:postgres /var/run/postgresql
    chmod 03775 /var/run/postgresql
    if [ -n "${POSTGRES_INITDB_WALDIR:-}" ]; then
        mkdir -p "${POSTGRES_INITDB_WALDIR}"
        chown postgres:postgres "${POSTGRES_INITDB_WALDIR}"
        chmod 00700 "${POSTGRES_INITDB_WALDIR}"
    fi
}

check_password_env() {
    if [ -n "${POSTGRES_PASSWORD}" ]; then
        return 0
    fi
    if [ "${POSTGRES_HOST_AUTH_METHOD}" = trust ]; then
        say "warning: no POSTGRES_PASSWORD; every connection from the network is trusted"
        return 0
    fi
    fail "the database is uninitialized and POSTGRES_PASSWORD is not set.
  Set POSTGRES_PASSWORD to a non-empty value for the superuser, or
  POSTGRES_HOST_AUTH_METHOD=trust to allow every connection without one."
}

init_cluster() {
    local args=(--username="${POSTGRES_USER}")
    if [ -n "${POSTGRES_INITDB_WALDIR:-}" ]; then
        args+=(--waldir="${POSTGRES_INITDB_WALDIR}")
    fi
    # POSTGRES_INITDB_ARGS is a string of options, split as the shell would.
    local extra=()
    if [ -n "${POSTGRES_INITDB_ARGS}" ]; then
        read -r -a extra <<<"${POSTGRES_INITDB_ARGS}"
    fi
    # The password reaches initdb through a pipe, never a file or the command
    # line; the process substitution must be on initdb's own command.
    initdb "${args[@]}" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD}") "${extra[@]}"
    # Connections over the network need a password (or what the host auth
    # method says); local ones are trusted, as initdb left them.
    printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD}" >>"${PGDATA}/pg_hba.conf"
}

# A server for the setup only: it listens on the Unix socket, not on TCP.
start_setup_server() {
    pg_ctl -D "${PGDATA}" -w -o "-c listen_addresses='' -p ${PGPORT:-5432}" start
}

stop_setup_server() {
    pg_ctl -D "${PGDATA}" -m fast -w stop
}

# psql_setup [PSQL_ARGS...]: psql as the superuser over the socket, stopping
# on the first error.
psql_setup() {
    psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER}" --no-password --no-psqlrc "$@"
}

create_database() {
    local exists
    exists="$(psql_setup --dbname postgres -tA -v db="${POSTGRES_DB}" \
        <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")"
    if [ -z "${exists}" ]; then
        psql_setup --dbname postgres -v db="${POSTGRES_DB}" <<<'CREATE DATABASE :"db";'
        say "created database ${POSTGRES_DB}"
    fi
}

run_init_files() {
    local f
    shopt -s nullglob
    for f in "${initdb_dir}"/*; do
        case "${f}" in
            *.sh)
                if [ -x "${f}" ]; then
                    say "running ${f}"
                    "${f}"
                else
                    say "sourcing ${f}"
                    set +u
                    # shellcheck disable=SC1090
                    . "${f}"
                    set -u
                fi
                ;;
            *.sql)
                say "running ${f}"
                psql_setup --dbname "${POSTGRES_DB}" -f "${f}"
                ;;
            *.sql.gz)
                say "running ${f}"
                gzip -dc "${f}" | psql_setup --dbname "${POSTGRES_DB}"
                ;;
            *.sql.xz)
                say "running ${f}"
                command -v xz >/dev/null || fail "${f} needs xz, which this image lacks"
                xz -dc "${f}" | psql_setup --dbname "${POSTGRES_DB}"
                ;;
            *)
                say "ignoring ${f}"
                ;;
        esac
    done
    shopt -u nullglob
}

first_start() {
    check_password_env
    say "initializing a new database cluster in ${PGDATA}"
    init_cluster
    export PGPASSWORD="${PGPASSWORD:-${POSTGRES_PASSWORD}}"
    start_setup_server
    create_database
    run_init_files
    stop_setup_server
    say "PostgreSQL init process complete; ready for start up."
}

main() {
    # Options alone mean options for postgres.
    if [ "$#" -eq 0 ] || [ "${1:0:1}" = '-' ]; then
        set -- postgres "$@"
    fi
    if [ "$1" = postgres ] && ! wants_help "$@"; then
        setup_env
        if [ "$(id -u)" = 0 ]; then
            prepare_dirs_as_root
            # Start again as postgres; setpriv replaces this process, so the
            # server stays PID 1.
            exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
        fi
        if [ ! -s "${PGDATA}/PG_VERSION" ]; then
            first_start
        else
            say "PostgreSQL database directory appears to contain a database; skipping initialization"
        fi
    fi
    exec "$@"
}

main "$@"
