#!/usr/bin/env python3
"""Projects the wall time of a full MBPO run from a shorter run of the same preset (issue 6's speed check).

    scripts/mbpo-speed-projection.py RUN_DIR [--epochs 125] [--epoch-length 1000] [--model-epochs E] [--model-epochs-from EPOCH]
                                     [--sac-ms MS] [--model-step-ms MS]

Reads RUN_DIR/config.json (the settings), timing.csv (seconds and operation counts per epoch) and
progress.csv, and prints:
  * the measured cost of each operation: ms per SAC update, ms per model gradient step (all of a
    training's work, holdout evaluations included, divided by its gradient steps), µs per rollout
    transition (the policy's action and the model's step), and the seconds per epoch of real steps,
    evaluation and checkpoints;
  * ms per real environment step in the measured epochs, split into those parts;
  * a projection to --epochs epochs (default: the preset's): SAC updates scale with the steps, model
    training with the gradient steps the schedule of trainings implies (N real transitions at each
    training: holdout min(0.2 N, 5000), ceil((N - holdout) / 256) steps per model epoch, times the model
    epochs per training: --model-epochs, else their mean over the measured epochs from
    --model-epochs-from on (default 2, leaving out the first epoch, whose trainings start from a fresh
    model and run much longer); early stopping never takes fewer than 6), rollouts with the transitions the rollout schedule implies (every rollout running its
    full k: an upper bound, as terminated rows stop early). --epoch-length projects epochs of that many real steps
    (the preset's, e.g. 1000 for Hopper) from a short run made with shorter ones (--set epoch_length=250, as
    scripts/speed-ab.sh does): the costs per operation are the run's, the schedule of work the projected one's.
--sac-ms and --model-step-ms project with those costs per SAC update and per model gradient step instead of the
measured ones (the other parts as measured): what the run would take if those operations ran at a given speed, e.g.
with their products at a large sgemm's rate (scripts/speed-ab.sh prints that bound).
Only the Python standard library is used.
"""
import argparse
import csv
import json
import math
import os


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def schedule(epoch, s):
    lo_e, hi_e, lo_k, hi_k = s
    if epoch <= lo_e:
        return lo_k
    dx = min(1.0, (epoch - lo_e) / (hi_e - lo_e))
    return int(dx * (hi_k - lo_k) + lo_k)


def batches(n, m):
    holdout = min(int(n * m["holdout_ratio"]), m["max_holdout"])
    return math.ceil((n - holdout) / m["batch_size"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run")
    ap.add_argument("--epochs", type=int)
    ap.add_argument("--epoch-length", type=int)
    ap.add_argument("--model-epochs", type=float)
    ap.add_argument("--model-epochs-from", type=int, default=2)
    ap.add_argument("--sac-ms", type=float, help="cost per SAC update to project with instead of the measured one")
    ap.add_argument("--model-step-ms", type=float,
                    help="cost per model gradient step to project with instead of the measured one")
    a = ap.parse_args()
    cfg = json.load(open(os.path.join(a.run, "config.json")))
    c, m = cfg["mbpo"], cfg["model"]
    sched = [int(x) for x in str(c["rollout_schedule"]).split(",")]
    init, length, freq, g, starts = c["initial_steps"], c["epoch_length"], c["model_train_freq"], \
        c["agent_updates_per_step"], c["rollout_batch_size"]
    epochs = a.epochs or c["epochs"]
    t = rows(os.path.join(a.run, "timing.csv"))
    if not t:
        raise SystemExit(a.run + ": no epoch finished yet")
    n_epochs = len(t)
    total = lambda key: sum(float(r[key]) for r in t)
    updates, msteps, rtrans = total("agent_updates"), total("model_steps"), total("rollout_transitions")
    ms_update = 1e3 * total("agent_s") / updates
    ms_mstep = 1e3 * total("model_train_s") / msteps
    us_rollout = 1e6 * total("rollout_s") / rtrans if rtrans else float("nan")
    other_per_epoch = (total("env_s") + total("eval_s") + total("checkpoint_s")) / n_epochs
    # Model epochs per training in the measured epochs: gradient steps over the batches per model epoch.
    def mean_model_epochs(first):  # first: 1-based epoch
        sel = [e for e in range(n_epochs) if e + 1 >= first]
        b = sum(batches(init + e * length + tt, m) for e in sel for tt in range(0, length, freq))
        return sum(float(t[e]["model_steps"]) for e in sel) / b if b else float("nan")
    e_measured = mean_model_epochs(1)
    e_later = mean_model_epochs(a.model_epochs_from) if n_epochs >= a.model_epochs_from else e_measured
    e_model = a.model_epochs or e_later
    steps = n_epochs * length
    print(f"measured: {n_epochs} epochs ({steps:,} real steps after {init:,} random ones) of {cfg['env']}, "
          f"{t[-1]['wall_s']} s")
    print(f"  SAC update          {ms_update:8.2f} ms   ({updates:,.0f} updates)")
    print(f"  model gradient step {ms_mstep:8.2f} ms   ({msteps:,.0f} steps; {e_measured:.1f} model epochs per training "
          f"on average, {e_later:.1f} from epoch {a.model_epochs_from} on)")
    print(f"  rollout transition  {us_rollout:8.2f} µs   ({rtrans:,.0f} transitions)")
    print(f"  real steps, evaluation, checkpoint: {other_per_epoch:.1f} s per epoch")
    per_step = {k: 1e3 * total(k) / steps for k in ("agent_s", "model_train_s", "rollout_s")}
    per_step["other"] = 1e3 * other_per_epoch * n_epochs / steps
    print("  ms per real step: " + ", ".join(f"{k.replace('_s', '')} {v:.1f}" for k, v in per_step.items())
          + f"; total {sum(per_step.values()):.1f}")

    if a.sac_ms is not None or a.model_step_ms is not None:
        ms_update = a.sac_ms if a.sac_ms is not None else ms_update
        ms_mstep = a.model_step_ms if a.model_step_ms is not None else ms_mstep
        print(f"  projected with {ms_update:.2f} ms per SAC update and {ms_mstep:.2f} ms per model gradient step "
              "(given, not measured)")
    plen = a.epoch_length or length
    proj_updates = epochs * plen * g
    proj_batches = sum(batches(init + e * plen + tt, m) for e in range(epochs) for tt in range(0, plen, freq))
    proj_trans = sum(starts * schedule(e, sched) * len(range(0, plen, freq)) for e in range(epochs))
    parts = {
        "SAC updates": proj_updates * ms_update / 1e3,
        "model training": proj_batches * e_model * ms_mstep / 1e3,
        "rollouts (full k)": proj_trans * us_rollout / 1e6,
        "real steps, evaluation, checkpoints": epochs * other_per_epoch,
    }
    total_s = sum(parts.values())
    print(f"projection to {epochs} epochs of {plen:,} steps ({epochs * plen:,} real steps after the random ones), "
          f"{e_model:.1f} model epochs per training:")
    for k, v in parts.items():
        print(f"  {k:38s} {v / 3600:7.2f} h   ({1e3 * v / (epochs * plen):6.1f} ms per real step)")
    print(f"  {'total':38s} {total_s / 3600:7.2f} h   ({1e3 * total_s / (epochs * plen):6.1f} ms per real step)")


if __name__ == "__main__":
    main()
