#!/usr/bin/env bash
# Regenerates the tables of data/'s READMEs that state what stored runs measured (org.mbpo.report.DataTables: the
# paper's measurements in data/measurements, SAC's and MBPO's benchmarks in data/sac and data/mbpo, the Pendulum
# ablations in data/ablations), each between its README's <!-- NAME:start --> and <!-- NAME:end --> lines, from
# the runs' files. Rerun it whenever a stored run changes; DataTablesTest fails while a README holds another table.
# (The Hopper paper-budget and value-expansion tables: scripts/paper-budget-table.sh, scripts/value-expansion-table.sh.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec ./mbpo milestones --data-tables
