// run_queue_test.cpp — RunQueue against the vector it replaced (a model):
// the same k-th element, the same first highest priority, under random
// pushes, removals, reprioritisations and local marks, through compactions.
#define BOOST_TEST_MODULE runtime_run_queue
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <vector>

#include "runtime/prng.hpp"
#include "runtime/run_queue.hpp"

using gcm::rt::Goroutine;
using gcm::rt::RunQueue;

namespace {

struct Model {
  std::vector<Goroutine*> q;
  std::vector<const Goroutine*> local;
  bool is_local(const Goroutine* g) const { return std::find(local.begin(), local.end(), g) != local.end(); }
  // The scheduler's old linear scans: first maximum.
  Goroutine* highest(bool skip_local) const {
    Goroutine* best = nullptr;
    for (Goroutine* g : q) {
      if (skip_local && is_local(g)) continue;
      if (best == nullptr || g->priority > best->priority) best = g;
    }
    return best;
  }
  bool erase(Goroutine* g) {
    const auto it = std::find(q.begin(), q.end(), g);
    if (it == q.end()) return false;
    q.erase(it);
    local.erase(std::remove(local.begin(), local.end(), g), local.end());
    return true;
  }
};

std::vector<std::unique_ptr<Goroutine>> make_goroutines(std::size_t n) {
  std::vector<std::unique_ptr<Goroutine>> all;
  for (std::size_t i = 0; i < n; ++i) {
    auto g = std::make_unique<Goroutine>();
    g->id = static_cast<std::uint32_t>(i + 1);
    all.push_back(std::move(g));
  }
  return all;
}

}  // namespace

BOOST_AUTO_TEST_CASE(matches_the_vector_model_under_random_operations) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    gcm::rt::Prng prng(seed);
    auto all = make_goroutines(300);
    RunQueue rq;
    Model model;
    for (int step = 0; step < 5000; ++step) {
      Goroutine* g = all[prng.below(all.size())].get();
      switch (prng.below(7)) {
        case 0:
        case 1:
          if (!rq.contains(g)) {
            g->priority = static_cast<std::int64_t>(prng.below(8));  // ties on purpose
            rq.push_back(g);
            model.q.push_back(g);
          }
          break;
        case 2: BOOST_TEST(rq.erase(g) == model.erase(g)); break;
        case 3:
          if (!model.q.empty()) {
            const std::size_t k = prng.below(model.q.size());
            Goroutine* want = model.q[k];
            BOOST_TEST(rq.at(k) == want);  // left queued: the same answer after it
            BOOST_TEST(rq.at(k) == want);
            model.erase(want);
            BOOST_TEST(rq.take_at(k) == want);
          }
          break;
        case 4:
          g->priority = static_cast<std::int64_t>(prng.below(8));
          rq.reprioritized(g);
          break;
        case 5:
          if (rq.contains(g)) {
            const bool local = prng.below(2) != 0;
            rq.set_local(g, local);
            model.local.erase(std::remove(model.local.begin(), model.local.end(), g), model.local.end());
            if (local) model.local.push_back(g);
          }
          break;
        case 6:
          BOOST_TEST(rq.highest() == model.highest(false));
          BOOST_TEST(rq.highest_not_local() == model.highest(true));
          break;
      }
      BOOST_TEST_REQUIRE(rq.size() == model.q.size());
      BOOST_TEST_REQUIRE(rq.is_local(g) == (rq.contains(g) && model.is_local(g)));
      // Leaves are updated incrementally (a rescan only when a winner
      // leaves): after every operation each must equal its rescan.
      BOOST_TEST_REQUIRE(rq.check().empty());
    }
    BOOST_TEST(rq.check().empty());
    // Order survives compaction: draining from the front gives the model's order.
    while (!model.q.empty()) {
      BOOST_TEST_REQUIRE(rq.take_at(0) == model.q.front());
      model.q.erase(model.q.begin());
    }
    BOOST_TEST(rq.empty());
  }
}

BOOST_AUTO_TEST_CASE(check_sees_a_slot_that_disagrees) {
  auto all = make_goroutines(3);
  RunQueue rq;
  for (auto& g : all) rq.push_back(g.get());
  BOOST_TEST(rq.check().empty());
  all[1]->priority = 5;  // changed without reprioritized(): the tree is stale
  BOOST_TEST(!rq.check().empty());
  rq.reprioritized(all[1].get());
  BOOST_TEST(rq.check().empty());
  BOOST_TEST(rq.highest() == all[1].get());
}

BOOST_AUTO_TEST_CASE(a_hundred_thousand_picks_from_a_full_queue) {
  // The case that was quadratic: every goroutine runnable at once, picked at random.
  auto all = make_goroutines(100'000);
  RunQueue rq;
  for (auto& g : all) rq.push_back(g.get());
  gcm::rt::Prng prng(7);
  std::vector<bool> seen(all.size() + 1, false);
  while (!rq.empty()) {
    Goroutine* g = rq.take_at(prng.below(rq.size()));
    BOOST_TEST_REQUIRE(!seen[g->id]);
    seen[g->id] = true;
  }
  BOOST_TEST(std::count(seen.begin(), seen.end(), true) == 100'000);
  BOOST_TEST(rq.check().empty());
}
