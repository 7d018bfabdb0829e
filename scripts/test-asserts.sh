#!/usr/bin/env bash
# The asserting build leg: a RelWithAsserts build (-O2 without NDEBUG: the
# assert()s and the invariant checkers at GC end and test end run,
# Runtime::check_phase_end) of the unit tests of the layers below
# workloads/, in its own folder. -O2, not Debug's -O0: the trie model and
# dominator tests take minutes at -O0. Cheap on purpose: the release leg
# (scripts/test.sh) runs everything else.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B build-debug -DCMAKE_BUILD_TYPE=RelWithAsserts -DCMAKE_CXX_FLAGS_RELWITHASSERTS="-O2 -g0" \
  -DGCMATRIX_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build build-debug --target unit_tests -j"$(nproc)"
ctest --test-dir build-debug --output-on-failure -j"$(nproc)" -R '^(runtime|trie|gotest|facts|policy)\.' "$@"
