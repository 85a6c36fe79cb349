#!/usr/bin/env bash
# Regenerates the table of the value-expansion sweep in data/ablations/value-expansion/README.md (the section
# between <!-- value-expansion:start --> and <!-- value-expansion:end -->) from its cells' progress.csv, result.json
# and config.json files: per setting, the first step each seed's evaluation return reaches the level (950 on
# InvertedPendulum-v4, -200 on Pendulum-v1), the same for the mean over seeds, the final return and the wall time
# (org.mbpo.sweep.SweepTable). Rerun it whenever cells have finished; ValueExpansionTableTest fails when the README's
# table is not what this script writes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec ./mbpo milestones --value-expansion
