// rewrite_pacer_test.cpp — JUnit progress rewrites cost a bounded share of
// the run, linear in cases, and keep every case while the file is small.
#define BOOST_TEST_MODULE report.rewrite_pacer
#include <boost/test/unit_test.hpp>

#include <cstdint>

#include "report/rewrite_pacer.hpp"

using gcm::report::RewritePacer;

namespace {

// The figures: 10,010 cases in 1.44 s without JUnit (144 us each); a
// rewrite costs about 1 ns per byte, the file grows 1.5 KB per case.
constexpr std::int64_t kCases = 10'010;
constexpr std::int64_t kCaseNs = 144'000;
constexpr std::int64_t kBytesPerCase = 1'500;

struct Simulated {
  std::int64_t now_ns = 0, rewrite_ns = 0, rewrites = 0, longest_gap_cases = 0;
};

Simulated simulate(bool every_case) {
  Simulated s;
  RewritePacer pacer;
  std::int64_t last_written_case = 0;
  for (std::int64_t c = 1; c <= kCases; ++c) {
    s.now_ns += kCaseNs;
    if (!every_case && !pacer.due(s.now_ns)) continue;
    const std::int64_t cost_ns = c * kBytesPerCase;  // the whole file so far
    pacer.wrote(s.now_ns, s.now_ns + cost_ns);
    s.now_ns += cost_ns;
    s.rewrite_ns += cost_ns;
    ++s.rewrites;
    if (c - last_written_case > s.longest_gap_cases) s.longest_gap_cases = c - last_written_case;
    last_written_case = c;
  }
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(rewriting_stays_under_a_tenth_of_the_run) {
  const Simulated paced = simulate(false);
  const std::int64_t work_ns = kCases * kCaseNs;
  const std::int64_t last_rewrite_ns = kCases * kBytesPerCase;  // may come after the bound's window
  BOOST_TEST(paced.rewrite_ns <= work_ns / RewritePacer::kWorkPerRewrite + last_rewrite_ns);
  // What it replaces: a rewrite per case costs 5x the whole run here.
  const Simulated every = simulate(true);
  BOOST_TEST(every.rewrite_ns > 5 * work_ns);
  BOOST_TEST(every.rewrites == kCases);
}

BOOST_AUTO_TEST_CASE(small_files_are_rewritten_after_every_case) {
  RewritePacer pacer;
  BOOST_TEST(pacer.due(0));  // the first case always
  std::int64_t now_ns = 0;
  for (int c = 0; c < 50; ++c) {
    now_ns += 1'000'000;  // a 1 ms case
    BOOST_TEST(pacer.due(now_ns));
    pacer.wrote(now_ns, now_ns + 10'000);  // a 10 us rewrite
    now_ns += 10'000;
  }
}

BOOST_AUTO_TEST_CASE(a_kill_loses_a_bounded_window) {
  const Simulated paced = simulate(false);
  // The last rewrite took 15 ms; the window is 9x that, about 940 cases of
  // 144 us: far fewer than the 10,010 a rewrite at the end only would lose.
  BOOST_TEST(paced.longest_gap_cases <= 1 + RewritePacer::kWorkPerRewrite * kCases * kBytesPerCase / kCaseNs);
  BOOST_TEST(paced.rewrites > 10);
}
