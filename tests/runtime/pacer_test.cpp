// Pacer (O10): heap goal, GOGC=off, memory limit.
#define BOOST_TEST_MODULE runtime pacer
#include <boost/test/unit_test.hpp>

#include "runtime/runtime.hpp"

using namespace gcm::rt;

namespace {
constexpr std::uint32_t kPayload = 4096 - 16;  // 4 KiB objects (header included)

struct FirstCycle {
  std::uint64_t crossing_id = 0;  // first allocation whose bytes reached the goal
  const Event* start = nullptr;
};

// Allocates rooted 4 KiB objects, with a safe point after each (Go's
// allocation path), until `bytes` were allocated.
FirstCycle allocate_until(Runtime& rt, std::uint64_t bytes, std::uint64_t goal_bytes) {
  FirstCycle fc;
  RootSet* pins = rt.new_root_set(RootKind::pinned, "pins");
  std::uint64_t total = 0;
  while (total < bytes) {
    Object* o = rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 0, kPayload);
    pins->push(o);
    total += o->emulated_bytes();
    if (fc.crossing_id == 0 && rt.heap().heap_live_bytes() >= goal_bytes) fc.crossing_id = o->id;
    rt.safepoint();
  }
  for (const Event& e : rt.events().events())
    if (e.kind == EventKind::gc_start) {
      fc.start = &e;
      break;
    }
  return fc;
}
}  // namespace

BOOST_AUTO_TEST_CASE(gogc_100_first_cycle_at_the_allocation_that_crosses_the_goal) {
  Runtime rt(Runtime::Options{});
  BOOST_TEST(rt.pacer().heap_goal_bytes() == 4 * kMiB);  // heapMinimum × GOGC/100
  const FirstCycle fc = allocate_until(rt, 6 * kMiB, 4 * kMiB);
  BOOST_REQUIRE(fc.start != nullptr);
  BOOST_TEST(fc.start->subject == "pacer");
  BOOST_TEST(static_cast<std::uint64_t>(read<ev::GcStart>(*fc.start).trigger_alloc_id) == fc.crossing_id);
  BOOST_TEST(read<ev::GcStart>(*fc.start).heap_live_bytes >= static_cast<std::int64_t>(4 * kMiB));
  BOOST_TEST(read<ev::GcStart>(*fc.start).heap_live_bytes < static_cast<std::int64_t>(4 * kMiB + 4096));
  BOOST_TEST(rt.gc_cycles() == 1u);
}

BOOST_AUTO_TEST_CASE(goal_after_a_cycle_follows_the_formula) {
  Runtime::Options o;
  o.gc.gogc_percent = 50;
  Runtime rt(o);
  RootSet* pins = rt.new_root_set(RootKind::pinned, "pins");
  for (int i = 0; i < 4096; ++i) pins->push(rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 0, kPayload));
  const GcCycleStats st = rt.gc();
  const std::uint64_t live = st.live_after_bytes;
  const std::uint64_t roots = rt.roots_bytes();
  // heap_goal = live + (live + roots) × 50 / 100, at least 4 MiB × 50 / 100.
  BOOST_TEST(rt.pacer().heap_goal_bytes() == std::max(live + (live + roots) * 50 / 100, 2 * kMiB));
  Runtime::Options no_roots = o;
  no_roots.gc.roots_in_goal = false;
  Runtime rt2(no_roots);
  RootSet* pins2 = rt2.new_root_set(RootKind::pinned, "pins");
  for (int i = 0; i < 4096; ++i) pins2->push(rt2.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 0, kPayload));
  rt2.gc();
  BOOST_TEST(rt2.pacer().heap_goal_bytes() < rt.pacer().heap_goal_bytes());
}

BOOST_AUTO_TEST_CASE(gogc_off_never_collects_unless_forced) {
  Runtime::Options o;
  o.gc.gogc_off = true;
  Runtime rt(o);
  allocate_until(rt, 64 * kMiB, ~0ull);
  BOOST_TEST(rt.gc_cycles() == 0u);
  rt.gc();
  BOOST_TEST(rt.gc_cycles() == 1u);
}

BOOST_AUTO_TEST_CASE(memory_limit_forces_collections_earlier) {
  Runtime::Options o;
  o.gc.memory_limit_bytes = 2 * kMiB;
  Runtime rt(o);
  const FirstCycle fc = allocate_until(rt, 3 * kMiB, 2 * kMiB);
  BOOST_REQUIRE(fc.start != nullptr);
  BOOST_TEST(fc.start->subject == "memory_limit");
  BOOST_TEST(read<ev::GcStart>(*fc.start).heap_live_bytes < static_cast<std::int64_t>(4 * kMiB));
  BOOST_TEST(static_cast<std::uint64_t>(read<ev::GcStart>(*fc.start).trigger_alloc_id) == fc.crossing_id);
}

BOOST_AUTO_TEST_CASE(cpu_limiter_engages_when_live_heap_exceeds_the_limit) {
  // Live heap above GOMEMLIMIT: without the limiter every allocation would
  // start a cycle (death spiral); the limiter caps GC CPU near 50 % (O11).
  auto program = [](std::uint64_t limit_bytes, Runtime& rt) {
    RootSet* pins = rt.new_root_set(RootKind::pinned, "pins");
    for (int i = 0; i < 8192; ++i) {
      pins->push(rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 0, kPayload));
      rt.charge(20'000);  // 20 µs of mutator work per allocation
      rt.safepoint();
    }
    (void)limit_bytes;
  };
  Runtime::Options limited;
  limited.gc.memory_limit_bytes = 1 * kMiB;
  Runtime rt(limited);
  program(limited.gc.memory_limit_bytes, rt);
  Runtime free_rt(Runtime::Options{});
  program(0, free_rt);
  BOOST_TEST(rt.gc_cycles() > 4 * free_rt.gc_cycles());  // the limit drives many more cycles
  BOOST_TEST(rt.gc_cycles() < 8192u / 2);                // but far from one per allocation
  bool engaged_seen = false;
  for (const Event& e : rt.events().events())
    if (e.kind == EventKind::gc_end && read<ev::GcEnd>(e).limiter == 1) engaged_seen = true;
  BOOST_TEST(engaged_seen);
  const std::int64_t gc_share_percent = rt.gc_total_ns() * 100 / rt.now_ns();
  BOOST_TEST_MESSAGE("cycles " << rt.gc_cycles() << " vs " << free_rt.gc_cycles() << ", GC share " << gc_share_percent << "%");
  BOOST_TEST(gc_share_percent <= 60);  // near the 50 % cap
  BOOST_TEST(gc_share_percent >= 20);  // and the limit really costs CPU
}

BOOST_AUTO_TEST_CASE(every_n_allocations_hook_requests_cycles) {
  Runtime::Options o;
  o.gc.gogc_off = true;
  Runtime rt(o);
  rt.set_gc_every_n_allocations(100);
  for (int i = 0; i < 1000; ++i) {
    rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 0, 8);
    rt.safepoint();
  }
  BOOST_TEST(rt.gc_cycles() == 10u);
}
