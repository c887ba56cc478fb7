#!/usr/bin/env bash
# Checks the stand-in images for real, against the engine's API: each is run
# as a container and made to do its job, and everything the check creates is
# removed again (the images stay). Prints one line per check and a closing
# "N passed, N failed" line; exits non-zero when a check fails.
#
# Usage: tests/images/check.sh [--build]
#   --build  runs build-all.sh first (a no-op while the images are current).
set -euo pipefail

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

busybox_ref="dc-test/busybox:latest"
postgres_ref="postgres:16"
web_ref="dpage/pgadmin4:latest"
# Every container made here carries this label, so that the cleanup finds
# them even after an interruption.
check_label="dc.test.images-check"
run_id="$$"

passed=0
failed=0

pass() {
    passed=$((passed + 1))
    printf 'ok   %s\n' "$*"
}

fail() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*"
}

# Prints seconds since the epoch with milliseconds.
now_ms() {
    date +%s%3N
}

# Removes every container this run made, with its anonymous volumes. They are
# found by label: create_container runs in a subshell, so no list of ids
# could be kept.
cleanup() {
    local cid
    for cid in $(api GET "/containers/json?all=1&filters=$(urlencode "{\"label\":[\"${check_label}=${run_id}\"]}")" \
        | jq -r '.[].Id'); do
        api DELETE "/containers/${cid}?force=1&v=1" >/dev/null 2>&1 || true
    done
}

# create_container JSON: creates a container from the given config, labelled
# as this check's, and prints its id.
create_container() {
    local config="$1" cid
    config="$(jq -c --arg l "${check_label}" --arg r "${run_id}" '.Labels += {($l): $r}' <<<"${config}")"
    api POST /containers/create -H 'Content-Type: application/json' -d "${config}" | jq -r .Id
}

start_container() {
    api POST "/containers/$1/start" >/dev/null
}

# demux FILE: prints the payload of an engine stream in its multiplexed form
# (a non-TTY exec or log stream): frames of an 8-byte header, whose last four
# bytes are the big-endian length, then that many bytes of stdout or stderr.
demux() {
    local file="$1" size off=0 len b
    size="$(stat -c %s "${file}")"
    while [ "${off}" -lt "${size}" ]; do
        # shellcheck disable=SC2207
        b=($(od -An -tu1 -j "${off}" -N 8 "${file}"))
        [ "${#b[@]}" -eq 8 ] || break
        len=$(((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]))
        tail -c +"$((off + 9))" "${file}" | head -c "${len}"
        off=$((off + 8 + len))
    done
}

# exec_in CID CMD...: runs CMD in the running container CID, prints its
# stdout and stderr and returns its exit code. No TTY: through one, psql
# would start a pager and wait for a key.
exec_in() {
    local cid="$1" eid raw code="" cmd_json word
    shift
    # Each word goes to jq as the value of --arg: given as plain arguments,
    # jq would take words such as -h for its own options.
    cmd_json='[]'
    for word in "$@"; do
        cmd_json="$(jq -c --arg w "${word}" '. + [$w]' <<<"${cmd_json}")"
    done
    eid="$(api POST "/containers/${cid}/exec" -H 'Content-Type: application/json' \
        -d "$(jq -cn --argjson c "${cmd_json}" '{AttachStdout: true, AttachStderr: true, Tty: false, Cmd: $c}')" \
        | jq -r .Id)" || return 125
    raw="$(mktemp)"
    if ! api POST "/exec/${eid}/start" -H 'Content-Type: application/json' \
        -d '{"Detach": false, "Tty": false}' --max-time 60 >"${raw}"; then
        rm -f "${raw}"
        return 125
    fi
    # The exit code is recorded when the process ends, just after its output.
    for _ in $(seq 1 50); do
        code="$(api GET "/exec/${eid}/json" | jq -r 'if .Running then "" else .ExitCode end')"
        [ -n "${code}" ] && break
        sleep 0.1
    done
    demux "${raw}"
    rm -f "${raw}"
    return "${code:-125}"
}

# wait_exit CID SECONDS: waits for CID to stop and prints its exit code.
wait_exit() {
    api POST "/containers/$1/wait" --max-time "$2" | jq -r .StatusCode
}

# logs CID: the container's output; the checks make TTY containers, whose logs
# come as one plain stream.
logs() {
    api GET "/containers/$1/logs?stdout=1&stderr=1" | tr -d '\r'
}

container_ip() {
    api GET "/containers/$1/json" | jq -r '.NetworkSettings.Networks | to_entries[0].value.IPAddress'
}

# stop_timed CID: stops CID with the engine's default grace of 10 s and prints
# how long that took, in milliseconds.
stop_timed() {
    local t0
    t0="$(now_ms)"
    api POST "/containers/$1/stop?t=10" --max-time 30 >/dev/null
    printf '%s\n' "$(($(now_ms) - t0))"
}

require_stand_in() {
    local ref="$1" label
    label="$(api GET "/images/$(urlencode "${ref}")/json" 2>/dev/null \
        | jq -r '.Config.Labels["dc.test.stand-in"] // empty')" || label=""
    if [ "${label}" = "true" ]; then
        pass "${ref} is present and labelled dc.test.stand-in=true"
    else
        fail "${ref} is missing or not a stand-in (run tests/images/build-all.sh)"
        return 1
    fi
}

check_busybox() {
    require_stand_in "${busybox_ref}" || return 0
    local cid code out
    cid="$(create_container "$(jq -cn --arg i "${busybox_ref}" '{Image: $i, Tty: true,
        Cmd: ["sh", "-c", "for a in sh echo cat sleep wget nc httpd ls env id ps grep sed awk; do command -v $a >/dev/null || echo missing: $a; done; echo uid=$(id -u); echo hello from busybox"]}')")"
    start_container "${cid}"
    code="$(wait_exit "${cid}" 30)"
    out="$(logs "${cid}")"
    if [ "${code}" = 0 ] && grep -q '^hello from busybox$' <<<"${out}" && grep -q '^uid=0$' <<<"${out}" \
        && ! grep -q '^missing:' <<<"${out}"; then
        pass "busybox runs sh and has the common applets"
    else
        fail "busybox: exit ${code}, output: ${out}"
    fi
}

# wait_pg_ready CID USER DB SECONDS: polls pg_isready over TCP inside the
# container until the server accepts connections or the deadline passes. TCP,
# because during the first start's setup the server listens on its socket only.
wait_pg_ready() {
    local cid="$1" user="$2" db="$3" deadline
    deadline=$(($(now) + $4))
    while [ "$(now)" -lt "${deadline}" ]; do
        if exec_in "${cid}" pg_isready -h 127.0.0.1 -U "${user}" -d "${db}" >/dev/null 2>&1; then
            return 0
        fi
        if [ "$(api GET "/containers/${cid}/json" | jq -r .State.Running)" != true ]; then
            return 1
        fi
        sleep 0.5
    done
    return 1
}

# Uploads the init files into the container, before its first start, through
# the archive API: a SQL file and a shell script that both leave a trace.
put_init_files() {
    local cid="$1" dir
    dir="$(mktemp -d)"
    mkdir -p "${dir}/docker-entrypoint-initdb.d"
    cat >"${dir}/docker-entrypoint-initdb.d/10-table.sql" <<'SQL'
CREATE TABLE check_init (answer integer);
INSERT INTO check_init VALUES (42);
SQL
    cat >"${dir}/docker-entrypoint-initdb.d/20-script.sh" <<'SH'
#!/bin/sh
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -c "CREATE TABLE check_script (ran boolean); INSERT INTO check_script VALUES (true);"
SH
    chmod 755 "${dir}/docker-entrypoint-initdb.d/20-script.sh"
    tar --numeric-owner --owner=0 --group=0 -C "${dir}" -cf - docker-entrypoint-initdb.d \
        | api PUT "/containers/${cid}/archive?path=/" -H 'Content-Type: application/x-tar' \
            --data-binary @- >/dev/null
    rm -rf "${dir}"
}

check_postgres() {
    require_stand_in "${postgres_ref}" || return 0
    local user=checker password='s3cret pass' db=checkdb cid out ms ip code
    cid="$(create_container "$(jq -cn --arg i "${postgres_ref}" --arg u "${user}" --arg p "${password}" --arg d "${db}" \
        '{Image: $i, Tty: true, Env: ["POSTGRES_USER=\($u)", "POSTGRES_PASSWORD=\($p)", "POSTGRES_DB=\($d)"]}')")"
    put_init_files "${cid}"
    start_container "${cid}"
    if wait_pg_ready "${cid}" "${user}" "${db}" 90; then
        pass "postgres:16 accepts connections (pg_isready over TCP)"
    else
        fail "postgres:16 never became ready; logs: $(logs "${cid}" | tail -n 30)"
        return 0
    fi

    # The form of the example compose file's healthcheck (CMD-SHELL).
    if exec_in "${cid}" sh -c "pg_isready -U ${user} -d ${db}" >/dev/null; then
        pass "sh -c 'pg_isready -U ${user} -d ${db}' succeeds (the healthcheck's form)"
    else
        fail "sh -c pg_isready failed"
    fi

    out="$(exec_in "${cid}" psql -U "${user}" -d "${db}" -tA -c 'select 1')" || true
    if [ "${out}" = 1 ]; then pass "psql -U ${user} -d ${db} -c 'select 1' answers 1"; else fail "select 1 gave: ${out}"; fi

    out="$(exec_in "${cid}" psql -U "${user}" -d "${db}" -tA -c \
        'select answer from check_init; select ran from check_script;')" || true
    if [ "${out}" = $'42\nt' ]; then
        pass "init files ran on first start (.sql and .sh)"
    else
        fail "init files: ${out}"
    fi

    out="$(exec_in "${cid}" psql -U "${user}" -d "${db}" -tA -c 'show listen_addresses; show jit;')" || true
    if [ "${out}" = $'*\noff' ]; then pass "listens on every address, JIT off"; else fail "settings: ${out}"; fi

    # A connection to the container's own address is not local, so the
    # password is checked; the packets stay inside the container.
    ip="$(container_ip "${cid}")"
    out="$(exec_in "${cid}" env PGPASSWORD="${password}" psql -h "${ip}" -U "${user}" -d "${db}" -tA \
        -c 'select current_user')" || true
    if [ "${out}" = "${user}" ]; then pass "password login over TCP to ${ip}:5432"; else fail "password login: ${out}"; fi
    code=0
    out="$(exec_in "${cid}" env PGPASSWORD=wrong psql -h "${ip}" -U "${user}" -d "${db}" -tA -c 'select 1')" || code=$?
    if [ "${code}" -ne 0 ] && grep -q 'password authentication failed' <<<"${out}"; then
        pass "a wrong password is refused over TCP"
    else
        fail "wrong password: exit ${code}, ${out}"
    fi

    # PID 1 must be the server itself, as postgres, for signals to reach it.
    # shellcheck disable=SC2016
    out="$(exec_in "${cid}" sh -c 'echo "$(cat /proc/1/comm) $(stat -c %U /proc/1)"')" || true
    if [ "${out}" = "postgres postgres" ]; then
        pass "PID 1 is the server, running as postgres"
    else
        fail "PID 1: ${out}"
    fi

    ms="$(stop_timed "${cid}")"
    code="$(api GET "/containers/${cid}/json" | jq -r .State.ExitCode)"
    if [ "${ms}" -lt 5000 ] && [ "${code}" = 0 ]; then
        pass "stop (image's signal, SIGINT) took ${ms} ms, exit 0"
    else
        fail "stop took ${ms} ms, exit ${code}"
    fi

    # The second start finds the database and skips the initialization.
    start_container "${cid}"
    if wait_pg_ready "${cid}" "${user}" "${db}" 60; then
        out="$(exec_in "${cid}" psql -U "${user}" -d "${db}" -tA -c 'select answer from check_init')" || true
        if [ "${out}" = 42 ] && logs "${cid}" | grep -q 'skipping initialization'; then
            pass "a restart keeps the data and skips the initialization"
        else
            fail "restart: ${out}"
        fi
    else
        fail "postgres:16 did not come back after a restart"
    fi

    # SIGTERM, which `docker kill -s TERM` or an orchestrator may send, stops
    # the server too (PostgreSQL's smart shutdown, with no client connected).
    local t0
    t0="$(now_ms)"
    api POST "/containers/${cid}/kill?signal=SIGTERM" >/dev/null
    code="$(wait_exit "${cid}" 30)"
    ms="$(($(now_ms) - t0))"
    if [ "${ms}" -lt 5000 ] && [ "${code}" = 0 ]; then
        pass "SIGTERM stopped the server in ${ms} ms, exit 0"
    else
        fail "SIGTERM: ${ms} ms, exit ${code}"
    fi

    api DELETE "/containers/${cid}?v=1" >/dev/null && pass "removed the postgres container and its volume"

    # With POSTGRES_PASSWORD alone, the user and the database are postgres.
    cid="$(create_container "$(jq -cn --arg i "${postgres_ref}" \
        '{Image: $i, Tty: true, Env: ["POSTGRES_PASSWORD=only"]}')")"
    start_container "${cid}"
    if wait_pg_ready "${cid}" postgres postgres 90; then
        out="$(exec_in "${cid}" psql -U postgres -d postgres -tA -c 'select current_user, current_database()')" || true
        if [ "${out}" = "postgres|postgres" ]; then
            pass "POSTGRES_USER and POSTGRES_DB default to postgres"
        else
            fail "defaults: ${out}"
        fi
    else
        fail "postgres:16 with only POSTGRES_PASSWORD never became ready; logs: $(logs "${cid}" | tail -n 20)"
    fi
    api DELETE "/containers/${cid}?force=1&v=1" >/dev/null

    # Without a password the first start refuses, as the official image does.
    cid="$(create_container "$(jq -cn --arg i "${postgres_ref}" '{Image: $i, Tty: true}')")"
    start_container "${cid}"
    code="$(wait_exit "${cid}" 30)"
    if [ "${code}" != 0 ] && logs "${cid}" | grep -q 'POSTGRES_PASSWORD is not set'; then
        pass "no POSTGRES_PASSWORD: refuses to initialize (exit ${code})"
    else
        fail "no POSTGRES_PASSWORD: exit ${code}"
    fi
}

check_web() {
    require_stand_in "${web_ref}" || return 0
    require_stand_in "${busybox_ref}" || return 0
    local email='student+check@example.com' cid port out ms deadline ip client code
    cid="$(create_container "$(jq -cn --arg i "${web_ref}" --arg e "${email}" '{Image: $i, Tty: true,
        Env: ["PGADMIN_DEFAULT_EMAIL=\($e)", "PGADMIN_DEFAULT_PASSWORD=unused"],
        ExposedPorts: {"80/tcp": {}},
        HostConfig: {PortBindings: {"80/tcp": [{HostIp: "127.0.0.1", HostPort: ""}]}}}')")"
    start_container "${cid}"
    port="$(api GET "/containers/${cid}/json" | jq -r '.NetworkSettings.Ports["80/tcp"][0].HostPort')"

    # From the host, through the published port on the loopback address.
    deadline=$(($(now) + 30))
    out=""
    while [ "$(now)" -lt "${deadline}" ]; do
        out="$(curl -fsS --max-time 5 "http://127.0.0.1:${port}/" 2>/dev/null)" && break
        sleep 0.2
    done
    if grep -qF "${email}" <<<"${out}"; then
        pass "the page on 127.0.0.1:${port} names PGADMIN_DEFAULT_EMAIL"
    else
        fail "page from the host: ${out}"
    fi

    # From another container, by the web container's address.
    ip="$(container_ip "${cid}")"
    client="$(create_container "$(jq -cn --arg i "${busybox_ref}" --arg u "http://${ip}/misc/ping" \
        '{Image: $i, Tty: true, Cmd: ["wget", "-qO-", $u]}')")"
    start_container "${client}"
    code="$(wait_exit "${client}" 30)"
    out="$(logs "${client}")"
    if [ "${code}" = 0 ] && [ "${out}" = PING ]; then
        pass "busybox wget -qO- http://${ip}/misc/ping answers PING"
    else
        fail "wget from a busybox container: exit ${code}, ${out}"
    fi

    ms="$(stop_timed "${cid}")"
    if [ "${ms}" -lt 5000 ]; then pass "web stand-in stopped in ${ms} ms"; else fail "web stop took ${ms} ms"; fi
}

main() {
    local arg
    for arg in "$@"; do
        case "${arg}" in
            --build) "${images_dir}/build-all.sh" ;;
            -h | --help)
                printf 'usage: %s [--build]\n' "$0"
                return 0
                ;;
            *) die "unknown argument: ${arg} (usage: $0 [--build])" ;;
        esac
    done
    become_root "$@"
    require_commands curl jq tar
    require_engine
    trap cleanup EXIT

    check_busybox
    check_postgres
    check_web

    printf 'images: %s passed, %s failed\n' "${passed}" "${failed}"
    [ "${failed}" -eq 0 ]
}

main "$@"
