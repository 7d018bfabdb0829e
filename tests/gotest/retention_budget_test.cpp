// RetentionBudget (gotest/retention_budget.hpp): test-end snapshots walk at
// most 4 objects per allocation plus a floor, so N parallel subtests that end
// while the others' heaps are live cost O(N), not O(N²) (issue 16, scaling).
#define BOOST_TEST_MODULE gotest retention budget
#include <boost/test/unit_test.hpp>

#include <string>

#include "gotest/package.hpp"

using namespace gcm;

namespace {

rt::Runtime::Options options() {
  rt::Runtime::Options o;
  o.gc.gogc_off = true;  // nothing is collected: the live heap is every allocation
  o.seed = 1;
  return o;
}

rt::Object* obj(rt::Runtime& rt) { return rt.alloc(static_cast<std::uint8_t>(rt::ObjectKind::plain), 0, 64); }

// subtest-sandbox's shape: `subtests` parallel subtests, each holding a list
// of `objects` objects in its frame, yielding so that all are live at once.
void add_sandbox(gotest::Package& pkg, int subtests, int objects) {
  pkg.add("TestSandbox", [=](gotest::T& t) {
    for (int s = 0; s < subtests; ++s)
      t.run("sub" + std::to_string(s), [=](gotest::T& sub) {
        sub.parallel();
        rt::Runtime& rt = sub.rt();
        rt::Object* head = rt.new_cell(nullptr);
        sub.frame().set("m", head);
        for (int k = 0; k < objects; ++k) {
          head = rt.new_cell(head);
          sub.frame().set("m", head);
          if (k % 16 == 15) rt.gosched();
        }
      });
  });
}

std::uint64_t test_end_snapshots(const rt::Runtime& rt) {
  std::uint64_t n = 0;
  for (const rt::RetentionSnapshot& s : rt.retention()) n += s.at == rt::RetentionPoint::test_end;
  return n;
}

}  // namespace

// Failed before the budget: 400 parallel subtests × 100 objects took all 401
// test-end snapshots, walking ~8 M objects for 40,000 allocated.
BOOST_AUTO_TEST_CASE(parallel_subtests_walk_at_most_the_budget) {
  rt::Runtime rt(options());
  gotest::Package pkg(rt, gotest::TestingPolicy{});
  add_sandbox(pkg, 400, 100);
  pkg.run();
  std::uint64_t walked = 0;  // reachable objects ≤ live objects, the budget's cost
  for (const rt::RetentionSnapshot& s : rt.retention()) walked += s.reachable_objects;
  // The documented budget (README, retention_budget.hpp), written out: an
  // unbounded one walks ~8 M objects here.
  const std::uint64_t allowed = 4'000'000 + 4 * rt.heap().last_id();
  BOOST_TEST(gotest::RetentionBudget::kWorkFloorObjects == 4'000'000u);
  BOOST_TEST(gotest::RetentionBudget::kWorkPerAllocation == 4u);
  BOOST_TEST(walked <= allowed);
  BOOST_TEST(pkg.retention_skipped() > 0u);
  BOOST_TEST(test_end_snapshots(rt) + pkg.retention_skipped() == 401u);  // every test end: taken or counted
  // The parent's end (its subtests' heaps unrooted) is cheap and kept:
  // "nothing left behind" is still seen.
  BOOST_REQUIRE(!rt.retention().empty());
  BOOST_TEST(rt.retention().back().subject == "TestSandbox");
  for (const rt::RetentionSnapshot& s : rt.retention()) BOOST_TEST(s.check().empty(), s.subject);
}

BOOST_AUTO_TEST_CASE(a_small_run_keeps_every_snapshot) {
  rt::Runtime rt(options());
  gotest::Package pkg(rt, gotest::TestingPolicy{});
  add_sandbox(pkg, 20, 50);
  pkg.run();
  BOOST_TEST(pkg.retention_skipped() == 0u);
  BOOST_TEST(test_end_snapshots(rt) == 21u);
}

BOOST_AUTO_TEST_CASE(no_retention_skips_nothing) {
  rt::Runtime::Options o = options();
  o.retention_snapshots = false;
  rt::Runtime rt(o);
  gotest::Package pkg(rt, gotest::TestingPolicy{});
  add_sandbox(pkg, 400, 100);
  pkg.run();
  BOOST_TEST(pkg.retention_skipped() == 0u);
  BOOST_TEST(rt.retention().empty());
}

// The admission rule itself, on a small budget. The estimate is the last
// snapshot's reach plus what was allocated since (at most the live heap),
// plus live/16 + 1 for the index; a leaf subtest's must be at most half of
// what is left, any other snapshot's at most all of it.
// The charge is what the snapshot reached, plus the index.
BOOST_AUTO_TEST_CASE(skips_what_overdraws_and_allocations_earn_more) {
  rt::Runtime rt(options());
  gotest::RetentionBudget budget(/*work_per_allocation=*/3, /*work_floor_objects=*/0);
  for (int i = 0; i < 6; ++i) obj(rt);  // 6 live, 6 allocated: allowed 18
  BOOST_TEST(budget.admit(rt, /*leaf_subtest=*/true));   // estimate 6 + 1 = 7 ≤ 18 / 2
  budget.charge(rt, 6);                 // spent 7
  BOOST_TEST(!budget.admit(rt, /*leaf_subtest=*/true));  // 7 > (18 - 7) / 2: skipped, nothing charged
  BOOST_TEST(budget.skipped() == 1u);
  BOOST_TEST(budget.spent_objects() == 7u);
  obj(rt);
  obj(rt);                              // 8 allocated: allowed 24; estimate 6 + 2 + 1 = 9
  BOOST_TEST(!budget.admit(rt, /*leaf_subtest=*/true));  // 9 > (24 - 7) / 2
  BOOST_TEST(budget.admit(rt, /*leaf_subtest=*/false));  // a parent's end may use all of it: 9 ≤ 24 - 7
  for (int i = 0; i < 4; ++i) obj(rt);  // 12 allocated: allowed 36; estimate 6 + 6 + 1 = 13
  BOOST_TEST(budget.admit(rt, /*leaf_subtest=*/true));   // 13 ≤ (36 - 7) / 2
  budget.charge(rt, 2);                 // it reached 2 (the rest unrooted): spent 7 + 2 + 1 = 10
  BOOST_TEST(budget.admit(rt, /*leaf_subtest=*/true));   // estimate 2 + 1 = 3: a cheaper one still fits
  BOOST_TEST(budget.skipped() == 2u);
  BOOST_TEST(budget.spent_objects() == 10u);
}

// suite-cleanup's shape: one runtime.GC per step over a heap that grows with
// the step count. Failed before runtime.GC's snapshots shared the budget:
// all 400 were taken, walking ~8 M objects for 40,000 allocated.
BOOST_AUTO_TEST_CASE(runtime_gc_snapshots_share_the_budget) {
  rt::Runtime rt(options());
  gotest::Package pkg(rt, gotest::TestingPolicy{});
  pkg.add("TestSuite", [](gotest::T& t) {
    rt::Runtime& rt = t.rt();
    rt::Object* head = rt.new_cell(nullptr);
    t.frame().set("m", head);
    for (int step = 0; step < 400; ++step) {
      for (int k = 0; k < 100; ++k) {
        head = rt.new_cell(head);
        t.frame().set("m", head);
      }
      rt.gc("runtime.GC");
    }
  });
  pkg.run();
  std::uint64_t walked = 0, forced = 0;
  for (const rt::RetentionSnapshot& s : rt.retention()) {
    walked += s.reachable_objects;
    forced += s.at == rt::RetentionPoint::forced_gc;
  }
  BOOST_TEST(walked <= 4'000'000 + 4 * rt.heap().last_id() + 50'000);  // the budget plus at most one snapshot
  BOOST_TEST(pkg.retention_skipped() > 0u);
  BOOST_TEST(forced + test_end_snapshots(rt) + pkg.retention_skipped() == 401u);  // 400 GCs + the test's end
  BOOST_TEST(forced > 0u);  // the early, cheap ones are taken
}
