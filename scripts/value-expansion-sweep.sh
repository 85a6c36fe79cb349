#!/usr/bin/env bash
# Runs (and resumes) the stored value-expansion sweep, sweeps/value-expansion.json, into
# data/ablations/value-expansion/, one cell at a time, on a machine whose cores other long runs share:
#
#   JAR=/work/jars/mbpo-ve-COMMIT.jar ROOT=DIR scripts/value-expansion-sweep.sh    # in the background: nohup ... &
#
# Cells run one by one with `./mbpo sweep ... --cell I` (each finished cell is skipped, an interrupted one
# resumed from its checkpoint), in an order that answers the learning check first: MVE and STEVE on
# InvertedPendulum-v4 seed by seed, then SAC at MBPO's update ratio and MBPO there, then the same on Pendulum-v1.
# Then `--collect` writes summary.csv, settings.csv and curves.png, and scripts/value-expansion-table.sh the
# README's table.
#
# JAR fixes the classes (a copy of target/mbpo.jar: a rebuild must not change them under a running cell).
# ROOT (default: this checkout) is where each run's provenance reads `git rev-parse HEAD`: give a checkout of
# the jar's commit (git clone --shared --no-checkout . DIR && git -C DIR checkout --detach COMMIT) so that every
# cell's config.json names the jar's commit, however this checkout moves on. NICE (default 10) lowers the
# cells' priority. Each cell holds a shared lock on /tmp/mbpo-bench.lock, as the Hopper runs do, so a
# benchmark that takes it exclusively waits for the cell to end. Stop it with SIGTERM to the java process
# (the cell keeps a checkpoint); run this script again to go on.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
jar=${JAR:?set JAR to a fixed copy of target/mbpo.jar}
root=${ROOT:-$here}
spec=$here/sweeps/value-expansion.json
out=data/ablations/value-expansion
order=(0 3 1 4 2 5 6 9 7 10 8 11 12 15 13 16 14 17 18 21 19 22 20 23)

java_cmd=(nice -n "${NICE:-10}" flock -s /tmp/mbpo-bench.lock java -Djava.awt.headless=true
          --add-modules jdk.incubator.vector "-Dmbpo.root=$root" -jar "$jar")
mkdir -p "$out/logs"
for cell in "${order[@]}"; do
  log=$out/logs/$(awk -F, -v c="$cell" '$1 == c { sub(/^logs\//, "", $5); print $5 }' "$out/cells.csv")
  echo "$(date -u +%FT%TZ) cell $cell -> $log"
  "${java_cmd[@]}" sweep "$spec" --out "$out" --cell "$cell" >>"$log" 2>&1 || {
    rc=$?
    echo "$(date -u +%FT%TZ) cell $cell exited $rc (see $log)"
    if [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ]; then exit "$rc"; fi
  }
done
"${java_cmd[@]}" sweep "$spec" --out "$out" --collect
./scripts/value-expansion-table.sh
