#!/usr/bin/env bash
# Regenerates the table of the Hopper-v4 runs at the paper's budget in data/mbpo/README.md (the section
# between <!-- paper-budget:start --> and <!-- paper-budget:end -->) from their progress.csv files: the
# evaluation return at 25k ... 125k and at 300k steps, and the first step reaching 1,000, 2,000, 3,000
# (org.mbpo.report.Milestones), and the same table of the runs lost with a machine (data/mbpo/interrupted/,
# section paper-budget-lost). Rerun it whenever the runs have grown; PaperBudgetTableTest fails when the
# README's tables are not what this script writes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec ./mbpo milestones --paper-budget
