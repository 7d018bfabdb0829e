#!/usr/bin/env bash
# The sanitizer leg (issue 16): AddressSanitizer + LeakSanitizer + UBSan
# (-DGCMATRIX_SANITIZE=ON) in build-asan/, then
#   1. ctest, but for the tests excluded below, every gcmatrix a test starts included;
#      then the loader fuzzer (bounded_fuzz_loaders) on its own, with a longer bound;
#   2. the default matrix, whose events digest must equal the release
#      build's (build/, when it exists): a sanitized build that computes
#      other results has read something undefined;
#   3. the directory-input leak check (LeakSanitizer reported 2,048 B when
#      --matrix named a directory).
# Any finding aborts the process that made it (abort_on_error, UBSan built
# without recovery), so the test or step fails.
#
#   test-sanitize.sh           the full leg (CI job `sanitize`): every target built;
#   test-sanitize.sh --quick   the bounded leg .ci/run runs: only the gcmatrix binary, the
#                              loader fuzzer and the one-file cli test are built (no layer's
#                              unit-test executables, the bulk of the build); the tests that need
#                              nothing else run (e2e.*, bounded.corpus, scenario.export_go_cli,
#                              cli.*), the fuzzer,
#                              then steps 2 and 3, which here require the release build/ (fail without
#                              it, so the digest comparison is never skipped). The build's
#                              output goes to build-asan/quick-build.log, shown on failure.
# GCMATRIX_ASAN_BUILD=DIR builds in DIR instead of build-asan/ (timing a cold build).
#
# Fiber switches are annotated (runner/runtime/fiber_switch.hpp) and pooled
# stacks unpoisoned on reuse: ASan sees the whole stack, nothing is blinded
# (no --param=asan-stack=0, no suppressions).
#
# Not run by ctest in the full leg, each for a reason (the release leg, scripts/test.sh, runs them):
#   scenario.export_go_real, calibration.*  real Go toolchains / recorded timings, no gcmatrix code
#                                            beyond what the default matrix and e2e already run
#   github.*, report.html_chromium,          Node validators, Chromium and workflow checks of
#   report.trace_schema,                     output files the other report.* tests produce under ASan
#   report.junit_consumers                   (report.junit_parser, Python junitparser, does run)
#   trie.model                               100 seeds x 10,000 operations: minutes under ASan;
#                                            trie.gc and trie.collision run the same code
#   bounded.fuzz_loaders                     run, but outside ctest (below: its TIMEOUT is a
#                                            release build's)
# Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
if [ "${1:-}" = "--quick" ]; then quick=true; shift; fi
bash scripts/install-deps.sh --test
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# -O1: ASan's usual level (a third faster to build than -O2); -g1: line numbers in reports.
dir=${GCMATRIX_ASAN_BUILD:-build-asan}
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DGCMATRIX_SANITIZE=ON -DGCMATRIX_BENCH=OFF "${launcher[@]}" >/dev/null
if $quick; then
  # .ci/run's log stays short: about 130 progress lines go to a file, its tail shown on failure.
  echo "== ASan+UBSan build of gcmatrix, bounded_fuzz_loaders and cli_fatal_signal_test ($dir/quick-build.log)"
  start=$SECONDS
  cmake --build "$dir" --target gcmatrix bounded_fuzz_loaders cli_fatal_signal_test -j"$(nproc)" >"$dir/quick-build.log" 2>&1 ||
    { tail -n 40 "$dir/quick-build.log"; echo "sanitizer build failed (full log: $dir/quick-build.log)" >&2; exit 1; }
  echo "built in $((SECONDS - start)) s"
else
  cmake --build "$dir" -j"$(nproc)"
fi

# Not detect_stack_use_after_return: boost's fiber constructor jumps into the new stack (fiber_entry)
# before any code of ours runs, so that first frame is made on the creator's fake stack.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# bounded.corpus caps each run's address space; ASan reserves terabytes of
# shadow, so under it the cap becomes ASan's RSS limit (test_corpus.py).
export GCMATRIX_SANITIZER_LEG=1

# The full leg runs every test but these (each named, with its reason, at the top). An exclusion
# list, not a list of what runs: a new test is under the sanitizers unless someone says why not.
# (The former list, '^(...|trie\.(gc|collision)|...)\.', needed a dot after every name, so
# trie.*, scenario.* and report.* never ran under it.)
excluded='^(scenario\.export_go_real|calibration\..*|github\..*|report\.(html_chromium|trace_schema|junit_consumers)|trie\.model|bounded\.fuzz_loaders)$'
# The quick subset: the tests whose only executable is gcmatrix (e2e.adoption installs it with
# `cmake --install`, which needs nothing else built).
quick_subset='^(e2e\..*|bounded\.corpus|scenario\.export_go_cli|cli\..*)$'
if $quick; then select=(-R "$quick_subset"); else select=(-E "$excluded"); fi
ctest --test-dir "$dir" --output-on-failure --no-tests=error -j"$(nproc)" "${select[@]}" "$@"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# bounded.fuzz_loaders (20,000 mutants per loader) runs here, alone, not under ctest: its 120 s
# TIMEOUT bounds a release build (24 s); under ASan it took 27 to 83 s on the shared 2-core machine
# and timed out at 120 s beside other tests under a load average of 8. 900 s still catches a hang.
echo "== loader fuzzer under ASan+UBSan"
start=$SECONDS
rc=0
timeout 900 "$dir/tests/bounded/bounded_fuzz_loaders" --color_output=no >"$tmp/fuzz.log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
  tail -n 40 "$tmp/fuzz.log"; echo "bounded_fuzz_loaders failed under the sanitizers: rc $rc (124: past 900 s)" >&2; exit 1
fi
echo "bounded_fuzz_loaders: $(grep -m 1 '^\*\*\*' "$tmp/fuzz.log" || true) ($((SECONDS - start)) s)"

bin=$dir/runner/cli/gcmatrix

echo "== default matrix under ASan+UBSan"
start=$SECONDS
"$bin" --quiet --out "$tmp/matrix" >"$tmp/matrix.log" 2>&1 || { cat "$tmp/matrix.log"; echo "default matrix failed under the sanitizers" >&2; exit 1; }
digest=$(grep -o 'events digest [0-9a-f]*' "$tmp/matrix.log" | head -1 || true)
[ -n "$digest" ] || { cat "$tmp/matrix.log"; echo "no events digest in the sanitized default matrix's summary" >&2; exit 1; }
echo "$digest ($((SECONDS - start)) s)"
if $quick && [ ! -x build/runner/cli/gcmatrix ]; then
  echo "no release build/runner/cli/gcmatrix to compare the digest with (bash scripts/build.sh)" >&2; exit 1
fi
if [ -x build/runner/cli/gcmatrix ]; then
  release=$(build/runner/cli/gcmatrix --quiet 2>&1 | grep -o 'events digest [0-9a-f]*' | head -1 || true)
  [ -n "$release" ] || { echo "no events digest in the release build's default matrix summary" >&2; exit 1; }
  [ "$digest" = "$release" ] || { echo "sanitized build: $digest, release build: $release" >&2; exit 1; }
fi

echo "== directory inputs: exit 2, nothing leaked"
# Arguments passed as words, never split: a $TMPDIR holding a space stays one argument.
dir_input() {
  local rc=0
  "$bin" "$@" >"$tmp/dir.log" 2>&1 || rc=$?
  if [ "$rc" -ne 2 ] || grep -q "Sanitizer" "$tmp/dir.log"; then
    cat "$tmp/dir.log"; echo "gcmatrix $*: rc $rc (expected 2, no sanitizer report)" >&2; exit 1
  fi
}
dir_input --matrix "$tmp"
dir_input --check-profile "$tmp"
dir_input -q -p go1.22 -w loopvar-capture --expectations "$tmp"
if $quick; then echo "sanitizer leg (quick): OK in $SECONDS s"; else echo "sanitizer leg: OK in $SECONDS s"; fi
