#!/usr/bin/env bash
# Configures and builds gcmatrix (Release) into build/.
#   build.sh           the gcmatrix binary only (no Google Benchmark needed);
#   build.sh --all     everything: the binary, the test executables, the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [ "${1:-}" = "--all" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGCMATRIX_BENCH=ON "${launcher[@]}" > /dev/null
  cmake --build build -j"$(nproc)"
else
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGCMATRIX_BENCH=OFF "${launcher[@]}" > /dev/null
  cmake --build build --target gcmatrix -j"$(nproc)"
fi
