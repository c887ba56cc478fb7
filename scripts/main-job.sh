#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds dc, and runs the main
# job: the course's PostgreSQL + pgAdmin stack (examples/postgres-pgadmin) on the
# stand-in images that tests/images/ builds (no registry is needed). It brings
# the stack up with `dc up --wait`, lists it, writes a table with psql through
# `dc exec`, reads it back after a `dc down` and the next `dc up` (the data lives
# in a named volume), and removes everything with `dc down -v`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
scripts/build.sh build
tests/images/build-all.sh

dc=(build/cli/dc -p dc-main-job -f examples/postgres-pgadmin/compose.yaml)
psql=("${dc[@]}" exec -T postgres psql -U student -d bigdata -tAc)
trap '"${dc[@]}" down -v >/dev/null 2>&1 || true' EXIT

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
