#!/usr/bin/env bash
# The integration suite once per storage backend, the two runs side by side: most of their time
# is spent waiting on the servers their tests start, and each still runs its files one at a time.
set -uo pipefail
vitest run --project integration:sqlite --no-file-parallelism &
sqlite=$!
vitest run --project integration:postgres --no-file-parallelism &
postgres=$!
wait "$sqlite"
sqlite_status=$?
wait "$postgres"
postgres_status=$?
echo "integration: SQLite exited $sqlite_status, PostgreSQL exited $postgres_status"
exit $((sqlite_status || postgres_status))
