#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds dc, and runs the main
# job: the course's PostgreSQL + pgAdmin stack, resolved by `dc config`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
scripts/build.sh build
build/cli/dc -f examples/postgres-pgadmin/compose.yaml config
