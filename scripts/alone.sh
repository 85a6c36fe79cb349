#!/usr/bin/env bash
# Runs a benchmark alone on the machine without ending the long runs: pauses every training JVM started from a jar
# ("java ... -jar ... train --resume ..." or "... train ... --out ...", and sweep cells), runs the command, then lets
# them go on where they were, also when the command fails or is interrupted:
#
#   scripts/alone.sh scripts/speed-ab.sh BEFORE.jar AFTER.jar OUT_DIR
#   scripts/alone.sh ./mbpo bench model
#
# SIGSTOP and SIGCONT lose nothing (no epoch is cut short, as stopping a run at SIGTERM cuts its last one); a paused
# run's wall clock goes on, so the epoch it was in shows the pause in timing.csv's wall times, and nothing else.
# The paused runs still hold their shared lock on /tmp/mbpo-bench.lock, so the command must not take that lock.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
pids=$(pgrep -f -- 'java .*-jar .* (train|sweep) ' | tr '\n' ' ' || true)
resume() {
  [ -z "$pids" ] || kill -CONT $pids 2>/dev/null || true
  echo "alone: continued ${pids:-nothing}" >&2
}
trap resume EXIT
if [ -n "$pids" ]; then
  kill -STOP $pids
  echo "alone: paused $pids" >&2
  sleep 2
fi
"$@"
