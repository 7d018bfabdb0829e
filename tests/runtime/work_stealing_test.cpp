// Work stealing (work_stealing.hpp, runtime/proc.go runqput/wakep/runqgrab)
// under a multi-P profile: a loop of go statements is taken by the idle P in
// growing batches, each reading the loop variable when it runs; a short loop
// ends before the idle P wakes; everything is a pure function of the seed.
#define BOOST_TEST_MODULE runtime work_stealing
#include <boost/test/unit_test.hpp>

#include <set>
#include <vector>

#include "runtime/runtime.hpp"
#include "runtime/work_stealing.hpp"

using namespace gcm::rt;

namespace {
Runtime::Options opts(std::uint64_t seed, bool stealing) {
  Runtime::Options o;
  o.gc.gogc_off = true;
  o.sched.gomaxprocs = 2;
  o.sched.kind = SchedKind::pct;
  o.sched.work_stealing = stealing;
  o.cost.go_ns = 50;
  o.seed = seed;
  return o;
}

struct LoopRun {
  std::set<int> seen;            // the values of the shared `i` the goroutines read
  std::vector<int> order;        // which goroutine ran, in run order
  std::uint64_t steals = 0;
  std::uint64_t digest = 0;
};

// for i := 0; i < n; i++ { go func() { read i }() } with one shared i.
LoopRun loop(std::uint64_t seed, int n, bool stealing) {
  Runtime rt(opts(seed, stealing));
  LoopRun r;
  rt.run("main", [&] {
    WaitGroup* wg = rt.make_waitgroup();
    wg->add(n);
    int i = 0;
    for (; i < n; ++i) {
      const int me = i;
      rt.go("reader", [&, me] {
        r.seen.insert(i);
        r.order.push_back(me);
        rt.safepoint();
        wg->done();
      });
      rt.charge(rt.options().cost.op_ns);
    }
    wg->wait();
  });
  r.steals = rt.scheduler().stealing().steals();
  r.digest = rt.events().digest();
  return r;
}
}  // namespace

BOOST_AUTO_TEST_CASE(long_loop_is_stolen_in_several_batches) {
  // Without stealing (PCT alone, 2 change points) a 1,000-goroutine loop sees
  // at most a few values; with it the thief takes batch after batch.
  std::size_t seeds_with_many = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const LoopRun with = loop(seed, 1000, true);
    BOOST_TEST(with.steals >= 3u, "seed " << seed << ": " << with.steals << " steals");
    // Each batch reads one value (it runs at one preempt point of the creator),
    // and the goroutines left at the end read the final one: values ≤ steals + 1.
    BOOST_TEST(with.seen.size() <= with.steals + 1);
    seeds_with_many += with.seen.size() >= 4;
    const LoopRun without = loop(seed, 1000, false);
    BOOST_TEST(without.steals == 0u);
    BOOST_TEST(without.seen.size() <= 3u);
  }
  BOOST_TEST(seeds_with_many >= 10u, seeds_with_many << " of 20 seeds saw >= 4 values");
}

BOOST_AUTO_TEST_CASE(stolen_half_is_the_older_half) {
  // runqgrab takes from the head: the first goroutine to run is goroutine 0,
  // and a batch runs in creation order.
  const LoopRun r = loop(3, 1000, true);
  BOOST_REQUIRE(!r.order.empty());
  BOOST_TEST(r.order.front() == 0);
}

BOOST_AUTO_TEST_CASE(short_loop_usually_ends_before_the_thief_wakes) {
  std::size_t early = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) early += loop(seed, 3, true).seen != std::set<int>{3};
  // wake_p_ns 5 µs ± 100 %: the 3-iteration loop (a few hundred ns) wins in most seeds.
  BOOST_TEST(early <= 20u, early << " of 200 seeds saw an early read");
}

BOOST_AUTO_TEST_CASE(same_seed_same_steals) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const LoopRun a = loop(seed, 300, true), b = loop(seed, 300, true);
    BOOST_TEST(a.digest == b.digest);
    BOOST_TEST(a.seen == b.seen);
    BOOST_TEST(a.steals == b.steals);
  }
  // Different seeds draw different wake latencies: not every seed gives the same values.
  std::set<std::set<int>> distinct;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) distinct.insert(loop(seed, 300, true).seen);
  BOOST_TEST(distinct.size() > 1u);
}

BOOST_AUTO_TEST_CASE(off_without_a_second_p) {
  Runtime::Options o = opts(1, true);
  o.sched.gomaxprocs = 1;
  Runtime rt(o);
  BOOST_TEST(!rt.scheduler().stealing().enabled());
}
