#!/usr/bin/env bash
# Second README command: install what is missing (run-time and test packages),
# build everything, run the whole test suite. Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
bash scripts/build.sh --all
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
