#!/usr/bin/env bash
# First README command: install what is missing of the run-time packages, build
# the gcmatrix binary, run the default matrix (every profile × every workload)
# and write its reports to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec build/runner/cli/gcmatrix --out out "$@"
