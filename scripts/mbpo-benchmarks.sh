#!/usr/bin/env bash
# MBPO's benchmarks (issue 6; not CI tests). Each run writes a run directory (config.json with
# provenance, progress.csv, timing.csv, learning-curve.png, result.json, checkpoint.bin) under OUT_DIR.
#
#   scripts/mbpo-benchmarks.sh pendulum [OUT_DIR]          3 seeds, the pendulum preset (6,400 real steps)
#   scripts/mbpo-benchmarks.sh invertedpendulum [OUT_DIR]  3 seeds, the paper's preset, 5,000 real steps
#   scripts/mbpo-benchmarks.sh hopper [OUT_DIR] [STEPS]    seed 1 of MBPO (the paper's preset) and of SAC,
#                                                          STEPS real steps each (default 20,000)
#
# and prints, per run, the first step at which the evaluation return met the bar (Pendulum: SAC's mean
# return at 20,000 steps in data/sac/learning, -115.8; InvertedPendulum: 950). Runs go two at a time
# (PARALLEL=1 for one), one thread each. MBPO_CMD replaces the launcher (e.g. MBPO_CMD="java -jar
# /tmp/mbpo.jar" to run a fixed jar while the sources change). A run stopped halfway continues with
# MBPO_CMD train --resume DIR.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
what=${1:?usage: scripts/mbpo-benchmarks.sh pendulum|invertedpendulum|hopper [OUT_DIR] [STEPS]}
out=${2:-runs/mbpo-benchmarks-$(date +%Y%m%d-%H%M%S)}
cmd=${MBPO_CMD:-"$root/mbpo"}
mkdir -p "$out"

jobs=()
case "$what" in
  pendulum)
    bar=-115.8
    for seed in 1 2 3; do jobs+=("train --preset pendulum --seed $seed --threads 1 --out $out/mbpo-Pendulum-v1-seed$seed"); done ;;
  invertedpendulum)
    bar=950
    for seed in 1 2 3; do
      jobs+=("train --preset invertedpendulum --steps 5000 --seed $seed --threads 1 --out $out/mbpo-InvertedPendulum-v4-seed$seed")
    done ;;
  hopper)
    bar=3300
    steps=${3:-20000}
    jobs+=("train --preset hopper --steps $steps --seed 1 --threads 1 --out $out/mbpo-Hopper-v4-seed1")
    jobs+=("train --algo sac --env Hopper-v4 --steps $steps --seed 1 --threads 1 --out $out/sac-Hopper-v4-seed1") ;;
  *) echo "unknown benchmark '$what'" >&2; exit 2 ;;
esac

printf '%s\n' "${jobs[@]}" | xargs -P "${PARALLEL:-2}" -I{} sh -c "$cmd {} > /dev/null 2>&1 || echo 'failed: {}' >&2"

for dir in "$out"/*/; do
  [ -f "$dir/progress.csv" ] || continue
  awk -F, -v run="$(basename "$dir")" -v bar="$bar" '
    NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "step") s = i; if ($i == "eval_return") r = i } next }
    { last = $r; step = $s; if (first == "" && $r != "" && $r >= bar) first = $s }
    END { printf "%-34s eval return %8.1f at step %6d; bar %s first met at step %s\n", run, last, step, bar, (first == "" ? "-" : first) }
  ' "$dir/progress.csv"
done
