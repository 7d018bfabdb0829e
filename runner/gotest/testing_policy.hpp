// testing_policy.hpp — what the emulated `testing` package does, as data.
// One value per behaviour in BEHAVIOUR.md where the documented (A) and
// observed (O) families or the Go versions differ. Filled by policy/.
#pragma once

#include <cstdint>

namespace gcm::gotest {

// When is the test function's frame (its locals) released?
enum class FrameRelease : std::uint8_t {
  after_cleanups,   // A2: the test goroutine keeps locals alive while cleanups run
  before_cleanups,  // O2: tRunner's frame for the test function is gone; only captures keep objects
};

// t.Cleanup called from a goroutine other than the test's, while the test runs.
enum class ForeignCleanup : std::uint8_t {
  allow,   // O3: (*common).Cleanup takes c.mu; no goroutine identity check
  panic,   // A8: "test is not running"
  ignore,  // A8: silently ignored
};

// t.Cleanup called after the test completed.
enum class LateCleanup : std::uint8_t {
  drop,   // O3: appended to a list nobody runs again
  panic,  // stricter reading of A8
};

// t.Run called inside a cleanup function.
enum class RunInCleanup : std::uint8_t {
  allow,  // Go ≤ 1.19
  panic,  // O6: "testing: t.Run called during t.Cleanup" (Go 1.20+, golang/go#48515)
};

// May the finalizer goroutine run while a test (body or cleanups) is running?
enum class FinalizerEligibility : std::uint8_t {
  free,        // O4: an ordinary goroutine, runnable after any GC
  suppressed,  // A11: never during the test (go1.20/1.21 documented)
  window,      // A12: only in a tiny window, with probability window_ppm per opportunity
  never,       // A13: a testCleanupLock serialises them; never during the test
};

// Loop variables captured by goroutine closures in a loop.
enum class LoopVar : std::uint8_t {
  shared,         // A9, O5 (go.mod < 1.22): one variable for the whole loop
  per_iteration,  // O5 (go.mod ≥ 1.22)
};

// What a timeout is.
enum class TimeoutMode : std::uint8_t {
  binary,    // O7: one alarm for the whole test binary; panics it, cleanups skipped, later tests not run
  per_test,  // A22: each test has its own limit; the timed-out test fails and the pipeline stops
};

// Named lifecycle points at which the runner may force a GC cycle (A16: the
// article's experiment runs with GOGC=off and forced runtime.GC() calls).
struct GcHookPoints {
  bool after_cleanup_register = false;  // right after each t.Cleanup registration
  bool before_body_return = false;      // just before the test function returns
  bool after_body_return = false;       // after it returned, before cleanups
  bool before_each_cleanup = false;
  bool after_each_cleanup = false;
  bool at_test_complete = false;        // after the test is marked completed
  std::uint64_t every_n_allocations = 0;  // 0 = off
};

struct TestingPolicy {
  FrameRelease frame_release = FrameRelease::before_cleanups;
  bool cleanups_wait_for_subtests = true;    // O1: cleanups after all subtests (incl. parallel) finish
  bool cleanups_run_on_panic = true;         // A6, O1
  ForeignCleanup foreign_goroutine_cleanup = ForeignCleanup::allow;
  LateCleanup late_cleanup = LateCleanup::drop;
  RunInCleanup run_in_cleanup = RunInCleanup::panic;
  bool context_cancel_before_cleanup = false;  // O9: t.Context() cancelled just before cleanups (1.24+)
  FinalizerEligibility finalizer_eligibility = FinalizerEligibility::free;
  std::uint32_t finalizer_window_ppm = 0;          // used when eligibility == window (A12)
  bool discard_pending_finalizers_at_test_end = false;  // A15 vs O4
  LoopVar loopvar = LoopVar::shared;
  TimeoutMode timeout_mode = TimeoutMode::binary;
  std::int64_t timeout_ns = 600'000'000'000;  // go test's default -timeout 10m (O7)
  GcHookPoints gc_hooks;
};

}  // namespace gcm::gotest
