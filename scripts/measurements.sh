#!/usr/bin/env bash
# The paper's measurements as stored in data/measurements/ (issue 7; experiments, not CI tests):
#   shift/Pendulum-v1-seed1          ./mbpo experiment shift, defaults (π_D after 2,000 SAC steps, mid-learning)
#   shift/Pendulum-v1-late-seed1     the same with π_D after 10,000 steps (a converged π_D)
#   shift/Hopper-v4-seed1            π_D after 15,000 steps, sizes 2,000 / 5,000 / 15,000, 15,000 shift steps
#   shift/Hopper-v4-near-seed1       the same with the first policy measured after 1 SAC update instead of 50, so that
#                                    the fit at ε_π = 0 has policies near π_D (50 updates already moved it to TV 0.53)
#   shift/Hopper-v4-near-seed2       the same, seed 2
#   exploitation/Pendulum-v1-seed1   ./mbpo experiment exploitation, defaults (15,000 steps, measured every 1,000)
#   exploitation/Hopper-v4-seed1     15,000 SAC steps, measured every 2,500
# Each writes its own directory; one that already holds result.json is skipped, so an interrupted run
# of this script picks up where it stopped (a half-written directory is moved aside to NAME.partial-TIME).
#
#   scripts/measurements.sh [OUT_DIR] [NAME...]      (OUT_DIR default runs/measurements; NAMEs: a subset)
#
# About an hour on two shared cores. MBPO_CMD replaces the launcher (e.g.
# MBPO_CMD="java -jar /tmp/mbpo.jar" to run a fixed jar while the sources change).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-runs/measurements}
shift || true
cmd=${MBPO_CMD:-"$root/mbpo"}

declare -A runs=(
  [shift/Pendulum-v1-seed1]="experiment shift --env Pendulum-v1 --seed 1"
  [shift/Pendulum-v1-late-seed1]="experiment shift --env Pendulum-v1 --seed 1 --set pretrain_steps=10000"
  [shift/Hopper-v4-seed1]="experiment shift --env Hopper-v4 --seed 1 --sizes 2000,5000,15000 --set pretrain_steps=15000
      --set learning_starts=5000 --set shift_steps=15000 --set first_checkpoint=50 --set model.max_epochs=200"
  [shift/Hopper-v4-near-seed1]="experiment shift --env Hopper-v4 --seed 1 --sizes 2000,5000,15000 --set pretrain_steps=15000
      --set learning_starts=5000 --set shift_steps=15000 --set first_checkpoint=1 --set model.max_epochs=200"
  [shift/Hopper-v4-near-seed2]="experiment shift --env Hopper-v4 --seed 2 --sizes 2000,5000,15000 --set pretrain_steps=15000
      --set learning_starts=5000 --set shift_steps=15000 --set first_checkpoint=1 --set model.max_epochs=200"
  [exploitation/Pendulum-v1-seed1]="experiment exploitation --env Pendulum-v1 --seed 1"
  [exploitation/Hopper-v4-seed1]="experiment exploitation --env Hopper-v4 --seed 1 --set steps=15000 --set every=2500
      --set learning_starts=5000"
)
order=(shift/Pendulum-v1-seed1 exploitation/Pendulum-v1-seed1 shift/Hopper-v4-seed1 exploitation/Hopper-v4-seed1
       shift/Pendulum-v1-late-seed1 shift/Hopper-v4-near-seed1 shift/Hopper-v4-near-seed2)
[ $# -gt 0 ] && order=("$@")
for name in "${order[@]}"; do
  [ -n "${runs[$name]:-}" ] || { echo "measurements: unknown run '$name'; known: ${!runs[*]}" >&2; exit 2; }
  dir="$out/$name"
  if [ -f "$dir/result.json" ]; then
    echo "measurements: $name done, skipped"
    continue
  fi
  if [ -d "$dir" ]; then
    mv "$dir" "$dir.partial-$(date +%Y%m%d-%H%M%S)"
  fi
  mkdir -p "$(dirname "$dir")"
  echo "measurements: $name"
  # shellcheck disable=SC2086
  $cmd ${runs[$name]} --out "$dir" > "$dir.log" 2>&1 || { echo "measurements: $name failed (see $dir.log)" >&2; exit 1; }
  tail -n 6 "$dir.log"
done
