#!/usr/bin/env bash
# Regenerates the tables of the value-expansion sweep in data/ablations/value-expansion/README.md (the sections
# between <!-- value-expansion:start --> and <!-- value-expansion:end -->, and value-expansion-hopper's for its
# Hopper-v4 part in data/ablations/value-expansion-hopper/) from their cells' progress.csv, result.json and
# config.json files: per setting, the first step each seed's evaluation return reaches the level (950 on
# InvertedPendulum-v4, -200 on Pendulum-v1, 1,000 on Hopper-v4), the same for the mean over seeds, the final return
# and the wall time (org.mbpo.sweep.SweepTable). Rerun it whenever cells have finished; SweepTableTest fails when
# a README table is not what this script writes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec ./mbpo milestones --value-expansion
