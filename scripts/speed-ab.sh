#!/usr/bin/env bash
# The A/B of issue 15: two jars on the same machine in the same run, alone on it.
#
#   flock /tmp/mbpo-bench.lock scripts/speed-ab.sh BEFORE.jar AFTER.jar [OUT_DIR]
#   scripts/speed-ab.sh --summary OUT_DIR      # the summary of a finished A/B again
#
# For each jar: ./mbpo bench sac and ./mbpo bench model --sizes hopper, each with the PyTorch peer
# (/usr/bin/python3 ../shared/bench/torch_peer.py) in the same run, then a short timed MBPO Hopper-v4 run
# (the hopper preset, 5,000 random steps and 2 epochs of 250 steps, --threads 2, seed 1). Then a summary:
# per hot operation each jar's median, its ratio to PyTorch, its GFLOP/s and fraction of the large sgemm
# (a jar without those columns gets them from the other jar's flop counts: both do the same products), the
# Hopper runs' costs per operation and their projections to a full 125,000-step run
# (scripts/mbpo-speed-projection.py --epochs 125 --epoch-length 1000 --model-epochs 15.2, the model epochs
# per training of the long one-thread run, data/mbpo/README.md), and whether the two Hopper runs wrote the
# same progress.csv (they must: the speed work keeps results bit for bit).
#
# About 5-13 minutes on a 2-vCPU machine. Stop the long training runs first (they resume exactly), or pause them
# for the A/B with scripts/alone.sh scripts/speed-ab.sh ... (without flock); every output is kept in OUT_DIR
# (default /tmp/speed-ab-TIME).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
summary() {
/usr/bin/python3 - "$1" "$root" <<'EOF'
import csv, re, subprocess, sys, os
out = sys.argv[1]
def read(name):
    with open(os.path.join(out, name)) as f:
        return f.read()
def sgemm(text):
    m = re.search(r"large sgemm .*?: ([\d.]+) GFLOP/s on 1 thread, ([\d.]+) on 2", text)
    return {1: float(m.group(1)), 2: float(m.group(2))} if m else None
rates = {s: sgemm(read(f"{s}-bench-sac.txt")) for s in ("before", "after")}
ref = rates["after"] or rates["before"]
print(f"large sgemm (2048², as the after jar measured it in its bench sac; the fractions below are of this): {ref[1]:.1f} GFLOP/s on 1 thread, {ref[2]:.1f} on 2")
# SAC: java rows (sizes, threads, median, GFLOP/s if printed) and the PyTorch medians.
def sac(text):
    rows, torch = {}, {}
    for line in text.splitlines():
        m = re.match(r"(\S+ \d+/\d+)\s+(java|pytorch)\s+(\d+)\s+([\d.]+)\s+[\d.]+\s+[\d.]+(?:\s+([\d.]+))?", line)
        if m:
            if m.group(2) == "java":
                rows[(m.group(1), int(m.group(3)))] = (float(m.group(4)), float(m.group(5)) if m.group(5) else None)
            else:
                torch[m.group(1)] = float(m.group(4))
    return rows, torch
b, bt = sac(read("before-bench-sac.txt"))
a, at = sac(read("after-bench-sac.txt"))
print("\nSAC update (batch 256): median ms, ratio to PyTorch's median in the same jar's run, GFLOP/s, of the sgemm")
print(f"{'size':18s}{'threads':>8s}{'before ms':>11s}{'after ms':>10s}{'after/before':>13s}{'ratio b':>9s}{'ratio a':>9s}"
      f"{'GFLOP/s b':>11s}{'GFLOP/s a':>11s}{'of sgemm b':>11s}{'of sgemm a':>11s}")
sac_gflop, model_gflop = {}, {}  # GFLOP per operation, for the bound at the end
for key in a:
    if key not in b:
        continue
    (mb, gb), (ma, ga) = b[key], a[key]
    gflop = (ga or gb or float("nan")) * (ma if ga else mb) / 1e3  # GFLOP per update, the same products in both
    sac_gflop[key] = gflop
    gb, ga = gflop / mb * 1e3, gflop / ma * 1e3
    t = key[1]
    print(f"{key[0]:18s}{t:8d}{mb:11.3f}{ma:10.3f}{ma / mb:13.2f}{mb / bt.get(key[0], float('nan')):9.2f}"
          f"{ma / at.get(key[0], float('nan')):9.2f}{gb:11.1f}{ga:11.1f}{gb / ref[t]:11.0%}{ga / ref[t]:11.0%}")
# Model: the training step's medians per setting, GFLOP/s rows, and the ratio column.
def model(text):
    lines = text.splitlines()
    i = next(k for k, l in enumerate(lines) if l.startswith("training step, ms"))
    head = lines[i + 1]
    settings = re.findall(r"java (\d+x\d+)", head)
    row = lines[i + 2]
    ms = [float(x) for x in re.findall(r"([\d.]+) \[", row)]
    torch = re.search(r"([\d.]+) \((\d)\)\s+([\d.]+)\s*$", row)
    g = [l for l in lines if l.startswith("Hopper") and "%)" in l]
    gf = [float(x) for x in re.findall(r"([\d.]+) \(\d+%\)", g[0])] if g else None
    roll = next((l for l in lines[i + 3:] if l.startswith("Hopper") and "[" not in l and "%)" not in l), "")
    return settings, ms, (float(torch.group(1)) if torch else float("nan")), gf, roll
sb, mb_, tb, gb_, rb = model(read("before-bench-model.txt"))
sa, ma_, ta, ga_, ra = model(read("after-bench-model.txt"))
print("\nensemble training step (7 members, 4x200, batch 256), Hopper sizes: median ms per JAVAxBLAS threads setting")
print(f"{'setting':10s}{'before ms':>11s}{'after ms':>10s}{'after/before':>13s}{'ratio b':>9s}{'ratio a':>9s}"
      f"{'GFLOP/s b':>11s}{'GFLOP/s a':>11s}{'of sgemm b':>11s}{'of sgemm a':>11s}")
for k, s in enumerate(sa):
    if s not in sb:
        continue
    x, y = mb_[sb.index(s)], ma_[k]
    gflop = (ga_[k] * y if ga_ else gb_[sb.index(s)] * x) / 1e3
    model_gflop[s] = gflop
    t = int(s.split("x")[0]) * int(s.split("x")[1])
    print(f"{s:10s}{x:11.2f}{y:10.2f}{y / x:13.2f}{x / tb:9.2f}{y / ta:9.2f}{gflop / x * 1e3:11.1f}{gflop / y * 1e3:11.1f}"
          f"{gflop / x * 1e3 / ref[t]:11.0%}{gflop / y * 1e3 / ref[t]:11.0%}")
print(f"(PyTorch's best median: before's run {tb:.2f} ms, after's {ta:.2f} ms)")
print("rollout step, states/s (settings as above, then PyTorch and the ratio):")
print("  before " + rb[20:].strip())
print("  after  " + ra[20:].strip())
print("\nMBPO Hopper-v4, 2 epochs of 250 steps on 2 threads (timing.csv per epoch: epoch_s, model_train_s, agent_s, rollout_s)")
for side in ("before", "after"):
    with open(os.path.join(out, f"{side}-hopper", "timing.csv")) as f:
        for r in csv.DictReader(f):
            print(f"  {side:6s} epoch {r['epoch']}: {r['epoch_s']} s, model {r['model_train_s']} s ({r['model_steps']} steps),"
                  f" SAC {r['agent_s']} s ({r['agent_updates']} updates), rollouts {r['rollout_s']} s")
same = read("before-hopper/progress.csv") == read("after-hopper/progress.csv")
print("  progress.csv of the two runs: " + ("identical" if same else "DIFFERENT (the change altered the numbers)"))
for side in ("before", "after"):
    print(f"\nprojection from the {side} jar's run (scripts/mbpo-speed-projection.py ... --epochs 125 --epoch-length 1000"
          " --model-epochs 15.2):")
    p = subprocess.run([sys.executable, os.path.join(sys.argv[2], "scripts/mbpo-speed-projection.py"),
                        os.path.join(out, f"{side}-hopper"), "--epochs", "125", "--epoch-length", "1000",
                        "--model-epochs", "15.2"], capture_output=True, text=True)
    print(p.stdout + p.stderr, end="")
# The bound: no implementation whose products run at most at the large sgemm's rate does better than this.
sg, mg = sac_gflop.get(("Hopper 11/3", 2)), model_gflop.get("2x1")
if sg and mg:
    sac_ms, step_ms = sg / ref[2] * 1e3, mg / ref[2] * 1e3
    print(f"\nbound: the after jar's run projected with every product of the SAC update ({sg:.3f} GFLOP) and of the model's"
          f" training step ({mg:.3f} GFLOP) at the two-thread large-sgemm rate ({ref[2]:.1f} GFLOP/s), the element-wise"
          " work, sampling and holdout evaluation in them taking no time, the other parts as measured:")
    p = subprocess.run([sys.executable, os.path.join(sys.argv[2], "scripts/mbpo-speed-projection.py"),
                        os.path.join(out, "after-hopper"), "--epochs", "125", "--epoch-length", "1000",
                        "--model-epochs", "15.2", "--sac-ms", f"{sac_ms:.3f}", "--model-step-ms", f"{step_ms:.3f}"],
                       capture_output=True, text=True)
    lines = (p.stdout + p.stderr).splitlines()
    first = next((i for i, l in enumerate(lines) if l.startswith("  projected")), 0)
    print("".join(l + "\n" for l in lines[first:]), end="")
EOF
}
if [ "${1:-}" = --summary ]; then
  summary "$2"
  exit
fi
if [ $# -lt 2 ] || [ ! -f "$1" ] || [ ! -f "$2" ]; then
  echo "usage: flock /tmp/mbpo-bench.lock $0 BEFORE.jar AFTER.jar [OUT_DIR] (both jars must exist)" >&2
  exit 2
fi
before=$1
after=$2
out=${3:-/tmp/speed-ab-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out"
peer="$root/../shared/bench/torch_peer.py"
[ -f "$peer" ] || { echo "$0: the PyTorch peer $peer is missing" >&2; exit 2; }
# As the launcher does: OpenBLAS's kernels named from the CPU's flags (its guess is wrong on some VMs).
if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  flags=" $(grep -m1 '^flags' /proc/cpuinfo) "
  case "$flags" in *" avx512f "*) export OPENBLAS_CORETYPE=SkylakeX ;; *" avx2 "*) export OPENBLAS_CORETYPE=Haswell ;; esac
fi
start=$(date +%s)
echo "speed A/B in $out; CPU: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) vCPUs;" \
  "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}; load $(cut -d' ' -f1-3 /proc/loadavg)"
mbpo() { java -Djava.awt.headless=true --add-modules jdk.incubator.vector -Dmbpo.root="$root" -jar "$@" \
  2> >(grep -v '^WARNING: Using incubator modules' >&2); }
for side in before after; do
  jar=${!side}
  echo "=== $side ($jar): bench sac"
  mbpo "$jar" bench sac --peer "$peer" | tee "$out/$side-bench-sac.txt"
  echo "=== $side: bench model --sizes hopper"
  mbpo "$jar" bench model --peer "$peer" --sizes hopper | tee "$out/$side-bench-model.txt"
  echo "=== $side: MBPO Hopper-v4, 5,000 random steps and 2 epochs of 250, 2 threads ($(( $(date +%s) - start )) s so far)"
  t0=$(date +%s)
  mbpo "$jar" train --preset hopper --steps 5500 --set epoch_length=250 --seed 1 --threads 2 --out "$out/$side-hopper" \
    | grep -v 'steps/s' | tee "$out/$side-hopper.txt"
  echo "$side Hopper run: $(( $(date +%s) - t0 )) s" | tee -a "$out/$side-hopper.txt"
done
echo
echo "=== summary ($(( $(date +%s) - start )) s)"
summary "$out"
echo "total $(( $(date +%s) - start )) s; outputs in $out"
