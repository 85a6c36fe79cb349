#!/usr/bin/env bash
# The Hopper-v4 runs at the paper's budget (issue 11): MBPO with the `hopper` preset to 125,000 real
# steps (seed 1) and SAC with its defaults to 300,000 steps (seeds 1-3), in data/mbpo/paper-budget/.
# They outlive a working session, so this script starts what has not started and resumes what was
# interrupted, from a fixed copy of the jar (a rebuild must not replace classes under a running JVM):
#
#   scripts/hopper-paper-budget.sh start mbpo      # MBPO: start, or resume from its checkpoint.bin
#   scripts/hopper-paper-budget.sh start sac       # SAC seeds 1-3, one after another (each resumes if it can)
#   scripts/hopper-paper-budget.sh stop            # SIGTERM every run of this script (a checkpoint is kept)
#   scripts/hopper-paper-budget.sh status          # one line per run: last step, last return
#   scripts/hopper-paper-budget.sh set-aside       # after a lost machine: move every unfinished run without its
#                                                  # checkpoint.bin to data/mbpo/interrupted/NAME-COMMIT/, as it was
#
# JAR (default runs/jars/mbpo-COMMIT.jar, copied from target/mbpo.jar on first use) fixes the classes;
# a run must be continued by the jar that started it (its config.json names the commit), since later
# speed work may change the floating-point results. THREADS (default 1) is the run's thread count; it
# changes no number. Every run holds a shared lock on /tmp/mbpo-bench.lock, so a benchmark that takes
# it exclusively (flock /tmp/mbpo-bench.lock ./mbpo bench ...) waits until the runs are stopped.
# Logs go to runs/paper-budget-logs/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=data/mbpo/paper-budget
lost=data/mbpo/interrupted
logs=runs/paper-budget-logs
mkdir -p "$out" "$logs" runs/jars

jar_for_head() {
  local commit
  commit=$(git rev-parse --short HEAD)
  echo "runs/jars/mbpo-$commit.jar"
}

recorded() { # DIR KEY: a string field of DIR/config.json, or nothing
  [ -f "$1/config.json" ] && sed -n 's/.*"'"$2"'" : "\([^"]*\)".*/\1/p' "$1/config.json" | head -1
}

started_with() { # DIR: the jar a started run used, as this script recorded it, else the one its config.json's commit names
  local name
  name=$(basename "$1")
  if [ -f "$logs/$name.jar" ]; then cat "$logs/$name.jar"; else echo "runs/jars/mbpo-$(recorded "$1" git_commit | cut -c1-7).jar"; fi
}

java_cmd() { # JAR DIR
  # The launcher's settings (headless charts, the Vector API) and OpenBLAS's kernels. A resumed run gets the
  # kernels it started with (its config.json records them): other kernels round differently, and the resume would
  # no longer be the uninterrupted run. A fresh run gets Haswell's (AVX2 and FMA), which every machine these runs
  # may continue on has, even where AVX-512 would be faster. OPENBLAS_CORETYPE, set by the caller, overrides both.
  local coretype=${OPENBLAS_CORETYPE:-}
  if [ -z "$coretype" ]; then
    coretype=$(recorded "$2" OPENBLAS_CORETYPE)
    [ "$coretype" = "(unset)" ] && coretype=
  fi
  if [ -z "$coretype" ] && [ ! -f "$2/config.json" ]; then
    local flags
    flags=" $(grep -m1 '^flags' /proc/cpuinfo) "
    case "$flags" in *" avx2 "*) case "$flags" in *" fma "*) coretype=Haswell ;; esac ;; esac
  fi
  echo "env OPENBLAS_CORETYPE=$coretype java -Xmx12g -Djava.awt.headless=true --add-modules jdk.incubator.vector -Dmbpo.root=$root -jar $1"
}

run_one() { # DIR, then the train arguments for a fresh start
  local dir=$1; shift
  local jar=${JAR:-}
  if [ -f "$dir/result.json" ]; then echo "$dir: finished"; return 0; fi
  local name
  name=$(basename "$dir")
  if [ -z "$jar" ]; then
    # The recorded jar first: config.json's git_commit is the checkout's HEAD when the run started, which is not the
    # jar's commit when the jar was copied earlier (SAC seeds 2-3 use seed 1's).
    if [ -f "$dir/config.json" ]; then
      jar=$(started_with "$dir")
    elif [ -n "${FIRST_JAR:-}" ]; then
      jar=$FIRST_JAR  # a later SAC seed: the first seed's jar, so all three are the same code
    else
      jar=$(jar_for_head)
    fi
  fi
  if [ ! -f "$jar" ]; then
    if [ "$jar" = "$(jar_for_head)" ] && [ -z "$(git status --porcelain -- src pom.xml)" ]; then
      ./mbpo --version >/dev/null   # builds target/mbpo.jar from this checkout when needed
      cp target/mbpo.jar "$jar"
    else
      echo "$dir: needs $jar (build the commit its config.json names: git worktree add /tmp/w COMMIT; cd /tmp/w; mvn -q -DskipTests package)" >&2
      return 2
    fi
  fi
  local cmd
  cmd=$(java_cmd "$jar" "$dir")
  if [ -f "$dir/checkpoint.bin" ]; then
    echo "$dir: resuming with $jar"
    flock -s /tmp/mbpo-bench.lock $cmd train --resume "$dir" --threads "${THREADS:-1}" >>"$logs/$name.log" 2>&1
  else
    if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
      echo "$dir: holds a run without a checkpoint or result (lost with its machine?): '$0 set-aside' moves it to $lost/, then start it again" >&2
      return 2
    fi
    echo "$dir: starting with $jar"
    echo "$jar" > "$logs/$name.jar"
    flock -s /tmp/mbpo-bench.lock $cmd train "$@" --threads "${THREADS:-1}" --out "$dir" >>"$logs/$name.log" 2>&1
  fi
}

case "${1:-}" in
  start)
    case "${2:-}" in
      mbpo) run_one "$out/mbpo-Hopper-v4-seed1" --preset hopper --steps 125000 --seed 1 ;;
      sac)
        first=$out/sac-Hopper-v4-seed1
        for seed in 1 2 3; do
          run_one "$out/sac-Hopper-v4-seed$seed" --algo sac --env Hopper-v4 --steps 300000 --seed "$seed" --eval-every 1000 || exit $?
          [ -f "$first/config.json" ] && export FIRST_JAR=$(started_with "$first")
        done ;;
      *) echo "usage: $0 start mbpo|sac" >&2; exit 2 ;;
    esac ;;
  stop)
    pkill -TERM -f -- "--out $root/$out/|--out $out/|--resume $out/" || true ;;
  set-aside)
    # A run is never continued from another run's state nor spliced: one whose checkpoint is gone is kept, as it was,
    # under the commit of the jar that made it (config.json's jar_commit, else the checkout's), out of the table.
    moved=0
    for dir in "$out"/*/; do
      dir=${dir%/}
      [ -f "$dir/config.json" ] && [ ! -f "$dir/checkpoint.bin" ] && [ ! -f "$dir/result.json" ] || continue
      commit=$(recorded "$dir" jar_commit)
      [ -n "$commit" ] || commit=$(recorded "$dir" git_commit)
      name=$(basename "$dir")
      dest=$lost/$name-${commit:0:7}
      if [ -e "$dest" ]; then echo "$dir: $dest exists already; move it by hand" >&2; exit 2; fi
      mkdir -p "$lost"
      if git ls-files --error-unmatch "$dir" >/dev/null 2>&1; then git mv "$dir" "$dest"; else mv "$dir" "$dest"; fi
      rm -f "$logs/$name.jar"
      echo "$dir: no checkpoint.bin; moved to $dest (say so in data/mbpo/README.md, then start it again)"
      moved=$((moved + 1))
    done
    [ "$moved" -gt 0 ] || echo "every unfinished run has its checkpoint.bin: nothing to set aside" ;;
  status)
    for dir in "$out"/*/; do
      [ -f "$dir/progress.csv" ] || { echo "$dir: no progress yet"; continue; }
      awk -F, -v run="$(basename "$dir")" '
        NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "step") s = i; if ($i == "eval_return") r = i } next }
        { step = $s; last = $r; if ($r > best) best = $r }
        END { printf "%-24s step %7d  eval return %8.1f  best %8.1f\n", run, step, last, best }' "$dir/progress.csv"
    done ;;
  *) echo "usage: $0 start mbpo|sac | stop | status | set-aside" >&2; exit 2 ;;
esac
