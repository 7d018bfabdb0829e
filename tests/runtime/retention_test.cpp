// Retention snapshots (runtime/retention.hpp): who retains the heap, by
// dominator tree, on hand-built heaps whose answer is known.
#define BOOST_TEST_MODULE runtime retention
#include <boost/test/unit_test.hpp>

#include <ostream>

#include "runtime/runtime.hpp"

using namespace gcm::rt;

namespace gcm::rt {  // printable in BOOST_TEST messages
std::ostream& operator<<(std::ostream& os, RootKind k) { return os << to_string(k); }
std::ostream& operator<<(std::ostream& os, RetentionPoint p) { return os << to_string(p); }
}  // namespace gcm::rt

namespace {
Runtime::Options manual() {
  Runtime::Options o;
  o.gc.gogc_off = true;  // no cycle unless forced
  return o;
}
// 16-byte header + 8 per slot + 8 payload.
Object* node(Runtime& rt, std::uint16_t slots = 1, std::uint32_t payload = 8) {
  return rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), slots, payload);
}
const RetentionSnapshot& snap(Runtime& rt) {
  rt.snapshot_retention(RetentionPoint::test_end, "TestX");
  const RetentionSnapshot& s = rt.retention().back();
  BOOST_TEST(s.check().empty());
  return s;
}
const Retainer* find(const RetentionSnapshot& s, RootKind kind, const std::string& name) {
  for (const Retainer& r : s.retainers)
    if (r.kind == kind && r.name == name) return &r;
  return nullptr;
}
}  // namespace

BOOST_AUTO_TEST_CASE(each_root_retains_what_only_it_reaches_and_shared_objects_are_shared) {
  Runtime rt(manual());
  // cache -> a -> {b, c}; frame TestX: d, e; global other -> e (shared with the frame).
  Object* a = node(rt, 2);  // 40 B
  Object* b = node(rt);     // 32 B
  Object* c = node(rt);     // 32 B
  a->slot(0) = b;
  a->slot(1) = c;
  Object* d = node(rt, 0, 100);  // 16 + 104 = 120 B
  Object* e = node(rt);          // 32 B
  node(rt, 0, 1000);             // garbage: reachable from nothing, counted nowhere
  rt.set_global("cache", a);
  rt.set_global("other", e);
  RootSet* frame = rt.open_frame("TestX");
  frame->set("d", d);
  frame->set("e", e);
  frame->set("nil", nullptr);

  const RetentionSnapshot& s = snap(rt);
  BOOST_TEST(s.reachable_bytes == 40u + 32 + 32 + 120 + 32);
  BOOST_TEST(s.reachable_objects == 5u);
  BOOST_REQUIRE(s.retainers.size() == 2u);  // `other` retains nothing alone
  // Largest first: the frame's d (120 B) before the cache's a, b, c (104 B).
  BOOST_TEST(s.retainers[0].kind == RootKind::frame);
  BOOST_TEST(s.retainers[0].name == "TestX");
  BOOST_TEST(s.retainers[0].retained_bytes == 120u);
  BOOST_TEST(s.retainers[0].retained_objects == 1u);
  BOOST_TEST(s.retainers[1].kind == RootKind::global);
  BOOST_TEST(s.retainers[1].name == "cache");
  BOOST_TEST(s.retainers[1].retained_bytes == 104u);
  BOOST_TEST(s.retainers[1].retained_objects == 3u);
  BOOST_TEST(s.shared_bytes == 32u);
  BOOST_TEST(s.shared_objects == 1u);
  BOOST_TEST(s.share_permille(s.retainers[1]) == 104u * 1000 / 256);
  // Who shares e: `other` (retaining nothing alone) and the frame; kind order.
  BOOST_REQUIRE(s.shared_by.size() == 2u);
  BOOST_TEST(s.shared_by[0].kind == RootKind::global);
  BOOST_TEST(s.shared_by[0].name == "other");
  BOOST_TEST(s.shared_by[1].kind == RootKind::frame);
  BOOST_TEST(s.shared_by[1].name == "TestX");
  BOOST_TEST(s.shared_by[1].retained_bytes == 0u);
}

BOOST_AUTO_TEST_CASE(the_articles_static_cache_holds_87_percent) {
  // §4.3: DataCache.INSTANCE -> map -> 87 entries of 1 KiB; request state:
  // 13 entries of 1 KiB on the test's frame.
  Runtime rt(manual());
  Object* map = node(rt, 87, 0);
  for (std::uint32_t i = 0; i < 87; ++i) map->slot(i) = node(rt, 0, 1024 - 16);
  rt.set_global("DataCache.INSTANCE", map);
  RootSet* frame = rt.open_frame("TestOrders");
  for (int i = 0; i < 13; ++i) frame->push(node(rt, 0, 1024 - 16));
  const RetentionSnapshot& s = snap(rt);
  BOOST_REQUIRE(!s.retainers.empty());
  BOOST_TEST(s.retainers[0].name == "DataCache.INSTANCE");
  // 87 KiB + the map's 16 + 87·8 bytes of 100 KiB + that.
  const std::uint64_t cache = 87 * 1024 + 16 + 87 * 8;
  BOOST_TEST(s.retainers[0].retained_bytes == cache);
  BOOST_TEST(s.share_permille(s.retainers[0]) == cache * 1000 / (cache + 13 * 1024));
  BOOST_TEST(s.share_permille(s.retainers[0]) / 10 == 87u);
}

BOOST_AUTO_TEST_CASE(garbage_pointing_into_a_tree_neither_shares_nor_counts) {
  // Between cycles the heap is mostly garbage (path copies): 1,000 dead
  // objects each pointing at the cache's leaf do not make it shared, and the
  // snapshot walks only what the roots reach.
  Runtime rt(manual());
  Object* top = node(rt);
  Object* leaf = node(rt);
  top->slot(0) = leaf;
  for (int i = 0; i < 1000; ++i) node(rt)->slot(0) = leaf;
  rt.set_global("cache", top);
  const RetentionSnapshot& s = snap(rt);
  BOOST_REQUIRE(s.retainers.size() == 1u);
  BOOST_TEST(s.retainers[0].name == "cache");
  BOOST_TEST(s.retainers[0].retained_objects == 2u);
  BOOST_TEST(s.reachable_objects == 2u);
  BOOST_TEST(s.shared_objects == 0u);
  BOOST_TEST(rt.heap().heap_live_objects() == 1002u);  // the garbage is still there, uncounted
  BOOST_TEST(s.shared_by.empty());
}

BOOST_AUTO_TEST_CASE(shared_by_names_roots_that_reach_shared_objects_through_their_own_part) {
  // §1 (A2): the test frame holds m's cell; the cleanup closure captured the
  // same cell. a -> cell -> trie; b -> own -> cell; c reaches nothing shared.
  //   frame TestCapture: cell        cleanup list: closure -> cell
  //   global c: private
  Runtime rt(manual());
  Object* trie = node(rt, 0, 1000);
  Object* cell = node(rt);
  cell->slot(0) = trie;
  Object* closure = node(rt);
  closure->slot(0) = cell;
  rt.open_frame("TestCapture")->set("m", cell);
  rt.new_root_set(RootKind::cleanup_list, "TestCapture.cleanups")->push(closure);
  rt.set_global("c", node(rt, 0, 8));
  const RetentionSnapshot& s = snap(rt);
  BOOST_TEST(s.shared_objects == 2u);  // the cell and the trie below it
  BOOST_REQUIRE(s.shared_by.size() == 2u);
  BOOST_TEST(s.shared_by[0].kind == RootKind::frame);  // reaches the cell directly
  BOOST_TEST(s.shared_by[1].kind == RootKind::cleanup_list);  // through its own closure
  BOOST_TEST(s.shared_by[1].name == "TestCapture.cleanups");
  // The check catches a list that does not add up.
  RetentionSnapshot bad = s;
  bad.shared_by.pop_back();
  BOOST_TEST(!bad.check().empty());
  bad = s;
  std::swap(bad.shared_by[0], bad.shared_by[1]);
  BOOST_TEST(!bad.check().empty());
}

BOOST_AUTO_TEST_CASE(a_diamond_below_one_root_stays_with_that_root) {
  // root -> a -> {b, c} -> d: d is dominated by a, not shared.
  Runtime rt(manual());
  Object* a = node(rt, 2);
  Object* b = node(rt);
  Object* c = node(rt);
  Object* d = node(rt);
  a->slot(0) = b, a->slot(1) = c, b->slot(0) = d, c->slot(0) = d;
  d->slot(0) = a;  // a cycle back to the top changes nothing
  rt.set_global("g", a);
  const RetentionSnapshot& s = snap(rt);
  BOOST_REQUIRE(s.retainers.size() == 1u);
  BOOST_TEST(s.retainers[0].retained_objects == 4u);
  BOOST_TEST(s.shared_bytes == 0u);
}

BOOST_AUTO_TEST_CASE(finalizer_closures_and_queued_objects_are_the_finalizer_queue) {
  Runtime rt(manual());
  Object* captured = node(rt, 0, 500);
  Object* fn = rt.new_closure("finalize", {captured}, [](Object*, Object*) {});
  Object* obj = node(rt);
  rt.set_finalizer(obj, fn);
  rt.set_global("obj", obj);
  const RetentionSnapshot& before = snap(rt);
  const Retainer* q = find(before, RootKind::finalizer, "finalizers");
  BOOST_REQUIRE(q != nullptr);
  BOOST_TEST(q->retained_bytes == fn->emulated_bytes() + captured->emulated_bytes());
  BOOST_TEST(find(before, RootKind::global, "obj")->retained_bytes == obj->emulated_bytes());
  // Unreachable: the collector queues the finalizer and resurrects obj (O4);
  // the queue now retains obj too.
  rt.set_global("obj", nullptr);
  rt.gc();
  const RetentionSnapshot& after = rt.retention().back();
  BOOST_TEST(after.at == RetentionPoint::forced_gc);  // runtime.GC takes one itself
  BOOST_TEST(after.check().empty());
  const Retainer* q2 = find(after, RootKind::finalizer, "finalizers");
  BOOST_REQUIRE(q2 != nullptr);
  BOOST_TEST(q2->retained_objects == 3u);
}

BOOST_AUTO_TEST_CASE(snapshots_read_only_no_virtual_time_no_event_no_object_change) {
  Runtime rt(manual());
  Object* a = node(rt);
  rt.set_global("a", a);
  const std::int64_t t = rt.now_ns();
  const std::size_t events = rt.events().size();
  const std::uint8_t flags = a->flags;
  snap(rt);
  BOOST_TEST(rt.now_ns() == t);
  BOOST_TEST(rt.events().size() == events);
  BOOST_TEST(a->flags == flags);
  BOOST_TEST(rt.check_invariants().empty());
}

BOOST_AUTO_TEST_CASE(switched_off_takes_none) {
  Runtime::Options o = manual();
  o.retention_snapshots = false;
  Runtime rt(o);
  rt.set_global("a", node(rt));
  rt.gc();
  rt.snapshot_retention(RetentionPoint::test_end, "TestX");
  BOOST_TEST(rt.retention().empty());
}

BOOST_AUTO_TEST_CASE(ties_are_ordered_by_kind_then_name_and_check_finds_disorder) {
  Runtime rt(manual());
  rt.set_global("b", node(rt));
  rt.set_global("a", node(rt));
  rt.open_frame("f")->push(node(rt));
  RetentionSnapshot s = snap(rt);
  BOOST_REQUIRE(s.retainers.size() == 3u);
  BOOST_TEST(s.retainers[0].name == "a");
  BOOST_TEST(s.retainers[1].name == "b");
  BOOST_TEST(s.retainers[2].kind == RootKind::frame);
  std::swap(s.retainers[0], s.retainers[1]);
  BOOST_TEST(!s.check().empty());
  RetentionSnapshot wrong = rt.retention().back();
  wrong.shared_bytes += 8;
  BOOST_TEST(!wrong.check().empty());
}

BOOST_AUTO_TEST_CASE(roots_of_one_name_are_one_retainer_with_a_count) {
  // A10: many goroutines, one `worker` frame each, each holding its buffer;
  // and two workers sharing one object, which neither retains alone.
  Runtime rt(manual());
  Object* shared = node(rt);
  for (int i = 0; i < 3; ++i) {
    RootSet* f = rt.new_root_set(RootKind::frame, "worker");
    f->push(node(rt, 0, 1000));
    if (i < 2) f->push(shared);
  }
  const RetentionSnapshot& s = snap(rt);
  BOOST_REQUIRE(s.retainers.size() == 1u);
  BOOST_TEST(s.retainers[0].count == 3u);
  BOOST_TEST(s.retainers[0].retained_objects == 3u);
  BOOST_TEST(s.retainers[0].retained_bytes == 3u * 1016);
  BOOST_TEST(s.shared_objects == 1u);
  RetentionSnapshot twice = s;
  twice.retainers.push_back(twice.retainers.front());
  // Keep the sums right (modulo 2^64): only the duplicate is wrong.
  twice.shared_bytes -= twice.retainers.front().retained_bytes;
  twice.shared_objects -= twice.retainers.front().retained_objects;
  const std::vector<std::string> problems = twice.check();
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems.front().find("out of order or listed twice") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_group_counts_every_root_of_its_name_also_those_that_only_share) {
  // Three `worker` frames: one holds a private buffer and the shared config,
  // two hold only the shared config.
  Runtime rt(manual());
  Object* config = node(rt, 0, 8);
  for (int i = 0; i < 3; ++i) {
    RootSet* f = rt.open_frame("worker");
    f->set("config", config);
    if (i == 0) f->set("buf", node(rt, 0, 1000));
  }
  const RetentionSnapshot& s = snap(rt);
  BOOST_REQUIRE(s.retainers.size() == 1u);
  BOOST_TEST(s.retainers[0].count == 3u);  // not 1: "×3 goroutines", whoever retains
  BOOST_TEST(s.retainers[0].goid == 0u);
  BOOST_TEST(s.retainers[0].retained_objects == 1u);
  BOOST_REQUIRE(s.shared_by.size() == 1u);
  BOOST_TEST(s.shared_by[0].count == 3u);
}

BOOST_AUTO_TEST_CASE(the_every_n_allocations_hook_is_a_forced_gc_with_a_snapshot) {
  Runtime rt(manual());
  rt.set_gc_every_n_allocations(10);
  rt.run("main", [&] {
    rt.set_global("keep", node(rt));
    for (int i = 0; i < 25; ++i) {
      node(rt);
      rt.safepoint();
    }
  });
  std::size_t hook = 0;
  for (const RetentionSnapshot& s : rt.retention()) {
    hook += s.at == RetentionPoint::forced_gc && s.subject == "hook:every_n_allocations";
    BOOST_TEST(s.check().empty());
  }
  BOOST_TEST(hook == 2u);  // after the 10th and the 20th allocation
  BOOST_TEST(rt.gc_cycles() == 2u);
}

// Live ids spread far apart (5,000 reachable objects, each followed by 10
// collected ones) take the hashed object index instead of the dense one, and
// grow it past its first capacity; the answer must be the same as for a
// compact heap of the same shape.
BOOST_AUTO_TEST_CASE(a_sparse_heap_takes_the_hashed_index_and_answers_the_same) {
  const auto chain = [](bool sparse) {
    Runtime rt(manual());
    RootSet* pin = rt.new_root_set(RootKind::pinned, "building");
    Object* head = node(rt);
    rt.set_global("chain", head);
    Object* tail = head;
    for (int i = 1; i < 5000; ++i) {
      Object* next = node(rt);
      tail->slot(0) = next;
      tail = next;
      if (sparse)
        for (int g = 0; g < 10; ++g) pin->push(node(rt, 0, 8));  // garbage once unpinned
    }
    pin->clear();
    rt.gc();  // frees the garbage; the live ids are now 11 apart when sparse
    const RetentionSnapshot& s = snap(rt);
    BOOST_TEST(rt.heap().heap_live_objects() == 5000u);
    const std::uint64_t span = rt.heap().objects().back()->id - rt.heap().objects().front()->id + 1;
    BOOST_TEST((span > 4 * 5000 + 4096) == sparse);  // which index the snapshot used
    return s;
  };
  const RetentionSnapshot compact = chain(false), sparse = chain(true);
  BOOST_REQUIRE(sparse.retainers.size() == 1u);
  BOOST_TEST(sparse.retainers[0].name == "chain");
  BOOST_TEST(sparse.retainers[0].retained_objects == 5000u);
  BOOST_TEST(sparse.reachable_bytes == 5000u * 32);
  BOOST_TEST(sparse.retainers == compact.retainers);
  BOOST_TEST(sparse.shared_objects == 0u);
}
