#!/usr/bin/env bash
# SAC's learning checks (issue 4; a benchmark, not a CI test): three seeds each of
#   Pendulum-v1          mean evaluation return >= -200 at 20,000 steps (rl-baselines3-zoo: -157)
#   InvertedPendulum-v4  mean evaluation return >=  950 at 20,000 steps
# with the default settings (SacConfig.defaults(), SacRunConfig.defaults()). Each run writes its own
# directory (config.json, progress.csv, timing.csv, learning-curve.png, checkpoint.bin, result.json) under OUT_DIR; the script
# prints the final return of each, the first step at which it met the bar, and PASS or FAIL.
#
#   scripts/sac-learning.sh [OUT_DIR] [--threads 1|2]      (about 15 minutes on two cores)
#
# MBPO_CMD replaces the launcher (e.g. MBPO_CMD="java -jar /tmp/mbpo.jar" to run a fixed jar while
# the sources change).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-runs/sac-learning-$(date +%Y%m%d-%H%M%S)}
shift || true
status=0
for spec in "Pendulum-v1 -200" "InvertedPendulum-v4 950"; do
  read -r env bar <<<"$spec"
  for seed in 1 2 3; do
    dir="$out/$env-seed$seed"
    ${MBPO_CMD:-"$root/mbpo"} train --algo sac --env "$env" --steps 20000 --seed "$seed" --out "$dir" "$@" >/dev/null
    awk -F, -v env="$env" -v seed="$seed" -v bar="$bar" '
      NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "step") s = i; if ($i == "eval_return") r = i } next }
      { last = $r; step = $s; if (first == "" && $r >= bar) first = $s }
      END {
        ok = (last >= bar) ? "PASS" : "FAIL"
        printf "%-20s seed %d: eval return %8.1f at step %d (bar %s, first met at step %s) %s\n", env, seed, last, step, bar, (first == "" ? "-" : first), ok
        exit (ok == "PASS" ? 0 : 1)
      }' "$dir/progress.csv" || status=1
  done
done
exit $status
