#!/usr/bin/env bash
# Runs (and resumes) the stored value-expansion sweep, sweeps/value-expansion.json, into
# data/ablations/value-expansion/, then its Hopper-v4 part, sweeps/value-expansion-hopper.json, into
# data/ablations/value-expansion-hopper/, one cell at a time, on a machine whose cores other long runs share:
#
#   JAR=/work/jars/mbpo-ve-COMMIT.jar ROOT=DIR scripts/value-expansion-sweep.sh    # in the background: nohup ... &
#
# Cells run one by one with `./mbpo sweep ... --cell I` (each finished cell is skipped, an interrupted one
# resumed from its checkpoint), in an order that answers the learning check first: MVE and STEVE on
# InvertedPendulum-v4 seed by seed, then SAC at MBPO's update ratio and MBPO there, then the same on Pendulum-v1;
# then Hopper-v4's four cells in their spec's order (cheapest first). After each sweep `--collect` writes its
# summary.csv, settings.csv and curves.png, and scripts/value-expansion-table.sh the README's tables.
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
java_cmd=(nice -n "${NICE:-10}" flock -s /tmp/mbpo-bench.lock java -Djava.awt.headless=true
          --add-modules jdk.incubator.vector "-Dmbpo.root=$root" -jar "$jar")
# run_sweep SPEC OUT CELL...: each cell in the order given, then --collect and the tables.
run_sweep() {
  local spec=$1 out=$2
  shift 2
  mkdir -p "$out/logs"
  for cell in "$@"; do
    # The cell's log, named as cells.csv names it (SETTING-seedN.log; cells are settings x seeds, seeds inner),
    # from the spec, since cells.csv is written only when the first cell starts.
    log=$out/logs/$(/usr/bin/python3 -c 'import json, sys
s = json.load(open(sys.argv[1])); i = int(sys.argv[2]); n = len(s["seeds"])
print("%s-seed%s.log" % (list(s["settings"])[i // n], s["seeds"][i % n]))' "$spec" "$cell")
    echo "$(date -u +%FT%TZ) cell $cell -> $log"
    "${java_cmd[@]}" sweep "$spec" --out "$out" --cell "$cell" >>"$log" 2>&1 || {
      rc=$?
      echo "$(date -u +%FT%TZ) cell $cell exited $rc (see $log)"
      if [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ]; then exit "$rc"; fi
    }
  done
  "${java_cmd[@]}" sweep "$spec" --out "$out" --collect
  ./scripts/value-expansion-table.sh
}
run_sweep "$here/sweeps/value-expansion.json" data/ablations/value-expansion \
  0 3 1 4 2 5 6 9 7 10 8 11 12 15 13 16 14 17 18 21 19 22 20 23
run_sweep "$here/sweeps/value-expansion-hopper.json" data/ablations/value-expansion-hopper 0 1 2 3
