#!/usr/bin/env bash
# The integration suite once per storage backend, the two runs side by side: most of their time
# is spent waiting on the servers their tests start, and each still runs its files one at a time.
# Reading every shared document runs as a third, beside them: its readers take only the cores the
# other two leave idle.
set -uo pipefail
lanes=(integration:sqlite integration:postgres integration:shared-data)
pids=()
for lane in "${lanes[@]}"; do
  vitest run --project "$lane" --no-file-parallelism &
  pids+=($!)
done
status=0
for i in "${!lanes[@]}"; do
  wait "${pids[$i]}"
  lane_status=$?
  echo "${lanes[$i]} exited $lane_status"
  status=$((status || lane_status))
done
exit "$status"
