// gc_test.cpp — the trie on the emulated heap: an old root captured by a
// closure keeps exactly its unshared nodes alive (A3); dropping the closure
// frees them; recycling (A17) and clear + refill (A20). verify_gc throughout.
#define BOOST_TEST_MODULE trie_gc
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <iterator>

#include "trie_test_util.hpp"

namespace gcm::trie::testing {
namespace {

std::set<rt::ObjectId> minus(const std::set<rt::ObjectId>& a, const std::set<rt::ObjectId>& b) {
  std::set<rt::ObjectId> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}
std::set<rt::ObjectId> plus(const std::set<rt::ObjectId>& a, const std::set<rt::ObjectId>& b) {
  std::set<rt::ObjectId> out = a;
  out.insert(b.begin(), b.end());
  return out;
}

// v1: `n` keys; v2: v1 after `edits` random updates, inserts and removals.
template <class Keys>
std::pair<rt::Object*, rt::Object*> two_versions(typename Keys::map_type& m, rt::RootSet* roots, int n, int edits) {
  auto t = m.transient();
  for (int i = 0; i < n; ++i) t.set(Keys::key(i), Keys::key(i + 1));
  rt::Object* v1 = t.freeze();
  roots->set("v1", v1);
  rt::Object* v2 = v1;
  rt::Prng prng(77);
  for (int i = 0; i < edits; ++i) {
    const auto k = Keys::key(prng.below(n + n / 4));
    v2 = prng.below(3) == 0 ? m.remove(v2, k) : m.set(v2, k, Keys::key(prng.below(1000) + 5));
  }
  roots->set("v2", v2);
  return {v1, v2};
}

template <class Keys>
void closure_keeps_exactly_unshared_nodes() {
  rt::Runtime rt(runtime_options(3, /*verify_gc=*/true));
  typename Keys::map_type m(rt);
  rt::RootSet* roots = rt.new_root_set(rt::RootKind::pinned, "test frame");
  auto [v1, v2] = two_versions<Keys>(m, roots, 3000, 150);
  const auto ids1 = node_ids(m, v1), ids2 = node_ids(m, v2);
  const auto unshared = minus(ids1, ids2);
  BOOST_REQUIRE(!unshared.empty());
  BOOST_REQUIRE(unshared.size() < ids1.size());  // structural sharing

  // func() { use(m) } capturing the old root: closure → cell → v1.
  rt::Object* cell = rt.new_cell(v1);
  rt::Object* closure = rt.new_closure("cleanup uses old m", {cell}, [](rt::Object*, rt::Object*) {});
  rt::RootSet* cleanups = rt.new_root_set(rt::RootKind::cleanup_list, "t.cleanups");
  cleanups->push(closure);
  roots->set("v1", nullptr);  // the local no longer holds it; only the closure does
  rt.gc();
  require_clean(rt);
  BOOST_TEST(live_trie_nodes(rt) == plus(ids1, ids2));  // exactly: no garbage node survived
  for (rt::ObjectId id : unshared) TRIE_REQUIRE(rt.heap().is_live(id), "unshared node " << id << " freed");
  require_ok(m, v1, "v1 through the closure");

  // Drop the closure: v1's unshared nodes become garbage, v2 untouched.
  rt.drop_root_set(cleanups);
  rt.gc();
  require_clean(rt);
  for (rt::ObjectId id : unshared) TRIE_REQUIRE(!rt.heap().is_live(id), "node " << id << " of v1 still live");
  BOOST_TEST(live_trie_nodes(rt) == ids2);
  require_ok(m, v2, "v2 after v1 died");
}

BOOST_AUTO_TEST_CASE(closure_keeps_exactly_unshared_nodes_u64) { closure_keeps_exactly_unshared_nodes<U64Keys>(); }
BOOST_AUTO_TEST_CASE(closure_keeps_exactly_unshared_nodes_string) {
  closure_keeps_exactly_unshared_nodes<StringKeys>();
}

BOOST_AUTO_TEST_CASE(transient_root_survives_gc_between_operations) {
  rt::Runtime rt(runtime_options(4, true));
  U64Map m(rt);
  auto t = m.transient();
  for (std::uint64_t i = 0; i < 5000; ++i) {
    t.set(U64Keys::key(i), i);
    if (i % 1000 == 999) {
      rt.gc();
      require_clean(rt);
    }
  }
  BOOST_TEST(t.check().ok());
  BOOST_TEST(t.size() == 5000u);
}

// A17: recycling refuses while another root reaches a node, and leaves the
// tree intact; once unshared, it zeroes and pools every node.
BOOST_AUTO_TEST_CASE(recycle_checks_sharing_then_pools_every_node) {
  rt::Runtime rt(runtime_options(5, true));
  StringMap m(rt);
  rt::RootSet* roots = rt.new_root_set(rt::RootKind::frame, "TestRecycle");
  auto [v1, v2] = two_versions<StringKeys>(m, roots, 2000, 100);
  const std::string dump1 = m.dump(v1), dump2 = m.dump(v2);

  // v1 is still held by the frame's "v1": recycling v2 would break v1.
  RecycleResult r = m.recycle(v2, {.check_unshared = true, .owner = roots, .owner_slot = "v2"});
  BOOST_TEST(r.status == RecycleStatus::shared);
  BOOST_TEST(r.shared_via == "TestRecycle.v1");
  BOOST_TEST(m.dump(v1) == dump1);
  BOOST_TEST(m.dump(v2) == dump2);

  // A closure over v2 itself shares it too, even though it holds the root itself.
  roots->set("v1", nullptr);
  rt::Object* closure = rt.new_closure("captures m", {rt.new_cell(v2)}, [](rt::Object*, rt::Object*) {});
  rt.globals().set("f", closure);
  r = m.recycle(v2);
  BOOST_TEST(r.status == RecycleStatus::shared);
  BOOST_TEST(r.shared_via == "globals.f");
  rt.globals().set("f", nullptr);

  // A transient started from v2 shares it.
  {
    auto t = m.transient(v2);
    BOOST_TEST(m.recycle(v2).status == RecycleStatus::shared);
  }
  rt.gc();
  require_clean(rt);
  BOOST_TEST(m.dump(v2) == dump2);

  const auto ids2 = node_ids(m, v2);
  r = m.recycle(v2);  // only the frame's own "v2" holds it now
  BOOST_REQUIRE(r.status == RecycleStatus::recycled);
  BOOST_TEST(r.nodes == ids2.size());
  BOOST_TEST(r.pooled == ids2.size());
  BOOST_TEST(m.size(v2) == 0u);  // a stale root reads as empty
  roots->set("v2", nullptr);
  BOOST_TEST(m.pool().check().empty());
  rt.gc();
  require_clean(rt);
  // Zero live nodes of the tree: each survivor is a zeroed pooled node, in no tree.
  for (rt::ObjectId id : ids2) {
    const rt::Object* o = rt.heap().find(id);
    if (o == nullptr) continue;
    TRIE_REQUIRE(Node<string_map_policy>::header(o).edit == kEditPooled, "node " << id << " live outside the pool");
    for (std::uint32_t i = 0; i < o->slot_count; ++i) TRIE_REQUIRE(o->slot(i) == nullptr, "pooled slot not zeroed");
  }
  // Without the pool nothing of the tree is left.
  m.pool().release_all();
  rt.gc();
  require_clean(rt);
  for (rt::ObjectId id : ids2) TRIE_REQUIRE(!rt.heap().is_live(id), "node " << id << " of the recycled tree live");
  BOOST_TEST(live_trie_nodes(rt).empty());
}

BOOST_AUTO_TEST_CASE(recycle_without_check_and_of_nil) {
  rt::Runtime rt(runtime_options(6, true));
  U64Map m(rt);
  BOOST_TEST(m.recycle(m.empty()).status == RecycleStatus::empty);
  rt::Object* v = m.empty();
  for (std::uint64_t i = 0; i < 1000; ++i) v = m.set(v, U64Keys::key(i), i);
  const auto ids = node_ids(m, v);
  const RecycleResult r = m.recycle(v, {.check_unshared = false});
  BOOST_TEST(r.status == RecycleStatus::recycled);
  BOOST_TEST(r.pooled == ids.size());
  BOOST_TEST(m.pool_stats().pooled_nodes == ids.size());
  BOOST_TEST(!m.check(v).ok());  // the stale root is reported
  BOOST_TEST(m.recycle(v).status == RecycleStatus::stale);  // and not recycled twice
  rt.gc();
  require_clean(rt);
  BOOST_TEST(m.pool().check().empty());
}

// A20: clear() keeps the pool, so refilling allocates fewer new nodes than
// building a fresh map, persistent or transient.
template <bool kTransient>
void clear_and_refill_allocates_less() {
  rt::Runtime rt(runtime_options(7, true));
  U64Map m(rt);
  rt::RootSet* roots = rt.new_root_set(rt::RootKind::pinned, "bench");
  auto fill = [&](std::uint64_t base) {
    rt::Object* root = m.empty();
    if constexpr (kTransient) {
      auto t = m.transient();
      for (std::uint64_t i = 0; i < 1000; ++i) t.set(U64Keys::key(base + i), i);
      root = t.freeze();
    } else {
      for (std::uint64_t i = 0; i < 1000; ++i) root = m.set(root, U64Keys::key(base + i), i);
    }
    roots->set("m", root);
    return root;
  };
  rt::Object* first = fill(0);
  (void)first;
  // Fresh: a new map beside the old one (no pool).
  std::uint64_t before = m.nodes_allocated(), bytes_before = rt.heap().total_alloc_bytes();
  rt::Object* fresh = fill(1'000'000);
  const std::uint64_t fresh_nodes = m.nodes_allocated() - before;
  const std::uint64_t fresh_bytes = rt.heap().total_alloc_bytes() - bytes_before;
  // Clear + refill with new keys.
  const ClearResult<u64_map_policy> cleared = m.clear(fresh, {.owner = roots, .owner_slot = "m"});
  BOOST_REQUIRE(cleared.recycled.status == RecycleStatus::recycled);
  BOOST_TEST(cleared.root == m.empty());
  roots->set("m", cleared.root);
  before = m.nodes_allocated();
  bytes_before = rt.heap().total_alloc_bytes();
  rt::Object* refilled = fill(2'000'000);
  const std::uint64_t refill_nodes = m.nodes_allocated() - before;
  const std::uint64_t refill_bytes = rt.heap().total_alloc_bytes() - bytes_before;
  BOOST_TEST_MESSAGE((kTransient ? "transient" : "persistent")
                     << ": fresh " << fresh_nodes << " nodes / " << fresh_bytes << " B, clear+refill "
                     << refill_nodes << " nodes / " << refill_bytes << " B, pool hits " << m.pool_stats().hits);
  BOOST_TEST(refill_nodes < fresh_nodes);
  BOOST_TEST(refill_bytes < fresh_bytes);
  require_ok(m, refilled, "refilled");
  rt.gc();
  require_clean(rt);
  BOOST_TEST(m.pool().check().empty());
}

BOOST_AUTO_TEST_CASE(clear_and_refill_allocates_less_transient) { clear_and_refill_allocates_less<true>(); }
BOOST_AUTO_TEST_CASE(clear_and_refill_allocates_less_persistent) { clear_and_refill_allocates_less<false>(); }

// Pooled nodes stay alive (they are the pool) but keep nothing else alive.
BOOST_AUTO_TEST_CASE(pool_keeps_nodes_but_nothing_they_referenced) {
  rt::Runtime rt(runtime_options(8, true));
  StringMap m(rt);
  rt::RootSet* roots = rt.new_root_set(rt::RootKind::pinned, "t");
  rt::Object* v = m.empty();
  for (int i = 0; i < 500; ++i) v = m.set(v, "a-long-key-so-strings-are-not-tiny-" + std::to_string(i), "value");
  roots->set("m", v);
  rt.gc();
  const std::uint64_t strings_before = rt.heap().heap_live_objects();
  const auto cleared = m.clear(v, {.owner = roots, .owner_slot = "m"});
  roots->set("m", cleared.root);
  rt.gc();
  require_clean(rt);
  const std::uint64_t pooled = m.pool_stats().pooled_nodes;
  BOOST_TEST(pooled == cleared.recycled.pooled);
  BOOST_TEST(rt.heap().heap_live_objects() == pooled);  // strings freed; only the pool remains
  BOOST_TEST(strings_before > pooled);
}

}  // namespace
}  // namespace gcm::trie::testing
