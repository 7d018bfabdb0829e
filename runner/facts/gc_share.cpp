// gc_share.cpp — the one definition of a test's GC share (issue 12).
//
//   gc_share_percent = 100 × Σ_c part(c) / duration(test), over the GC
//                      cycles c that ended while the test ran, where
//   part(c)          = min(gc_ns(c), gc_end_ns(c) − test_start_ns)
//
// A cycle is [gc_end − gc_ns, gc_end]; one that ended inside the test may
// have begun before it started, and only its part inside the test is the
// test's (commit 421c1e0, report/cascade.cpp): counting the whole cycle
// pushed the share past 100 %. workloads/timeout_cascade.cpp counted whole
// cycles (and rescanned the log per test); both now read this.
#include "facts/case_facts.hpp"

#include <algorithm>

namespace gcm::facts {

std::int64_t gc_part_in_test_ns(std::int64_t gc_ns, std::int64_t gc_end_ns, std::int64_t test_start_ns) noexcept {
  return std::min(gc_ns, gc_end_ns - test_start_ns);
}

std::int64_t TestSpan::gc_share_percent() const noexcept {
  const std::int64_t d = duration_ns();
  return d > 0 ? gc_in_test_ns * 100 / d : 0;
}

}  // namespace gcm::facts
