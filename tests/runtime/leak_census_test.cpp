// Collector::retained_by_each_goroutine (one pass for the leak census) gives
// exactly what a retained_only_by per goroutine gives, on random heaps where
// goroutines share objects with each other and with other roots.
#define BOOST_TEST_MODULE runtime leak census
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include "runtime/collector.hpp"
#include "runtime/finalizers.hpp"
#include "runtime/heap.hpp"
#include "runtime/prng.hpp"
#include "runtime/roots.hpp"
#include "runtime/tiny_blocks.hpp"

using namespace gcm::rt;

namespace {

struct World {
  Heap heap;
  RootRegistry roots;
  FinalizerTable finalizers;
  TinyBlocks tiny;
  CostModel cost;
  Collector collector{heap, roots, finalizers, tiny, cost};
};

// `objects` objects of 2 slots, random edges; goroutines 1..goroutines hold
// two frames each, a global holds a few objects too.
std::vector<std::uint32_t> random_heap(World& w, std::uint64_t seed, int objects, std::uint32_t goroutines) {
  Prng prng(seed);
  std::vector<Object*> all;
  for (int i = 0; i < objects; ++i) all.push_back(w.heap.allocate(0, 2, static_cast<std::uint32_t>(8 * (i % 7)), false));
  const auto any = [&] { return all[static_cast<std::size_t>(prng.below(all.size()))]; };
  for (Object* o : all)
    for (std::uint32_t s = 0; s < 2; ++s)
      if (prng.below(3) != 0) o->slot(s) = any();
  w.roots.open(RootKind::global, "cache")->set("x", any());
  std::vector<std::uint32_t> goids;
  for (std::uint32_t g = 1; g <= goroutines; ++g) {
    goids.push_back(g);
    for (int f = 0; f < 2; ++f) w.roots.open(RootKind::frame, "worker", g)->set("buf", any());
  }
  return goids;
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_pass_equals_one_census_per_goroutine) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    World w;
    const int objects = 5 + static_cast<int>(seed % 40);
    const std::vector<std::uint32_t> goids = random_heap(w, seed, objects, 1 + seed % 9);
    const std::vector<Collector::Retained> each = w.collector.retained_by_each_goroutine(goids);
    BOOST_REQUIRE(each.size() == goids.size());
    for (std::size_t i = 0; i < goids.size(); ++i) {
      const std::uint32_t id = goids[i];
      const Collector::Retained one =
          w.collector.retained_only_by([id](const RootSet& s) { return s.kind() == RootKind::frame && s.goid() == id; });
      BOOST_TEST(each[i].bytes == one.bytes, "seed " << seed << " goroutine " << id);
      BOOST_TEST(each[i].objects == one.objects, "seed " << seed << " goroutine " << id);
    }
  }
}

BOOST_AUTO_TEST_CASE(leaves_no_mark_set) {
  World w;
  const std::vector<std::uint32_t> goids = random_heap(w, 7, 30, 4);
  (void)w.collector.retained_by_each_goroutine(goids);
  for (const Object* o : w.heap.objects()) BOOST_TEST(!o->is(object_flag::marked));
}
