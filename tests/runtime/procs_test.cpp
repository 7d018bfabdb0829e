// Issue 14 §3: GOMAXPROCS and the PCT scheduler (scheduler.hpp), the
// finalizer goroutine on another P (O14), the tiny allocator's current block
// as a root (tiny_blocks.hpp, O13).
#define BOOST_TEST_MODULE runtime procs
#include <boost/test/unit_test.hpp>

#include <set>
#include <vector>

#include "runtime/runtime.hpp"

using namespace gcm::rt;

namespace {
Runtime::Options opts(std::uint64_t seed, std::uint32_t procs, SchedKind kind, bool tiny_root = false) {
  Runtime::Options o;
  o.gc.gogc_off = true;
  o.gc.tiny_block_root = tiny_root;
  o.sched.gomaxprocs = procs;
  o.sched.kind = kind;
  o.seed = seed;
  o.verify_gc = true;
  return o;
}
Object* tiny(Runtime& rt, std::uint32_t bytes) { return rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 0, bytes); }
Object* node(Runtime& rt) { return rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 1, 8); }

// Four workers started in a loop, each taking three steps with a safepoint
// between them: the order of (worker, step) is the interleaving.
std::vector<int> interleaving(std::uint64_t seed, SchedKind kind, std::uint64_t* digest = nullptr) {
  Runtime::Options o = opts(seed, 2, kind);
  o.sched.pct_steps = 20;
  Runtime rt(o);
  std::vector<int> trace;
  rt.run("main", [&] {
    WaitGroup* wg = rt.make_waitgroup();
    wg->add(4);
    for (int w = 0; w < 4; ++w) {
      trace.push_back(-1 - w);  // the go statement
      rt.go("worker", [&, w] {
        for (int step = 0; step < 3; ++step) {
          trace.push_back(w * 10 + step);
          rt.safepoint();
        }
        wg->done();
      });
    }
    wg->wait();
  });
  if (digest != nullptr) *digest = rt.events().digest();
  return trace;
}
}  // namespace

BOOST_AUTO_TEST_CASE(pct_same_seed_same_schedule) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    std::uint64_t d1 = 0, d2 = 0;
    BOOST_TEST(interleaving(seed, SchedKind::pct, &d1) == interleaving(seed, SchedKind::pct, &d2));
    BOOST_TEST(d1 == d2);
  }
}

BOOST_AUTO_TEST_CASE(pct_and_random_explore_different_interleavings) {
  for (SchedKind kind : {SchedKind::pct, SchedKind::random}) {
    std::set<std::vector<int>> seen;
    for (std::uint64_t seed = 1; seed <= 50; ++seed) seen.insert(interleaving(seed, kind));
    BOOST_TEST(seen.size() >= 5u, "distinct interleavings over 50 seeds: " << seen.size());
  }
  // PCT: a goroutine runs before its creator's loop advances only after a
  // change point, so some seeds keep the loop whole and some do not.
  int early = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const std::vector<int> t = interleaving(seed, SchedKind::pct);
    early += !(t[0] == -1 && t[1] == -2 && t[2] == -3 && t[3] == -4);
  }
  BOOST_TEST(early > 0);
  BOOST_TEST(early < 50);
}

BOOST_AUTO_TEST_CASE(one_p_or_yield_only_never_switches_at_a_go_statement) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    for (auto [procs, kind] : {std::pair{1u, SchedKind::pct}, std::pair{2u, SchedKind::yield_only}}) {
      Runtime::Options o = opts(seed, procs, kind);
      Runtime rt(o);
      std::vector<int> trace;
      rt.run("main", [&] {
        for (int w = 0; w < 4; ++w) {
          rt.go("worker", [&, w] { trace.push_back(w); });
          rt.safepoint();
          trace.push_back(-1);
        }
      });
      BOOST_TEST((std::vector<int>(trace.begin(), trace.begin() + 4) == std::vector<int>{-1, -1, -1, -1}));
    }
  }
}

BOOST_AUTO_TEST_CASE(yield_only_ignores_gomaxprocs_byte_for_byte) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    std::uint64_t d[2] = {};
    for (std::uint32_t procs : {1u, 4u}) {
      Runtime rt(opts(seed, procs, SchedKind::yield_only));
      rt.run("main", [&] {
        for (int w = 0; w < 3; ++w) rt.go("w", [&] { rt.gosched(); });
        rt.gosched();
      });
      d[procs == 4] = rt.events().digest();
    }
    BOOST_TEST(d[0] == d[1]);
  }
}

// O14: after a cycle queues a finalizer, the finalizer goroutine runs on
// another P at the test goroutine's next safepoint, without it blocking.
BOOST_AUTO_TEST_CASE(finalizer_goroutine_runs_on_another_p_at_a_safepoint) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    for (std::uint32_t procs : {1u, 2u}) {
      Runtime rt(opts(seed, procs, SchedKind::pct));
      int runs = -1;
      std::uint32_t fing_p = 99, main_p = 99;
      rt.run("main", [&] {
        RootSet* frame = rt.open_frame("main");
        main_p = rt.scheduler().current()->p;
        runs = 0;
        Object* fin = rt.new_closure("fin", {}, [&](Object*, Object*) {
          ++runs;
          fing_p = rt.scheduler().current()->p;
        });
        frame->set("fin", fin);
        rt.set_finalizer(node(rt), fin);
        rt.set_gc_every_n_allocations(1);
        node(rt);        // requests a cycle
        rt.safepoint();  // runs it: the finalizer is queued ...
        rt.set_gc_every_n_allocations(0);
        rt.safepoint();  // ... and runs here on another P (2 Ps), or not (1 P)
        BOOST_TEST(runs == (procs == 2 ? 1 : 0), "seed " << seed << " procs " << procs);
      });
      if (procs == 2) BOOST_TEST(fing_p != main_p);
    }
  }
}

// O13: each P's current tiny block is marked by the next cycle
// (gcMarkTinyAllocs) and dropped after it (prepareForSweep): a tiny
// finalizable object dropped just before one runtime.GC() needs a second.
BOOST_AUTO_TEST_CASE(current_tiny_block_survives_one_cycle) {
  for (bool root : {false, true}) {
    Runtime rt(opts(1, 2, SchedKind::pct, root));
    int runs = 0;
    rt.run("main", [&] {
      RootSet* frame = rt.open_frame("main");
      Object* fin = rt.new_closure("fin", {}, [&](Object*, Object*) { ++runs; });
      frame->set("fin", fin);
      Object* obj = tiny(rt, 8);
      const ObjectId id = obj->id;
      rt.set_finalizer(obj, fin);
      rt.gc();
      rt.sleep(1'000'000);
      BOOST_TEST(runs == (root ? 0 : 1));
      BOOST_TEST(rt.heap().is_live(id));
      rt.gc();
      rt.sleep(1'000'000);
      BOOST_TEST(runs == 1);
      rt.gc();
      BOOST_TEST(!rt.heap().is_live(id));
    });
    BOOST_TEST(rt.verify_problems().empty());
  }
}

// runtime/malloc.go mallocgc tiny path on a hand-built heap: alignment by
// size, and a fresh block becomes current only if it has more room left.
BOOST_AUTO_TEST_CASE(tiny_packing_follows_mallocgc) {
  Heap heap;
  TinyBlocks tb;
  auto put = [&](std::uint32_t bytes, std::uint32_t p = 0) {
    Object* o = heap.allocate(static_cast<std::uint8_t>(ObjectKind::plain), 0, bytes);
    tb.place_on_p(o, 16, p);
    return tb.block_of(o->id);
  };
  const auto b1 = put(1);          // off 0 → 1
  BOOST_TEST(put(8) == b1);        // aligned to 8: 8..16
  const auto b2 = put(8);          // full: new block, 8 < 16 → current
  BOOST_TEST(b2 != b1);
  BOOST_TEST(tb.current_block(0) == b2);
  BOOST_TEST(put(4) == b2);        // off 8 → 12
  const auto b3 = put(15);         // does not fit; 15 < 12 is false: b2 stays current
  BOOST_TEST(b3 != b2);
  BOOST_TEST(tb.current_block(0) == b2);
  BOOST_TEST(put(2) == b2);        // 12..14
  BOOST_TEST(put(8, 1) != b2);     // another P has its own block
  BOOST_TEST(tb.current_block(1) != tb.current_block(0));
  std::vector<ObjectId> roots;
  tb.for_each_current_member([&](Object* o) { roots.push_back(o->id); });
  BOOST_TEST(roots.size() == 4u);  // b2's three members and P1's one
  tb.release_current();
  BOOST_TEST(tb.current_block(0) == 0u);
  BOOST_TEST(put(8) != b2);        // after a cycle: a fresh block
}

// propagate_marks only looks at blocks that ever held two members (issue 16).
// With two Ps the first member of P0's block is older than P1's two-member
// block, so it joins that list out of id order: the rule must still mark it,
// a block with one live member must pass nothing on, and a freed member
// must not be touched (it is gone from the list, not left dangling).
BOOST_AUTO_TEST_CASE(tiny_mark_propagation_across_ps) {
  Heap heap;
  TinyBlocks tb;
  auto put = [&](std::uint32_t bytes, std::uint32_t p) {
    Object* o = heap.allocate(static_cast<std::uint8_t>(ObjectKind::plain), 0, bytes);
    tb.place_on_p(o, 16, p);
    return o;
  };
  Object* a1 = put(4, 0);   // P0's block A, alone so far
  Object* b1 = put(4, 1);   // P1's block B
  Object* b2 = put(4, 1);   // B holds two
  Object* a2 = put(4, 0);   // A holds two: a1 joins after B's members
  Object* c1 = put(4, 2);   // P2's block C: one member
  BOOST_TEST(tb.block_of(a1->id) == tb.block_of(a2->id));
  BOOST_TEST(tb.block_of(b1->id) == tb.block_of(b2->id));
  BOOST_TEST(tb.block_of(a1->id) != tb.block_of(b1->id));
  a2->flags |= object_flag::marked;
  BOOST_TEST(tb.propagate_marks() == 1u);  // a1 only
  BOOST_TEST(a1->is(object_flag::marked));
  BOOST_TEST(!b1->is(object_flag::marked));
  BOOST_TEST(!b2->is(object_flag::marked));
  BOOST_TEST(!c1->is(object_flag::marked));
  BOOST_TEST(tb.propagate_marks() == 0u);  // nothing left to pass on (and no stale block mark)
  // A sweep: B dies whole, C dies, A lives.
  for (Object* o : {a1, a2}) o->flags &= static_cast<std::uint8_t>(~object_flag::marked);
  tb.on_free(b1);
  tb.on_free(b2);
  tb.on_free(c1);
  BOOST_TEST(tb.block_count() == 1u);
  tb.on_free(a1);  // A left with a2 alone: marking it passes nothing on
  a2->flags |= object_flag::marked;
  BOOST_TEST(tb.propagate_marks() == 0u);
  BOOST_TEST(tb.block_count() == 1u);
}
