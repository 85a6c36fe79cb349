#!/usr/bin/env bash
# The full-size half of the byte-identity check of issue 13 (the small half is GoldenFilesTest, a unit test):
# runs the two commands that wrote src/test/resources/golden/{mbpo,sac}-pendulum/progress.csv before the
# refactor and compares what they write now, bit for bit (SAC's former wall_s column left out, as wall
# time differs from run to run). About 5 minutes on two cores.
#
#   scripts/golden-check.sh [OUT_DIR]
#
# MBPO_CMD replaces the launcher (e.g. MBPO_CMD="java -jar /work/jars/mbpo-main-5c6cb54.jar" for a fixed jar).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
golden="$root/src/test/resources/golden"
out=${1:-$(mktemp -d /tmp/mbpo-golden.XXXXXX)}
mbpo=${MBPO_CMD:-"$root/mbpo"}
# Without wall_s: the column named wall_s, wherever it is, is dropped.
drop_wall() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "wall_s") c = i }
  { line = ""; sep = ""; for (i = 1; i <= NF; i++) if (i != c) { line = line sep $i; sep = "," } print line }' "$1"; }
status=0
$mbpo train --steps 1000 --seed 1 --threads 2 --out "$out/mbpo-pendulum" >/dev/null
if cmp -s "$golden/mbpo-pendulum/progress.csv" "$out/mbpo-pendulum/progress.csv"; then
  echo "MBPO Pendulum-v1 progress.csv: identical"
else
  echo "MBPO Pendulum-v1 progress.csv: DIFFERS"; diff "$golden/mbpo-pendulum/progress.csv" "$out/mbpo-pendulum/progress.csv" || true
  status=1
fi
$mbpo train --algo sac --env Pendulum-v1 --steps 3000 --seed 1 --eval-every 1000 --set learning_starts=1000 --threads 1 \
  --out "$out/sac-pendulum" >/dev/null
if diff <(drop_wall "$golden/sac-pendulum/progress.csv") <(drop_wall "$out/sac-pendulum/progress.csv") >/dev/null; then
  echo "SAC Pendulum-v1 progress.csv (without wall_s): identical"
else
  echo "SAC Pendulum-v1 progress.csv: DIFFERS"
  diff <(drop_wall "$golden/sac-pendulum/progress.csv") <(drop_wall "$out/sac-pendulum/progress.csv") || true
  status=1
fi
echo "runs in $out"
exit $status
