#!/usr/bin/env python3
"""The bound of scripts/speed-ab.sh for the Xeon of 2026-12-07, from its stored files:

    python3 data/mbpo/speed/xeon-2026-12-07/bound.py data/mbpo/speed/xeon-2026-12-07 . > data/mbpo/speed/xeon-2026-12-07/bound-SkylakeX.txt

Every product of the SAC update and of the ensemble's training step at the two-thread large-sgemm rate its bench measured,
their element-wise work, sampling and holdout evaluation taking no time, the other parts of the short Hopper run as
measured. That run's directory was not kept, only its timing.csv: it is assembled from that file and the settings of the
same command's run in ../ab-2026-12-04b, and must reproduce projection-SkylakeX.txt byte for byte before it is used.
"""
import re, shutil, subprocess, sys, os, tempfile
d, root = sys.argv[1], sys.argv[2]
sac = open(os.path.join(d, "bench-sac-SkylakeX.txt")).read()
mod = open(os.path.join(d, "bench-model-SkylakeX.txt")).read()
rate = lambda t: float(re.search(r"([\d.]+) on 2", t).group(1))  # two-thread large sgemm of that bench's run
m = re.search(r"Hopper 11/3\s+java\s+2\s+([\d.]+)\s+\S+\s+\S+\s+([\d.]+)", sac)
sac_gflop = float(m.group(1)) * float(m.group(2)) / 1e3
ms = float(re.search(r"Hopper \(11, 3\)\s+[\d.]+ \[\S+\]\s+([\d.]+) \[", mod).group(1))
gf = float(re.search(r"Hopper \(11, 3\)\s+[\d.]+ \(\d+%\)\s+([\d.]+) \(", mod).group(1))
model_gflop = ms * gf / 1e3
sac_ms, step_ms = sac_gflop / rate(sac) * 1e3, model_gflop / rate(mod) * 1e3
print(f"SAC update (Hopper 11/3, 2 threads): {sac_gflop:.3f} GFLOP of products; at bench sac's two-thread sgemm rate {rate(sac):.1f} GFLOP/s: {sac_ms:.3f} ms")
print(f"ensemble training step (2x1): {model_gflop:.3f} GFLOP of products; at bench model's two-thread sgemm rate {rate(mod):.1f} GFLOP/s: {step_ms:.3f} ms")
run = tempfile.mkdtemp()
ref = os.path.join(root, "data/mbpo/speed/ab-2026-12-04b/speed-ab-e96ad4c-vs-1fd1b73/after-hopper")
for f in ("config.json", "progress.csv"):  # the same command's settings; --model-epochs is given, so progress.csv's epochs are not used
    shutil.copy(os.path.join(ref, f), run)
shutil.copy(os.path.join(d, "hopper-SkylakeX-timing.csv"), os.path.join(run, "timing.csv"))
cmd = [sys.executable, os.path.join(root, "scripts/mbpo-speed-projection.py"), run, "--epochs", "125", "--epoch-length", "1000", "--model-epochs", "15.2"]
check = subprocess.run(cmd, capture_output=True, text=True).stdout
assert check == open(os.path.join(d, "projection-SkylakeX.txt")).read(), "the assembled run does not reproduce projection-SkylakeX.txt"
print("the assembled run reproduces projection-SkylakeX.txt; with those costs:")
print(subprocess.run(cmd + ["--sac-ms", f"{sac_ms:.3f}", "--model-step-ms", f"{step_ms:.3f}"], capture_output=True, text=True).stdout, end="")
shutil.rmtree(run)
