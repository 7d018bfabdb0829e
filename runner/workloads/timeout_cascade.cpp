// timeout_cascade.cpp — article §4.3 (A22) with O7 and O11: a package of
// tests; each re-initialises a static cache (orderCache) that is never
// cleared, so the live heap grows; under a memory limit GC runs more and
// more often until a test passes its deadline, the binary is aborted and
// the remaining tests never run. `clear_cache=1` is the remedy.
#include <cstdio>

#include "workloads/harness.hpp"
#include "workloads/registry_entries.hpp"

namespace gcm::workloads {

namespace {
constexpr std::uint32_t kEntryBytes = 64 * 1024;  // one cache entry: a struct of pointers and data

std::string test_name(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "TestOrders%02d", i);
  return buf;
}

struct CascadeParams {
  int tests;
  int entries_per_test;
  int transient_allocs;
  std::int64_t work_ns_per_alloc;
  bool clear_cache;
};

// One test: cache = newSegment(prev: cache); then the test's own work, which
// allocates garbage and takes virtual time; GC work grows with the cache.
void orders_test(gotest::T& t, const CascadeParams& p) {
  rt::Runtime& rt = t.rt();
  rt::Object* prev = p.clear_cache ? nullptr : rt.globals().get("orderCache");
  rt::Object* segment = rt.alloc(static_cast<std::uint8_t>(rt::ObjectKind::plain),
                                 static_cast<std::uint16_t>(p.entries_per_test + 1), 8);
  segment->slot(0) = prev;
  for (int e = 1; e <= p.entries_per_test; ++e)
    segment->slot(static_cast<std::uint32_t>(e)) =
        rt.alloc_virtual(static_cast<std::uint8_t>(rt::ObjectKind::plain), 1, kEntryBytes);
  rt.set_global("orderCache", segment);
  rt.emit(rt::ev::Mark{.bytes = static_cast<std::int64_t>(p.entries_per_test) * kEntryBytes, .cleared = p.clear_cache},
          "orderCache grows");
  for (int i = 0; i < p.transient_allocs; ++i) {
    rt.alloc_buffer(64 * 1024);  // request-scoped garbage
    rt.charge(p.work_ns_per_alloc);
    rt.safepoint();
    if (i % 64 == 63) rt.gosched();
  }
}

}  // namespace

// Metrics: where the cascade starts (first_timed_out_test), what it costs
// (tests_not_run, tests_completed) and why: the GC CPU share of the first
// and of the worst completed test, read from the run's facts (facts/: the
// share counts only the part of each GC cycle inside the test, the one
// definition the cascade chain and report.html use too), and how much of
// the live heap the cache holds at the end (dominator tree, A22).
static Observation run_timeout_cascade(const RunInput& in) {
  rt::GcConfig gc = in.profile.gc;
  gc.memory_limit_bytes = static_cast<std::uint64_t>(in.params.get("memory_limit_mib")) * rt::kMiB;  // GOMEMLIMIT
  Harness h(timeout_cascade_workload(), in, gc);
  CascadeParams p{static_cast<int>(in.params.get("tests")),
                  static_cast<int>(in.params.get("cache_mib_per_test") * rt::kMiB / kEntryBytes),
                  static_cast<int>(in.params.get("transient_allocs")),
                  in.params.get("work_ms_per_test") * 1'000'000 / std::max<std::int64_t>(1, in.params.get("transient_allocs")),
                  in.params.get("clear_cache") != 0};
  for (int i = 1; i <= p.tests; ++i) h.pkg().add(test_name(i), [p](gotest::T& t) { orders_test(t, p); });
  h.run();
  int first_timed_out = 0, not_run = 0, completed = 0;
  std::int64_t max_share = 0, first_share = -1;
  const facts::CaseFacts& f = h.facts();  // spans, statuses and GC shares, derived once
  for (int i = 1; i <= p.tests; ++i) {
    const facts::TestSpan* span = f.find(test_name(i));
    const gotest::TestStatus s = span ? span->status : gotest::TestStatus::not_run;
    if (s == gotest::TestStatus::timed_out && first_timed_out == 0) first_timed_out = i;
    not_run += s == gotest::TestStatus::not_run;
    if (s == gotest::TestStatus::passed) {
      ++completed;
      const std::int64_t share = span->gc_share_percent();  // facts/gc_share.cpp: the part inside the test
      if (first_share < 0) first_share = share;
      max_share = std::max(max_share, share);
      h.summary_line(test_name(i) + " " + std::to_string(span->duration_ns() / 1'000'000) + " ms, GC " +
                     std::to_string(share) + "%");
    }
  }
  const std::uint64_t live = h.rt().heap().heap_live_bytes();
  const rt::Collector::Retained by_cache = h.rt().collector().retained_only_by(
      [](const rt::RootSet& s) { return s.kind() == rt::RootKind::global && s.label() == "globals"; });
  const std::int64_t cache_share = live ? static_cast<std::int64_t>(by_cache.bytes * 100 / live) : 0;
  h.check("every-test-within-timeout", first_timed_out == 0 && not_run == 0,
          first_timed_out ? test_name(first_timed_out) + " timed out (" + h.result().abort_reason + "); " +
                                std::to_string(not_run) + " tests not run"
                          : std::to_string(completed) + " tests completed in time",
          {"A22", "O7", "O11"});
  h.metric("first_timed_out_test", first_timed_out, "index");
  h.metric("tests_not_run", not_run, "count");
  h.metric("tests_completed", completed, "count");
  h.metric("gc_cpu_percent_first_test", std::max<std::int64_t>(first_share, 0), "percent");
  h.metric("gc_cpu_percent_max", max_share, "percent");
  h.metric("cache_share_of_live_heap", cache_share, "percent");
  h.metric("gc_cycles", static_cast<std::int64_t>(h.rt().gc_cycles()), "count");
  return h.finish();
}

const Workload& timeout_cascade_workload() {
  static const Workload w{"timeout-cascade", "4.3", {"A22", "O7", "O10", "O11"},
                          "a never-cleared static cache grows per test until GC work times the binary out",
                          {{"tests", 20, 1, 1000, "count", "tests in the package"},
                           {"cache_mib_per_test", 8, 0, 1024, "MiB", "cache bytes each test adds"},
                           {"memory_limit_mib", 64, 1, 1 << 20, "MiB", "GOMEMLIMIT of the test binary"},
                           {"transient_allocs", 4096, 1, 10'000'000, "count", "64 KiB garbage allocations per test"},
                           {"work_ms_per_test", 20'000, 0, 3'600'000, "ms", "virtual mutator time per test"},
                           {"clear_cache", 0, 0, 1, "bool", "1 = the remedy: the cache is cleared per test"}},
                          &run_timeout_cascade, std::source_location::current()};
  return w;
}

}  // namespace gcm::workloads
