// case_facts.hpp — what one case's run means, derived once from its event
// log: the single source that metrics (workloads/), the cascade chain, the
// traces and report.html read (issue 12). Main entries: derive() (derive.hpp).
//
// Everything here is a pure function of the events (ARCHITECTURE.md:
// reports are built from events only); a seq names the event a fact came
// from, so a reader can still reach the raw event (subject, fields).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gotest/test_result.hpp"

namespace gcm::facts {

// How a test's span ended (in the log).
enum class SpanEnd : std::uint8_t {
  completed,  // test_end: the test and its cleanups finished (status from the event)
  timed_out,  // test_timeout: the alarm ended it, no test_end follows (O7)
  died,       // still running when the binary aborted (O7 timeout, O8 panic, deadlock)
  open,       // still running when the log ends (no abort: a log cut short)
};

// One emulated test, test_start → its end.
struct TestSpan {
  std::string name;               // "TestX" or "TestX/sub"
  std::uint32_t goid = 0;         // the goroutine running it
  std::int64_t depth = 0;         // 0 = top-level
  std::uint64_t start_seq = 0;    // its test_start
  std::uint64_t end_seq = 0;      // its test_end / test_timeout / binary_abort; 0 = open
  std::int64_t start_ns = 0;      // virtual time of test_start
  std::int64_t end_ns = -1;       // virtual time of end_seq; -1 = open
  SpanEnd end = SpanEnd::open;
  gotest::TestStatus status = gotest::TestStatus::failed;  // test_end's; timed_out; failed (died, as gotest says)
  std::int64_t gc_cycles = 0;     // GC cycles that ended while it ran
  std::int64_t gc_in_test_ns = 0; // the parts of those cycles inside the span (gc_share.hpp)
  std::int64_t live_after_gc_bytes = -1;  // heap_live_bytes of the last of them; -1 = none

  std::int64_t duration_ns() const noexcept { return end_ns >= start_ns ? end_ns - start_ns : 0; }
  // The percent of the span's time spent in GC: gc_share.hpp's one definition.
  std::int64_t gc_share_percent() const noexcept;
};

// The part of a GC cycle that ended at gc_end_ns, costing gc_ns, inside a
// test that started at test_start_ns (gc_share.cpp: the one definition).
std::int64_t gc_part_in_test_ns(std::int64_t gc_ns, std::int64_t gc_end_ns, std::int64_t test_start_ns) noexcept;

// One GC cycle, gc_start → gc_end (the emulation stops the world: cycles
// never overlap, so a gc_end closes the cycle its cause_seq names).
struct GcCycle {
  std::int64_t cycle = 0;          // its number, from 1
  std::uint64_t start_seq = 0;     // its gc_start (0 if the log lacks it)
  std::uint64_t end_seq = 0;       // its gc_end (0 if the log ends first)
  std::int64_t end_ns = -1;        // virtual time of gc_end; -1 = none
  std::int64_t gc_ns = 0;          // the whole cycle's cost
  std::int64_t heap_live_bytes = 0;  // after it
};

// cause → effect: test_cleanup_register → test_cleanup_run (the testing
// package's LIFO), finalizer_queued → finalizer_run and cleanup_queued →
// cleanup_run (runtime/mfinal.go's queue). to_seq = 0: never ran.
struct Link {
  std::uint64_t from_seq = 0;
  std::uint64_t to_seq = 0;
};

// A workload's own marker ("orderCache grows"): what leaks, and across which tests.
struct Leak {
  std::string subject;       // the first marker's subject
  std::string first_test, last_test;  // tests running at the first and last marker; "(no test)"
  std::int64_t bytes = 0;    // the first marker's growth
  std::int64_t cleared = 0;  // 1 if any marker says it is cleared per test
  std::int64_t count = 0;    // markers seen
  std::uint64_t first_seq = 0;
};

// A deadline that fired (test_timeout): A22's per-test limit or O7's one
// alarm for the whole binary.
struct Timeout {
  std::uint64_t seq = 0;
  std::string test;          // the test running when it fired
  std::int64_t at_ns = 0;    // virtual time it fired
  std::int64_t limit_ns = 0;
  std::int64_t ran_ns = 0;   // how long that test had run
  bool per_test = false;
};

// The emulated binary's death (binary_abort): O7 timeout, O8 panic, deadlock.
struct Abort {
  std::uint64_t seq = 0;
  std::string reason;        // "panic: test timed out after 1m0s"
  std::int64_t at_ns = 0;
};

// A test the binary never started (test_not_run); cause: the abort.
struct LostTest {
  std::string name;
  std::uint64_t seq = 0;
  std::uint64_t cause_seq = 0;
};

struct CaseFacts {
  std::vector<TestSpan> tests;        // in start order
  std::vector<GcCycle> gc_cycles;     // in start order
  std::vector<Link> cleanup_links;    // in registration order
  std::vector<Link> finalizer_links;  // finalizers and runtime.AddCleanup, in queue order
  std::vector<Leak> leaks;            // one per marker subject, in order of first appearance
  std::vector<Timeout> timeouts;         // in order
  std::vector<Abort> aborts;             // in order
  std::vector<LostTest> lost;           // in order
  std::map<std::uint32_t, std::uint64_t> goroutines;  // goid -> its goroutine_start seq (the last, if several)
  std::int64_t goroutines_started = 0;  // goroutine_start events
  std::int64_t goroutines_ended = 0;    // goroutine_end events; started - ended = still parked at the end (leaks)
  std::int64_t cleanups_run = 0;        // test_cleanup_run events
  std::int64_t last_ns = 0;             // the largest virtual time in the log

  // The span of test `name`: the last one started under that name; nullptr if none.
  const TestSpan* find(std::string_view name) const noexcept;
  // The last GC cycle that started before seq `before` (0: none).
  const GcCycle* last_cycle_started_before(std::uint64_t before) const noexcept;
  std::int64_t cleanups_registered() const noexcept { return static_cast<std::int64_t>(cleanup_links.size()); }

  std::unordered_map<std::string, std::size_t> by_name;  // name -> tests[i], the last started
};

}  // namespace gcm::facts
