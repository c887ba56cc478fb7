#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds dc, and runs the main
# job: the course's PostgreSQL + pgAdmin stack (examples/postgres-pgadmin) on the
# stand-in images that tests/images/ builds (no registry is needed). It brings
# the stack up with `dc up --wait`, lists it, writes a table with psql through
# `dc exec`, reads it back after a `dc down` and the next `dc up` (the data lives
# in a named volume), and removes everything with `dc down -v`. Then PostgreSQL +
# Spark: `dc spark up --with-postgres` (a master, two workers and PostgreSQL on
# the apache/spark stand-in), a job that writes a table over JDBC and reads it
# back (examples/spark/jobs/jdbc_marks.py) with its result printed and its exit
# code checked, and `dc spark down -v`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
scripts/build.sh build
tests/images/build-all.sh

dc=(build/cli/dc -p dc-main-job -f examples/postgres-pgadmin/compose.yaml)
psql=("${dc[@]}" exec -T postgres psql -U student -d bigdata -tAc)
spark=(build/cli/dc -p dc-main-spark spark)
driver_log="$(mktemp)"  # Spark's own log lines, shown only when the job fails.
cleanup() {
    rm -f "${driver_log}"
    "${dc[@]}" down -v >/dev/null 2>&1 || true
    "${spark[@]}" down -v >/dev/null 2>&1 || true
}
trap cleanup EXIT

"${dc[@]}" config --services
"${dc[@]}" up --wait
"${dc[@]}" ps
"${psql[@]}" "CREATE TABLE IF NOT EXISTS marks (student text, mark int);
              INSERT INTO marks VALUES ('ada', 20), ('alan', 19);"
"${dc[@]}" down
"${dc[@]}" up --wait
echo "after down and up again, the table holds:"
"${psql[@]}" "SELECT student, mark FROM marks ORDER BY student;"
"${dc[@]}" down -v

echo "PostgreSQL + Spark:"
"${spark[@]}" up --workers 2 --with-postgres
"${spark[@]}" submit examples/spark/jobs/jdbc_marks.py 2>"${driver_log}" ||
    { tail -n 30 "${driver_log}" >&2; exit 1; }
"${spark[@]}" status
"${spark[@]}" down -v
