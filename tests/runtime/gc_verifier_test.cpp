// 10,000 random object graphs with random root changes, verified after every
// cycle: no reachable object freed, no unreachable object (without finalizer)
// kept; and large graphs, which the collector marks with its prefetch
// pipeline (Collector::kPipelineFromObjects), checked the same way.
#define BOOST_TEST_MODULE runtime gc verifier
#include <boost/test/unit_test.hpp>

#include "runtime/runtime.hpp"

using namespace gcm::rt;

namespace {
// A runtime that collects only when told and checks every cycle.
Runtime::Options verified_options(std::uint64_t seed) {
  Runtime::Options o;
  o.gc.gogc_off = true;
  o.verify_gc = true;
  o.seed = seed;
  return o;
}

// Past Collector::kPipelineFromObjects, so drain() takes its pipelined path.
constexpr std::size_t kLargeGraphObjects = Collector::kPipelineFromObjects + 40'000;

// A node's slot count: 1/8 wide (32, a trie node's), 3/8 a chain link (1),
// 2/8 a leaf (0), 2/8 a small fan-out (3).
std::uint16_t random_slot_count(Prng& rng) {
  const std::uint64_t shape = rng.below(8);
  return static_cast<std::uint16_t>(shape == 0 ? 32 : shape < 4 ? 1 : shape < 6 ? 0 : 3);
}
}  // namespace

BOOST_AUTO_TEST_CASE(random_graphs_verify_clean) {
  std::size_t cycles = 0, freed = 0, problems = 0;
  for (std::uint64_t seed = 1; seed <= 10'000; ++seed) {
    Runtime::Options o = verified_options(seed);
    o.gc.tiny_alloc_batching = (seed % 3) == 0;
    Runtime rt(o);
    Prng rng(seed * 7919);
    RootSet* pins = rt.new_root_set(RootKind::pinned, "pins");
    std::vector<ObjectId> live;  // ids of objects live right now (a superset of the reachable)
    auto pick = [&] { return rt.heap().find(live[rng.below(live.size())]); };
    const int steps = 20 + static_cast<int>(rng.below(40));
    for (int step = 0; step < steps; ++step) {
      const std::uint64_t op = rng.below(10);
      if (op < 5 || live.empty()) {
        const auto slots = static_cast<std::uint16_t>(rng.below(4));
        Object* o2 = rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), slots, static_cast<std::uint32_t>(rng.below(24)));
        live.push_back(o2->id);
        if (rng.below(2) == 0) pins->push(o2);
      } else if (op < 8) {  // random edge (may create cycles)
        Object* from = pick();
        if (from->slot_count != 0) from->slot(static_cast<std::uint32_t>(rng.below(from->slot_count))) =
            rng.below(4) == 0 ? nullptr : pick();
      } else if (op == 8 && !pins->slots().empty()) {  // drop a root
        pins->slots().erase(pins->slots().begin() + static_cast<std::ptrdiff_t>(rng.below(pins->slots().size())));
      } else {
        const GcCycleStats st = rt.gc();
        ++cycles;
        freed += st.freed_objects;
        problems += rt.verify_problems().size();
        std::erase_if(live, [&](ObjectId id) { return !rt.heap().is_live(id); });
      }
    }
    rt.gc();
    ++cycles;
    problems += rt.verify_problems().size();
    BOOST_TEST_REQUIRE(rt.check_invariants().empty());
  }
  BOOST_TEST(problems == 0u);
  BOOST_TEST(cycles >= 10'000u);
  BOOST_TEST(freed > 0u);  // the graphs really exercised freeing
}

// Past kPipelineFromObjects live objects drain() takes its pipelined path:
// wide nodes (a trie's), long chains (a stack of 1-slot objects, where the
// pipeline runs dry) and shared children, each graph verified after a GC;
// then a third of the roots is cut loose and a second GC (by then on fewer
// live objects, so possibly the plain path) is verified too.
BOOST_AUTO_TEST_CASE(large_graphs_verify_clean_through_the_pipelined_mark) {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    Runtime rt(verified_options(seed));
    Prng rng(seed * 104729);
    RootSet* pins = rt.new_root_set(RootKind::pinned, "pins");
    std::vector<Object*> objects;
    objects.reserve(kLargeGraphObjects);
    for (std::size_t i = 0; i < kLargeGraphObjects; ++i) {
      const std::uint16_t slots = random_slot_count(rng);
      Object* obj = rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), slots, static_cast<std::uint32_t>(rng.below(24)));
      // Point back at earlier objects: chains (the one before), fan-out and sharing (any before).
      for (std::uint32_t s = 0; s < slots && !objects.empty(); ++s)
        obj->slot(s) = (slots == 1) ? objects.back() : (rng.below(5) == 0 ? nullptr : objects[rng.below(objects.size())]);
      objects.push_back(obj);
      if (rng.below(64) == 0) pins->push(obj);
    }
    BOOST_TEST_REQUIRE(rt.heap().heap_live_objects() >= Collector::kPipelineFromObjects);  // the pipelined path
    GcCycleStats st = rt.gc();
    BOOST_TEST(rt.verify_problems().empty());
    BOOST_TEST(st.marked_objects > Collector::kPipelineFromObjects / 2);
    const std::size_t roots = pins->slots().size();
    pins->slots().erase(pins->slots().begin(), pins->slots().begin() + static_cast<std::ptrdiff_t>(roots / 3));
    st = rt.gc();
    BOOST_TEST(rt.verify_problems().empty());
    BOOST_TEST_REQUIRE(rt.check_invariants().empty());
  }
}

// A tree (every object reachable through its one parent alone), laid out
// breadth-first from one pinned root, with chains, fan-out of 3 and 32, and
// leaves: an object the pipelined mark failed to scan would leave its
// children unmarked, and the verifier would see them freed.
BOOST_AUTO_TEST_CASE(a_large_tree_is_marked_whole_through_the_pipelined_mark) {
  Runtime::Options o = verified_options(1);
  // Leaves of their own: a leaf sharing a tiny block with a marked object
  // would be kept alive by the block, hiding a parent the mark skipped.
  o.gc.tiny_alloc_batching = false;
  Runtime rt(o);
  Prng rng(7);
  RootSet* pins = rt.new_root_set(RootKind::pinned, "pins");
  const std::size_t n = kLargeGraphObjects;
  std::vector<Object*> objects;
  objects.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint16_t slots = i == 0 ? 32 : random_slot_count(rng);
    objects.push_back(rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), slots, 8));
  }
  std::size_t next = 1;
  for (std::size_t i = 0; i < next && next < n; ++i)  // i < next: only reachable objects get children
    for (std::uint32_t s = 0; s < objects[i]->slot_count && next < n; ++s) objects[i]->slot(s) = objects[next++];
  BOOST_TEST_REQUIRE(next == n);
  pins->push(objects[0]);
  BOOST_TEST_REQUIRE(rt.heap().heap_live_objects() >= Collector::kPipelineFromObjects);  // the pipelined path
  const GcCycleStats st = rt.gc();
  BOOST_TEST(rt.verify_problems().empty());
  BOOST_TEST(st.marked_objects == n);
  BOOST_TEST(st.freed_objects == 0u);
}

BOOST_AUTO_TEST_CASE(verifier_catches_a_broken_sweep) {
  // The verifier must be able to fail: a root the collector does not see.
  Runtime::Options o;
  o.gc.gogc_off = true;
  o.verify_gc = true;
  Runtime rt(o);
  RootSet* pins = rt.new_root_set(RootKind::pinned, "pins");
  Object* a = rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 1, 0);
  pins->push(a);
  // Mark `a` by hand before the cycle: the sweep keeps it but nothing of it
  // is wrong; instead corrupt by setting the mark bit of an unreachable object.
  Object* b = rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 0, 0);
  b->flags |= object_flag::marked;  // a stale mark: b survives though unreachable
  rt.gc();
  BOOST_TEST(!rt.verify_problems().empty());
}
