// report/retention_summary: the one-line retention summary the terminal
// prints for a failed case (retention_summary.hpp), on hand-built snapshots.
#define BOOST_TEST_MODULE report.retention_summary
#include <boost/test/unit_test.hpp>

#include "report/retention_summary.hpp"

using namespace gcm;

namespace {
rt::Retainer frame(const std::string& name, std::uint32_t goid, std::uint64_t bytes) {
  rt::Retainer r;
  r.kind = rt::RootKind::frame;
  r.name = name;
  r.goid = goid;
  r.retained_bytes = bytes;
  r.retained_objects = bytes == 0 ? 0 : 1;
  return r;
}
rt::RetentionSnapshot snapshot(std::uint64_t reachable, std::uint64_t shared, std::vector<rt::Retainer> retainers,
                               std::vector<rt::Retainer> shared_by) {
  rt::RetentionSnapshot s;
  s.at = rt::RetentionPoint::forced_gc;
  s.subject = "forced";
  s.reachable_bytes = reachable;
  s.shared_bytes = shared;
  s.retainers = std::move(retainers);
  s.shared_by = std::move(shared_by);
  return s;
}
}  // namespace

// cleanup-capture's shape: the test's frame and its cleanup's frame both
// reach the trie, so nearly everything is shared; the one retainer of its
// own holds almost nothing. The shared part is told first.
BOOST_AUTO_TEST_CASE(a_shared_part_larger_than_every_retainer_comes_first) {
  const auto s = snapshot(10'000, 9'990, {frame("TestCapturingCleanup.runCleanup", 4, 10)},
                          {frame("TestCapturingCleanup", 4, 0), frame("TestCapturingCleanup.runCleanup", 4, 0)});
  BOOST_TEST(report::retention_line(s, 3) ==
             "at runtime.GC (forced): 9.8 KiB reachable; shared 99.9% (by frame `TestCapturingCleanup` (g4) and frame "
             "`TestCapturingCleanup.runCleanup` (g4)); frame `TestCapturingCleanup.runCleanup` (g4) 0.1%");
}

// timeout-cascade's shape: one global retains most, the shared part is small
// and comes after the retainers, "N more" before it.
BOOST_AUTO_TEST_CASE(a_small_shared_part_comes_after_the_retainers) {
  const auto s = snapshot(10'000, 20, {frame("a", 1, 9'000), frame("b", 2, 900), frame("c", 3, 80)},
                          {frame("a", 1, 0), frame("b", 2, 0)});
  BOOST_TEST(report::retention_line(s, 2) ==
             "at runtime.GC (forced): 9.8 KiB reachable; frame `a` (g1) 90.0%, frame `b` (g2) 9.0%, 1 more; shared 0.2% "
             "(by frame `a` (g1) and frame `b` (g2))");
}

// Between two retainers when its size falls between theirs; nothing shared:
// no shared part at all.
BOOST_AUTO_TEST_CASE(the_shared_part_is_placed_by_its_size) {
  const auto s = snapshot(1'000, 300, {frame("a", 1, 600), frame("b", 2, 100)}, {frame("a", 1, 0), frame("b", 2, 0)});
  BOOST_TEST(report::retention_line(s, 5) ==
             "at runtime.GC (forced): 1000 B reachable; frame `a` (g1) 60.0%; shared 30.0% (by frame `a` (g1) and frame "
             "`b` (g2)); frame `b` (g2) 10.0%");
  const auto none = snapshot(1'000, 0, {frame("a", 1, 1'000)}, {});
  BOOST_TEST(report::retention_line(none, 5) == "at runtime.GC (forced): 1000 B reachable; frame `a` (g1) 100.0%");
}
