#!/usr/bin/env bash
# The sanitizer leg (issue 16): AddressSanitizer + LeakSanitizer + UBSan
# (-DGCMATRIX_SANITIZE=ON) in build-asan/, then
#   1. the ctest subset below, every gcmatrix a test starts included;
#   2. the default matrix, whose events digest must equal the release
#      build's (build/, when it exists): a sanitized build that computes
#      other results has read something undefined;
#   3. the directory-input leak check (LeakSanitizer reported 2,048 B when
#      --matrix named a directory).
# Any finding aborts the process that made it (abort_on_error, UBSan built
# without recovery), so the test or step fails.
#
# Fiber switches are annotated (runner/runtime/fiber_switch.hpp) and pooled
# stacks unpoisoned on reuse: ASan sees the whole stack, nothing is blinded
# (no --param=asan-stack=0, no suppressions).
#
# Not run here, each for a reason (the release leg, scripts/test.sh, runs them):
#   scenario.export_go_real, calibration.*  real Go toolchains / recorded timings, no gcmatrix code
#                                            beyond what the default matrix and e2e already run
#   github.*, report.html_chromium,          Node validators, Chromium and workflow checks of
#   report.trace_schema, report.junit_*      output files the other report.* tests produce under ASan
#   trie.model                               100 seeds x 10,000 operations: minutes under ASan;
#                                            trie.gc and trie.collision run the same code
# Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# -O1: ASan's usual level (a third faster to build than -O2); -g1: line numbers in reports.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DGCMATRIX_SANITIZE=ON -DGCMATRIX_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build build-asan -j"$(nproc)"

# Not detect_stack_use_after_return: boost's fiber constructor jumps into the new stack (fiber_entry)
# before any code of ours runs, so that first frame is made on the creator's fake stack.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# bounded.corpus caps each run's address space; ASan reserves terabytes of
# shadow, so under it the cap becomes ASan's RSS limit (test_corpus.py).
export GCMATRIX_SANITIZER_LEG=1

subset='^(runtime|trie\.(gc|collision)|gotest|facts|policy|scenario\.(errors|mutation|interpreter|ports|export_go_cli)|workloads|report\.(run_result|xml_text|units|atomic_write|expectations|junit_writer|results_json|comparison_table|host_report|trace|html_report|rewrite_pacer|cascade|claim_catalogue|sweep)|e2e|bounded)\.'
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -R "$subset" "$@"

bin=build-asan/runner/cli/gcmatrix
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== default matrix under ASan+UBSan"
"$bin" --quiet --out "$tmp/matrix" >"$tmp/matrix.log" 2>&1 || { cat "$tmp/matrix.log"; echo "default matrix failed under the sanitizers" >&2; exit 1; }
digest=$(grep -o 'events digest [0-9a-f]*' "$tmp/matrix.log" | head -1)
echo "$digest"
if [ -x build/runner/cli/gcmatrix ]; then
  release=$(build/runner/cli/gcmatrix --quiet 2>&1 | grep -o 'events digest [0-9a-f]*' | head -1)
  [ "$digest" = "$release" ] || { echo "sanitized build: $digest, release build: $release" >&2; exit 1; }
fi

echo "== directory inputs: exit 2, nothing leaked"
for args in "--matrix $tmp" "--check-profile $tmp" "-q -p go1.22 -w loopvar-capture --expectations $tmp"; do
  rc=0
  # shellcheck disable=SC2086  # the arguments are split on purpose
  "$bin" $args >"$tmp/dir.log" 2>&1 || rc=$?
  if [ "$rc" -ne 2 ] || grep -q "Sanitizer" "$tmp/dir.log"; then
    cat "$tmp/dir.log"; echo "gcmatrix $args: rc $rc (expected 2, no sanitizer report)" >&2; exit 1
  fi
done
echo "sanitizer leg: OK"
