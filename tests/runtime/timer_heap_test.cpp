// timer_heap_test.cpp — TimerHeap against the std::set of (wake, seq) it
// replaced: the same wake order under random sleeps, cancels and pops,
// through compactions, with equal wake times on purpose.
#define BOOST_TEST_MODULE runtime_timer_heap
#include <boost/test/unit_test.hpp>

#include <memory>
#include <set>
#include <tuple>
#include <vector>

#include "runtime/prng.hpp"
#include "runtime/timer_heap.hpp"

using gcm::rt::Goroutine;
using gcm::rt::TimerHeap;

BOOST_AUTO_TEST_CASE(wakes_in_the_order_the_set_gave) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    gcm::rt::Prng prng(seed);
    std::vector<std::unique_ptr<Goroutine>> all;
    for (std::uint32_t i = 0; i < 200; ++i) {
      all.push_back(std::make_unique<Goroutine>());
      all.back()->id = i + 1;
    }
    TimerHeap heap;
    std::set<std::tuple<std::int64_t, std::uint64_t, Goroutine*>> model;
    std::uint64_t seq = 0;
    std::int64_t now = 0;
    for (int step = 0; step < 5000; ++step) {
      Goroutine* g = all[prng.below(all.size())].get();
      switch (prng.below(4)) {
        case 0:
        case 1:
          if (g->wake_ns < 0) {
            g->wake_ns = now + static_cast<std::int64_t>(prng.below(50));  // many equal wake times
            g->timer_seq = ++seq;
            heap.add(g);
            model.emplace(g->wake_ns, g->timer_seq, g);
          }
          break;
        case 2:
          if (g->wake_ns >= 0) {
            model.erase({g->wake_ns, g->timer_seq, g});
            heap.cancel(g);
            BOOST_TEST_REQUIRE(g->wake_ns == -1);
          }
          break;
        case 3:
          now += static_cast<std::int64_t>(prng.below(10));
          for (;;) {
            Goroutine* got = heap.pop_due(now);
            const bool due = !model.empty() && std::get<0>(*model.begin()) <= now;
            BOOST_TEST_REQUIRE((got != nullptr) == due);
            if (got == nullptr) break;
            BOOST_TEST_REQUIRE(got == std::get<2>(*model.begin()));
            model.erase(model.begin());
            got->wake_ns = -1;
          }
          break;
      }
      BOOST_TEST_REQUIRE(heap.size() == model.size());
      if (!model.empty()) BOOST_TEST_REQUIRE(heap.next_wake_ns() == std::get<0>(*model.begin()));
    }
  }
}
