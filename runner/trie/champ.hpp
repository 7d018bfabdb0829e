// champ.hpp — the persistent CHAMP engine whose nodes live on the emulated
// heap. Main entries: Champ<P>::set(), get(), remove(), recycle(), check().
//
// A map version is a root node (`root_t`, nullptr = the empty map). `set` and
// `remove` copy the path they change and return a new root; the old root is
// unchanged and shares every other node (A3). Only the caller's roots keep a
// version alive: store it in a frame, a global, a cell or a pinned root set
// before the next safe point. Between two safe points a version may sit in
// C++ locals (runtime.hpp: GC runs only at safe points).
//
// Canonical form (Steindorfer & Vinju, OOPSLA 2015, §3.3), kept by every
// operation and asserted by check():
//   * every non-root node holds ≥ 2 entries in its subtree (a node left with
//     one inline entry and no children is inlined into its parent);
//   * collision nodes hold ≥ 2 entries with the same 64-bit hash, sorted by key,
//     and sit at depth kMaxDepth only.
// Hence one set of keys has exactly one structure, and iteration order is a
// function of the key set (iterator.hpp).
//
// Workers take an edit token: kEditFrozen copies every node it changes (the
// persistent API); a transient's token lets it mutate the nodes it owns in
// place and return replaced owned nodes to the pool (transient.hpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "runtime/runtime.hpp"
#include "trie/bits.hpp"
#include "trie/iterator.hpp"
#include "trie/node.hpp"
#include "trie/policy.hpp"
#include "trie/pool.hpp"

namespace gcm::trie {

template <class P>
class Transient;

enum class RecycleStatus : std::uint8_t {
  recycled,  // every node was zeroed and pooled (or left to the GC when the pool was full)
  empty,     // the nil map: nothing to do
  shared,    // refused (check_unshared): a node is reachable from another root; nothing changed
  stale,     // refused: the root was recycled already (it is a pooled or zeroed node)
};
std::string_view to_string(RecycleStatus s) noexcept;

// The prefix of every transient's root-set label: such sets are never "the
// map's own variable" for recycle's sharing check.
inline constexpr std::string_view kTransientRootPrefix = "trie.transient:";

struct RecycleOptions {
  // Before touching anything, walk the heap from every other root and refuse
  // if a node of the tree is reachable (cost: O(live heap)). A17's
  // "medium-to-high safety"; turn it off only when the caller knows.
  bool check_unshared = true;
  // The map's own variable, which is not "another root". With owner ==
  // nullptr, every root slot (outside transients) that holds `root` itself is
  // taken as the map's own; a cell, closure or other version reaching any
  // node still counts as sharing.
  const rt::RootSet* owner = nullptr;
  std::string_view owner_slot = {};
};

struct RecycleResult {
  RecycleStatus status = RecycleStatus::empty;
  std::uint64_t nodes = 0;   // nodes of the tree walked and zeroed
  std::uint64_t pooled = 0;  // of which the pool kept
  std::string shared_via;    // status == shared: "root-set label.slot" that reaches a node
};

template <class P>
struct ClearResult {
  rt::Object* root;         // the empty map (nullptr)
  RecycleResult recycled;   // what happened to the old tree
};

struct CheckResult {
  std::vector<std::string> problems;  // empty = every invariant holds
  std::uint64_t nodes = 0, collision_nodes = 0, entries = 0;
  std::uint64_t bytes = 0;            // emulated bytes of the nodes (strings excluded)
  count_t depth_max = 0;              // deepest node seen (root = 0)
  bool ok() const noexcept { return problems.empty(); }
};

template <class P>
class Champ {
 public:
  using policy = P;
  using node = Node<P>;
  using key_kind = typename P::key;
  using value_kind = typename P::value;
  using key_arg = typename key_kind::arg_type;
  using value_arg = typename value_kind::arg_type;
  using root_t = rt::Object*;  // a map version: its root node; nullptr = empty
  using iterator = Iterator<P>;
  using transient_type = Transient<P>;

  static constexpr count_t kEntrySlots = P::entry_slots;
  static constexpr count_t kEntryBytes = P::entry_bytes;
  // A collision node's slots must fit the object header's 16-bit slot count.
  static constexpr count_t kCollisionEntriesMax = kEntrySlots == 0 ? 0xFFFF : 0xFFFF / kEntrySlots;
  static constexpr std::uint32_t kPoolSlotsMax = node::kInnerSlotsMax;
  static constexpr std::uint32_t kPoolPayloadWordsMax = kBranches * kEntryBytes / 8;
  static_assert(node::slots_for(kBranches, 0) <= 0xFFFF && kBranches <= 0xFFFF, "a full node fits the slot count");
  static_assert(node::payload_for(kBranches) <= 0xFFFFFFFFu);

  struct set_result {  // immer's add_result
    root_t root;
    bool added;  // a new key (size grew by one)
  };
  struct remove_result {
    root_t root;
    bool removed;  // the key was present
  };

  // The engine must not outlive `rt` (its pool is a root set of `rt`), nor
  // may its transients outlive it.
  explicit Champ(rt::Runtime& rt, Options options = {})
      : rt_(rt),
        options_(std::move(options)),
        hasher_(options_.hasher),
        pool_(rt, options_.label + " pool", kPoolSlotsMax, kPoolPayloadWordsMax, options_.pool_nodes_max) {}
  Champ(const Champ&) = delete;
  Champ& operator=(const Champ&) = delete;

  rt::Runtime& runtime() const noexcept { return rt_; }
  const Options& options() const noexcept { return options_; }
  hash_t hash(key_arg key) const noexcept { return key_kind::hash(hasher_, key); }

  // ---- reading ------------------------------------------------------------
  static constexpr root_t empty() noexcept { return nullptr; }
  // O(1): the root's subtree count. A recycled (pooled) root reads as empty.
  static std::uint64_t size(root_t root) noexcept {
    if (root == nullptr) return 0;
    const NodeHeader& h = node::header(root);
    return h.edit == kEditPooled ? 0 : h.count;
  }
  // A string value is a view into the emulated string object: valid while the
  // object lives, i.e. until the next safe point unless the version is rooted.
  std::optional<value_arg> get(root_t root, key_arg key) const noexcept;
  bool contains(root_t root, key_arg key) const noexcept { return get(root, key).has_value(); }
  Entries<P> entries(root_t root) const noexcept { return Entries<P>{root}; }
  // f(const rt::Object* node, count_t depth) for every node, pre-order.
  template <class F>
  void for_each_node(root_t root, F&& f) const;

  // ---- persistent updates (old roots unchanged) --------------------------
  [[nodiscard]] root_t set(root_t root, key_arg key, value_arg value) {
    return set_in(root, key, value, kEditFrozen).root;
  }
  [[nodiscard]] root_t remove(root_t root, key_arg key) { return remove_in(root, key, kEditFrozen).root; }
  // A builder that mutates the nodes it owns (transient.hpp).
  transient_type transient(root_t root = nullptr);

  // ---- recycling (A17) and reuse (A20) -----------------------------------
  // Walks the tree (explicit stack), zeroes every node's pointer slots and
  // returns inner nodes to the pool. The caller's variables holding `root`
  // must be reset: the root is now a pooled node.
  RecycleResult recycle(root_t root, const RecycleOptions& options = {});
  // recycle(root), then the empty map. The pool is kept for the refill (A20).
  ClearResult<P> clear(root_t root, const RecycleOptions& options = {}) { return {empty(), recycle(root, options)}; }
  PoolStats pool_stats() const noexcept { return pool_.stats(); }
  NodePool& pool() noexcept { return pool_; }
  std::uint64_t nodes_allocated() const noexcept { return nodes_allocated_; }  // fresh allocations, pool hits excluded

  // ---- validation ----------------------------------------------------------
  CheckResult check(root_t root) const;
  // One line per node and entry, ids and tokens left out: equal dumps mean
  // equal structures.
  std::string dump(root_t root) const;


 private:
  friend class Transient<P>;

  // ---- workers: the persistent API passes kEditFrozen, a transient its token
  set_result set_in(root_t root, key_arg key, value_arg value, edit_t edit);
  remove_result remove_in(root_t root, key_arg key, edit_t edit);

  // A new entry before it is placed: strings already allocated, nothing rooted
  // (no safe point until it is linked).
  struct Staged {
    std::array<rt::Object*, kEntrySlots> slots{};
    alignas(8) std::array<std::byte, kEntryBytes> bytes{};
    EntryView view() const noexcept { return {slots.data(), bytes.data()}; }
  };
  // The nodes above the bottom of an update, and the branch taken from each.
  struct Path {
    std::array<rt::Object*, kMaxDepth> node;
    std::array<bitmap_t, kMaxDepth> bit;
    count_t depth = 0;
    void push(rt::Object* n, bitmap_t b) noexcept {
      assert(depth < kMaxDepth);
      node[depth] = n;
      bit[depth] = b;
      ++depth;
    }
  };
  struct collision_result {
    rt::Object* node;
    bool added, changed;
  };

  Staged stage_new(key_arg key, value_arg value) {
    Staged s;
    key_kind::store(rt_, s.slots.data(), s.bytes.data(), key);
    value_kind::store(rt_, s.slots.data() + key_kind::slots, s.bytes.data() + key_kind::bytes, value);
    return s;
  }
  Staged stage_update(EntryView old, value_arg value) {
    Staged s;
    if constexpr (key_kind::slots != 0) std::memcpy(s.slots.data(), old.slots, key_kind::slots * sizeof(rt::Object*));
    if constexpr (key_kind::bytes != 0) std::memcpy(s.bytes.data(), old.bytes, key_kind::bytes);
    value_kind::store(rt_, s.slots.data() + key_kind::slots, s.bytes.data() + key_kind::bytes, value);
    return s;
  }
  static Staged stage_copy(EntryView e) noexcept {
    Staged s;
    if constexpr (kEntrySlots != 0) std::memcpy(s.slots.data(), e.slots, kEntrySlots * sizeof(rt::Object*));
    if constexpr (kEntryBytes != 0) std::memcpy(s.bytes.data(), e.bytes, kEntryBytes);
    return s;
  }

  // ---- node construction ---------------------------------------------------
  static bool owned(const rt::Object* n, edit_t edit) noexcept {
    return edit != kEditFrozen && node::header(n).edit == edit;
  }
  static rt::Object* init(rt::Object* n, bitmap_t datamap, bitmap_t nodemap, edit_t edit, std::uint64_t count) noexcept {
    node::header(n) = NodeHeader{datamap, nodemap, edit, count};
    return n;
  }
  rt::Object* make_inner(count_t nd, count_t nn) {
    const auto slots = static_cast<std::uint16_t>(node::slots_for(nd, nn));
    const std::uint32_t payload = node::payload_for(nd);
    if (rt::Object* o = pool_.take(slots, payload)) return o;  // A20: no allocation
    ++nodes_allocated_;
    return rt_.alloc(P::kind_inner, slots, payload);
  }
  rt::Object* make_collision(count_t n);
  rt::Object* clone(const rt::Object* n, edit_t edit);
  // A node replaced during a transient edit: if the transient owns it, nobody
  // else can reach it, so it goes back to the pool.
  void retire(rt::Object* n, edit_t edit) noexcept {
    if (owned(n, edit) && node::is_inner(n)) pool_.put(n);
  }

  rt::Object* set_value(rt::Object* n, count_t i, EntryView e, edit_t edit);
  rt::Object* insert_value(rt::Object* n, bitmap_t bit, EntryView e, edit_t edit);
  rt::Object* remove_value(rt::Object* n, bitmap_t bit, edit_t edit);
  rt::Object* value_to_node(rt::Object* n, bitmap_t bit, rt::Object* child, edit_t edit);
  rt::Object* node_to_value(rt::Object* n, bitmap_t bit, EntryView e, edit_t edit);
  rt::Object* replace_child(rt::Object* n, bitmap_t bit, rt::Object* child, std::int64_t delta, edit_t edit);
  rt::Object* make_two(count_t depth, EntryView e1, hash_t h1, EntryView e2, hash_t h2, edit_t edit);
  // First entry of a collision node whose key is ≥ key (binary search).
  static count_t collision_lower_bound(const rt::Object* n, key_arg key) noexcept;
  // A node's bitmaps sit after its pointer slots (the runtime's object
  // layout: header, slots, payload), up to 16 + 8·32 bytes in: a walk down
  // would wait for the object header's line, then for the NodeHeader's.
  // Asking for the lines they can lie on at once turns two dependent misses
  // per level into one (memory-level parallelism; hints only).
  static void prefetch_node(const rt::Object* n) noexcept {
    // Integer arithmetic: the lines may lie past a small node's end, where
    // a pointer may not point; a prefetch of any address cannot fault.
    const auto at = reinterpret_cast<std::uintptr_t>(n);
    for (std::uintptr_t line = 0; line < kPrefetchLines; ++line)
      __builtin_prefetch(reinterpret_cast<const void*>(at + 64 * line));
  }
  // Lines from the object's start to the end of the NodeHeader of the widest
  // inner node (5 for a u64 map, 9 with two slots per entry).
  static constexpr std::uintptr_t kPrefetchLines =
      (sizeof(rt::Object) + 8 * node::kInnerSlotsMax + sizeof(NodeHeader) + 63) / 64;
  static constexpr count_t kPrefetchFromDepth = 2;  // 32·32 = 1,024 nodes above: hot in any walk
  collision_result collision_set(rt::Object* n, key_arg key, value_arg value, edit_t edit);
  rt::Object* collision_remove(rt::Object* n, count_t i, edit_t edit);

  // The "root-set label.slot" through which a node of the tree is reachable
  // from outside the map's own variable, or "" if none.
  std::string shared_via(root_t root, const RecycleOptions& options) const;
  void check_node(const rt::Object* n, count_t depth, hash_t prefix, bool is_root, CheckResult& r,
                  std::vector<std::pair<const rt::Object*, std::pair<count_t, hash_t>>>& stack) const;

  rt::Runtime& rt_;
  Options options_;
  hash_fn hasher_;                    // options_.hasher, read on every operation
  NodePool pool_;                     // recycled inner nodes (A17, A20)
  std::uint64_t nodes_allocated_ = 0; // nodes obtained from rt_.alloc
};

// ============================================================================
// reading

template <class P>
auto Champ<P>::get(root_t root, key_arg key) const noexcept -> std::optional<value_arg> {
  if (root == nullptr) return std::nullopt;
  const hash_t h = hash(key);
  const rt::Object* n = root;
  for (count_t depth = 0; depth < kMaxDepth; ++depth) {
    assert(node::is_inner(n));
    const NodeHeader& hd = node::header(n);
    const bitmap_t bit = bit_of(fragment(h, depth));
    if (hd.datamap & bit) {
      const EntryView e = node::entry(n, index_of(hd.datamap, bit));
      if (key_kind::equal(node::key(e), key)) return node::value(e);
      return std::nullopt;
    }
    if ((hd.nodemap & bit) == 0) return std::nullopt;
    n = node::child(n, popcount(hd.datamap), index_of(hd.nodemap, bit));
    if (depth >= kPrefetchFromDepth) prefetch_node(n);  // the top levels stay in cache
  }
  assert(node::is_collision(n));
  const count_t i = collision_lower_bound(n, key);
  if (i < node::header(n).count && key_kind::equal(node::key(n, i), key)) return node::value(n, i);
  return std::nullopt;
}

template <class P>
template <class F>
void Champ<P>::for_each_node(root_t root, F&& f) const {
  if (root == nullptr) return;
  // Pending nodes: at most 31 siblings per level plus one: ≤ 32·(kMaxDepth+1).
  std::vector<std::pair<const rt::Object*, count_t>> stack{{root, 0}};
  while (!stack.empty()) {
    auto [n, depth] = stack.back();
    stack.pop_back();
    f(n, depth);
    if (!node::is_inner(n)) continue;
    const count_t nd = node::data_count(n), nn = node::child_count(n);
    for (count_t j = nn; j-- > 0;) stack.emplace_back(node::child(n, nd, j), depth + 1);
  }
}

template <class P>
count_t Champ<P>::collision_lower_bound(const rt::Object* n, key_arg key) noexcept {
  count_t lo = 0, hi = static_cast<count_t>(node::header(n).count);
  while (lo < hi) {  // halves each turn: ≤ 16 turns
    const count_t mid = lo + (hi - lo) / 2;
    if (key_kind::less(node::key(n, mid), key))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

// ============================================================================
// updates

template <class P>
auto Champ<P>::set_in(root_t root, key_arg key, value_arg value, edit_t edit) -> set_result {
  const hash_t h = hash(key);
  if (root == nullptr) {
    const Staged s = stage_new(key, value);
    rt::Object* n = make_inner(1, 0);
    node::put_entry(n, 0, s.view());
    return {init(n, bit_of(fragment(h, 0)), 0, edit, 1), true};
  }
  assert(node::header(root).edit != kEditPooled && "a recycled root is not a map");
  Path path;
  rt::Object* n = root;
  rt::Object* bottom = nullptr;  // the replacement of the last node visited
  bool added = false;
  for (count_t depth = 0; bottom == nullptr; ++depth) {  // ≤ kMaxDepth + 1 turns
    assert(depth <= kMaxDepth);
    if (depth == kMaxDepth) {
      const collision_result c = collision_set(n, key, value, edit);
      if (!c.changed) return {root, false};
      bottom = c.node;
      added = c.added;
      break;
    }
    const NodeHeader& hd = node::header(n);
    const bitmap_t bit = bit_of(fragment(h, depth));
    if (hd.datamap & bit) {
      const count_t i = index_of(hd.datamap, bit);
      const EntryView e = node::entry(n, i);
      if (key_kind::equal(node::key(e), key)) {
        if (value_kind::equal(node::value(e), value)) return {root, false};  // nothing changes
        bottom = set_value(n, i, stage_update(e, value).view(), edit);
      } else {  // two keys share this branch: push both one level down
        const Staged s = stage_new(key, value);
        rt::Object* sub = make_two(depth + 1, e, hash(node::key(e)), s.view(), h, edit);
        bottom = value_to_node(n, bit, sub, edit);
        added = true;
      }
    } else if (hd.nodemap & bit) {
      path.push(n, bit);
      n = node::child(n, popcount(hd.datamap), index_of(hd.nodemap, bit));
      if (depth >= kPrefetchFromDepth) prefetch_node(n);
    } else {
      bottom = insert_value(n, bit, stage_new(key, value).view(), edit);
      added = true;
    }
  }
  for (count_t d = path.depth; d-- > 0;) bottom = replace_child(path.node[d], path.bit[d], bottom, added ? 1 : 0, edit);
  return {bottom, added};
}

// Removal hands each parent either a replacement node or, when the level
// below is left with a single entry, that entry to inline (canonical form);
// the entry climbs while its parents would hold nothing else.
template <class P>
auto Champ<P>::remove_in(root_t root, key_arg key, edit_t edit) -> remove_result {
  if (root == nullptr) return {nullptr, false};
  assert(node::header(root).edit != kEditPooled && "a recycled root is not a map");
  const hash_t h = hash(key);
  Path path;
  rt::Object* n = root;
  rt::Object* bottom = nullptr;
  bool lone = false;  // bottom is `single`, an entry to inline, not a node
  Staged single;
  for (count_t depth = 0;; ++depth) {  // ≤ kMaxDepth + 1 turns
    assert(depth <= kMaxDepth);
    if (depth == kMaxDepth) {
      const count_t i = collision_lower_bound(n, key), cnt = static_cast<count_t>(node::header(n).count);
      if (i == cnt || !key_kind::equal(node::key(n, i), key)) return {root, false};
      if (cnt == 2) {
        single = stage_copy(node::entry(n, 1 - i));
        lone = true;
      } else {
        bottom = collision_remove(n, i, edit);
      }
      break;
    }
    const NodeHeader& hd = node::header(n);
    const bitmap_t bit = bit_of(fragment(h, depth));
    if (hd.datamap & bit) {
      const count_t i = index_of(hd.datamap, bit);
      if (!key_kind::equal(node::key(n, i), key)) return {root, false};
      const count_t nd = popcount(hd.datamap), nn = popcount(hd.nodemap);
      if (depth > 0 && nd == 2 && nn == 0) {  // one entry left: it moves up
        single = stage_copy(node::entry(n, 1 - i));
        lone = true;
        retire(n, edit);
      } else if (nd == 1 && nn == 0) {        // the root's last entry
        assert(depth == 0);
        retire(n, edit);
        bottom = nullptr;
      } else {
        bottom = remove_value(n, bit, edit);
      }
      break;
    }
    if ((hd.nodemap & bit) == 0) return {root, false};
    path.push(n, bit);
    n = node::child(n, popcount(hd.datamap), index_of(hd.nodemap, bit));
  }
  for (count_t d = path.depth; d-- > 0;) {
    rt::Object* parent = path.node[d];
    if (!lone) {
      bottom = replace_child(parent, path.bit[d], bottom, -1, edit);
      continue;
    }
    const NodeHeader& hd = node::header(parent);
    if (d > 0 && hd.datamap == 0 && popcount(hd.nodemap) == 1) {  // it would hold only the entry
      retire(parent, edit);
      continue;
    }
    bottom = node_to_value(parent, path.bit[d], single.view(), edit);
    lone = false;
  }
  assert(!lone);
  return {bottom, true};
}

// ============================================================================
// node builders: each returns the node to link in; a copy is owned by `edit`.

template <class P>
rt::Object* Champ<P>::make_collision(count_t n) {
  if (n > kCollisionEntriesMax) throw std::length_error("trie: collision node over its entry limit");
  ++nodes_allocated_;
  return rt_.alloc(P::kind_collision, static_cast<std::uint16_t>(n * kEntrySlots), node::payload_for(n));
}

template <class P>
rt::Object* Champ<P>::clone(const rt::Object* n, edit_t edit) {
  rt::Object* m;
  if (node::is_inner(n)) {
    m = make_inner(node::data_count(n), node::child_count(n));
  } else {
    m = make_collision(node::data_count(n));
  }
  assert(m->slot_count == n->slot_count && m->payload_bytes == n->payload_bytes);
  std::memcpy(static_cast<void*>(m->slots()), n->slots(), n->slot_count * sizeof(rt::Object*) + n->payload_bytes);
  node::header(m).edit = edit;
  return m;
}

template <class P>
rt::Object* Champ<P>::set_value(rt::Object* n, count_t i, EntryView e, edit_t edit) {
  rt::Object* m = owned(n, edit) ? n : clone(n, edit);
  node::put_entry(m, i, e);
  return m;
}

template <class P>
rt::Object* Champ<P>::insert_value(rt::Object* n, bitmap_t bit, EntryView e, edit_t edit) {
  const NodeHeader hd = node::header(n);
  const count_t nd = popcount(hd.datamap), nn = popcount(hd.nodemap), i = index_of(hd.datamap, bit);
  rt::Object* m = make_inner(nd + 1, nn);
  node::copy_entries(m, 0, n, 0, i);
  node::put_entry(m, i, e);
  node::copy_entries(m, i + 1, n, i, nd - i);
  node::copy_children(m, nd + 1, 0, n, nd, 0, nn);
  init(m, hd.datamap | bit, hd.nodemap, edit, hd.count + 1);
  retire(n, edit);
  return m;
}

template <class P>
rt::Object* Champ<P>::remove_value(rt::Object* n, bitmap_t bit, edit_t edit) {
  const NodeHeader hd = node::header(n);
  const count_t nd = popcount(hd.datamap), nn = popcount(hd.nodemap), i = index_of(hd.datamap, bit);
  rt::Object* m = make_inner(nd - 1, nn);
  node::copy_entries(m, 0, n, 0, i);
  node::copy_entries(m, i, n, i + 1, nd - 1 - i);
  node::copy_children(m, nd - 1, 0, n, nd, 0, nn);
  init(m, hd.datamap ^ bit, hd.nodemap, edit, hd.count - 1);
  retire(n, edit);
  return m;
}

template <class P>
rt::Object* Champ<P>::value_to_node(rt::Object* n, bitmap_t bit, rt::Object* child, edit_t edit) {
  const NodeHeader hd = node::header(n);
  const count_t nd = popcount(hd.datamap), nn = popcount(hd.nodemap);
  const count_t i = index_of(hd.datamap, bit), j = index_of(hd.nodemap, bit);
  rt::Object* m = make_inner(nd - 1, nn + 1);
  node::copy_entries(m, 0, n, 0, i);
  node::copy_entries(m, i, n, i + 1, nd - 1 - i);
  node::copy_children(m, nd - 1, 0, n, nd, 0, j);
  node::child(m, nd - 1, j) = child;
  node::copy_children(m, nd - 1, j + 1, n, nd, j, nn - j);
  init(m, hd.datamap ^ bit, hd.nodemap | bit, edit, hd.count + 1);
  retire(n, edit);
  return m;
}

template <class P>
rt::Object* Champ<P>::node_to_value(rt::Object* n, bitmap_t bit, EntryView e, edit_t edit) {
  const NodeHeader hd = node::header(n);
  const count_t nd = popcount(hd.datamap), nn = popcount(hd.nodemap);
  const count_t i = index_of(hd.datamap, bit), j = index_of(hd.nodemap, bit);
  rt::Object* m = make_inner(nd + 1, nn - 1);
  node::copy_entries(m, 0, n, 0, i);
  node::put_entry(m, i, e);
  node::copy_entries(m, i + 1, n, i, nd - i);
  node::copy_children(m, nd + 1, 0, n, nd, 0, j);
  node::copy_children(m, nd + 1, j, n, nd, j + 1, nn - 1 - j);
  init(m, hd.datamap | bit, hd.nodemap ^ bit, edit, hd.count - 1);
  retire(n, edit);
  return m;
}

template <class P>
rt::Object* Champ<P>::replace_child(rt::Object* n, bitmap_t bit, rt::Object* child, std::int64_t delta, edit_t edit) {
  rt::Object* m = owned(n, edit) ? n : clone(n, edit);
  NodeHeader& hd = node::header(m);
  node::child(m, popcount(hd.datamap), index_of(hd.nodemap, bit)) = child;
  hd.count += static_cast<std::uint64_t>(delta);
  return m;
}

// Two entries whose hashes agree on the fragments above `depth`: a chain of
// single-child nodes down to the first level where they differ, or a
// collision node when all 64 bits agree.
template <class P>
rt::Object* Champ<P>::make_two(count_t depth, EntryView e1, hash_t h1, EntryView e2, hash_t h2, edit_t edit) {
  count_t d = depth;
  while (d < kMaxDepth && fragment(h1, d) == fragment(h2, d)) ++d;  // ≤ kMaxDepth turns
  rt::Object* bottom;
  if (d == kMaxDepth) {
    assert(h1 == h2);
    const bool in_order = key_kind::less(node::key(e1), node::key(e2));
    bottom = make_collision(2);
    node::put_entry(bottom, 0, in_order ? e1 : e2);
    node::put_entry(bottom, 1, in_order ? e2 : e1);
    init(bottom, 0, 0, edit, 2);
  } else {
    const count_t f1 = fragment(h1, d), f2 = fragment(h2, d);
    bottom = make_inner(2, 0);
    node::put_entry(bottom, 0, f1 < f2 ? e1 : e2);
    node::put_entry(bottom, 1, f1 < f2 ? e2 : e1);
    init(bottom, bit_of(f1) | bit_of(f2), 0, edit, 2);
  }
  for (count_t up = d; up-- > depth;) {
    rt::Object* parent = make_inner(0, 1);
    node::child(parent, 0, 0) = bottom;
    bottom = init(parent, 0, bit_of(fragment(h1, up)), edit, 2);
  }
  return bottom;
}

template <class P>
auto Champ<P>::collision_set(rt::Object* n, key_arg key, value_arg value, edit_t edit) -> collision_result {
  const count_t cnt = static_cast<count_t>(node::header(n).count);
  const count_t i = collision_lower_bound(n, key);
  if (i < cnt && key_kind::equal(node::key(n, i), key)) {
    if (value_kind::equal(node::value(n, i), value)) return {n, false, false};
    return {set_value(n, i, stage_update(node::entry(n, i), value).view(), edit), false, true};
  }
  const Staged s = stage_new(key, value);
  rt::Object* m = make_collision(cnt + 1);
  node::copy_entries(m, 0, n, 0, i);
  node::put_entry(m, i, s.view());
  node::copy_entries(m, i + 1, n, i, cnt - i);
  init(m, 0, 0, edit, cnt + 1);
  return {m, true, true};
}

template <class P>
rt::Object* Champ<P>::collision_remove(rt::Object* n, count_t i, edit_t edit) {
  const count_t cnt = static_cast<count_t>(node::header(n).count);
  assert(cnt > 2 && i < cnt);
  rt::Object* m = make_collision(cnt - 1);
  node::copy_entries(m, 0, n, 0, i);
  node::copy_entries(m, i, n, i + 1, cnt - 1 - i);
  return init(m, 0, 0, edit, cnt - 1);
}

// ============================================================================
// recycling (A17)

template <class P>
RecycleResult Champ<P>::recycle(root_t root, const RecycleOptions& options) {
  RecycleResult r;
  if (root == nullptr) return r;
  const NodeHeader& rh = node::header(root);
  if (rh.edit == kEditPooled || rh.count == 0) {
    r.status = RecycleStatus::stale;
    return r;
  }
  if (options.check_unshared) {
    r.shared_via = shared_via(root, options);
    if (!r.shared_via.empty()) {
      r.status = RecycleStatus::shared;
      return r;
    }
  }
  // A node's children are read before its slots are zeroed. Pending nodes:
  // ≤ 32·(kMaxDepth+1).
  std::vector<rt::Object*> stack{root};
  while (!stack.empty()) {
    rt::Object* n = stack.back();
    stack.pop_back();
    ++r.nodes;
    if (node::is_inner(n)) {
      const count_t nd = node::data_count(n), nn = node::child_count(n);
      for (count_t j = 0; j < nn; ++j) stack.push_back(node::child(n, nd, j));
      if (pool_.put(n)) {  // zeroes the slots
        ++r.pooled;
        continue;
      }
    } else {
      std::memset(static_cast<void*>(n->slots()), 0, n->slot_count * sizeof(rt::Object*));
    }
    node::header(n) = NodeHeader{0, 0, kEditFrozen, 0};  // reads as an empty node
  }
  r.status = RecycleStatus::recycled;
  return r;
}

template <class P>
std::string Champ<P>::shared_via(root_t root, const RecycleOptions& options) const {
  std::unordered_set<const rt::Object*> tree, seen;
  for_each_node(root, [&](const rt::Object* n, count_t) { tree.insert(n); });
  std::vector<const rt::Object*> stack;
  // True when `o` is a node of the tree; otherwise queues it to scan.
  auto reaches = [&](const rt::Object* o) {
    if (o == nullptr) return false;
    if (tree.count(o) != 0) return true;
    if (o->slot_count != 0 && seen.insert(o).second) stack.push_back(o);
    return false;
  };
  auto drain = [&] {  // every object is scanned once: the loop ends
    while (!stack.empty()) {
      const rt::Object* o = stack.back();
      stack.pop_back();
      for (std::uint32_t i = 0; i < o->slot_count; ++i)
        if (reaches(o->slot(i))) return true;
    }
    return false;
  };
  std::string via;
  rt_.roots().for_each([&](const rt::RootSet& set) {
    if (!via.empty() || &set == pool_.root_set()) return;
    const bool transient = set.label().starts_with(kTransientRootPrefix);
    for (const rt::RootSlot& s : set.slots()) {
      const bool own = s.object == root && !transient &&
                       (options.owner == nullptr ? true : (&set == options.owner && s.name == options.owner_slot));
      if (own) continue;
      if (reaches(s.object) || drain()) {
        via = set.label() + "." + (s.name.empty() ? std::string("_") : s.name);
        return;
      }
    }
  });
  if (via.empty()) {
    bool hit = false;
    rt_.finalizers().for_each_root([&](const rt::Object* o) { hit = hit || reaches(o) || drain(); });
    if (hit) via = "finalizer table";
  }
  return via;
}

// ============================================================================
// validation

template <class P>
CheckResult Champ<P>::check(root_t root) const {
  CheckResult r;
  if (root == nullptr) return r;
  if (node::header(root).edit == kEditPooled) {
    r.problems.push_back("root node " + std::to_string(root->id) + " is in the pool (recycled)");
    return r;
  }
  // (node, (depth, hash prefix fixed by the branches above it))
  std::vector<std::pair<const rt::Object*, std::pair<count_t, hash_t>>> stack{{root, {0, 0}}};
  while (!stack.empty()) {  // each node is visited once
    const auto [n, where] = stack.back();
    stack.pop_back();
    check_node(n, where.first, where.second, n == root, r, stack);
    if (r.problems.size() > 100) {
      r.problems.push_back("… more problems not listed");
      break;
    }
  }
  if (r.entries != node::header(root).count)
    r.problems.push_back("size " + std::to_string(node::header(root).count) + " != " + std::to_string(r.entries) +
                         " entries found");
  return r;
}

template <class P>
void Champ<P>::check_node(const rt::Object* n, count_t depth, hash_t prefix, bool is_root, CheckResult& r,
                          std::vector<std::pair<const rt::Object*, std::pair<count_t, hash_t>>>& stack) const {
  auto fail = [&](const std::string& what) {
    r.problems.push_back("node " + std::to_string(n->id) + " at depth " + std::to_string(depth) + ": " + what);
  };
  const bool collision = depth == kMaxDepth;
  if (n->kind != (collision ? P::kind_collision : P::kind_inner)) return fail("wrong kind " + std::to_string(n->kind));
  const NodeHeader& hd = node::header(n);
  if (hd.edit == kEditPooled) return fail("is in the pool (recycled) but linked");
  const count_t nd = collision ? static_cast<count_t>(hd.count) : popcount(hd.datamap);
  const count_t nn = collision ? 0 : popcount(hd.nodemap);
  if (collision && (hd.datamap | hd.nodemap) != 0) fail("collision node with bitmaps");
  if ((hd.datamap & hd.nodemap) != 0) fail("datamap and nodemap overlap");
  if (n->slot_count != node::slots_for(nd, nn) || n->payload_bytes != node::payload_for(nd))
    return fail("shape (" + std::to_string(n->slot_count) + " slots, " + std::to_string(n->payload_bytes) +
                " B) does not match " + std::to_string(nd) + " entries, " + std::to_string(nn) + " children");
  if (hd.count < (is_root ? 1u : 2u)) fail("not canonical: subtree count " + std::to_string(hd.count));
  if (collision && nd < 2) fail("collision node with fewer than 2 entries");
  ++r.nodes;
  r.collision_nodes += collision;
  r.entries += nd;
  r.bytes += n->emulated_bytes();
  r.depth_max = std::max(r.depth_max, depth);
  bitmap_t data = hd.datamap;
  for (count_t i = 0; i < nd; ++i) {
    const EntryView e = node::entry(n, i);
    if (!key_kind::well_formed(e.slots) || !value_kind::well_formed(e.slots + key_kind::slots)) {
      fail("entry " + std::to_string(i) + " holds a bad reference");
      continue;
    }
    const hash_t kh = hash(node::key(e));
    if ((kh & prefix_mask(depth)) != prefix) fail("entry " + std::to_string(i) + ": hash does not match its path");
    if (collision) {
      if (i > 0 && !key_kind::less(node::key(n, i - 1), node::key(e))) fail("collision entries not sorted");
    } else {
      const count_t f = static_cast<count_t>(std::countr_zero(data));
      data &= data - 1;
      if (fragment(kh, depth) != f) fail("entry " + std::to_string(i) + " in branch " + std::to_string(f) + " hashes elsewhere");
    }
  }
  std::uint64_t below = nd;
  bitmap_t kids = hd.nodemap;
  for (count_t j = 0; j < nn; ++j) {
    const count_t f = static_cast<count_t>(std::countr_zero(kids));
    kids &= kids - 1;
    const rt::Object* c = node::child(n, nd, j);
    if (c == nullptr || (c->kind != P::kind_inner && c->kind != P::kind_collision)) {
      fail("child " + std::to_string(j) + " is not a node");
      continue;
    }
    below += node::header(c).count;
    stack.push_back({c, {depth + 1, prefix | (hash_t{f} << (depth * kBits))}});
  }
  if (below != hd.count) fail("subtree count " + std::to_string(hd.count) + " != " + std::to_string(below));
}

template <class P>
std::string Champ<P>::dump(root_t root) const {
  std::string out;
  if (root == nullptr) return "empty\n";
  // (node, depth, branch label)
  struct Item {
    const rt::Object* n;
    count_t depth;
    int branch;  // fragment in the parent; -1 for the root
  };
  std::vector<Item> stack{{root, 0, -1}};
  while (!stack.empty()) {
    const Item it = stack.back();
    stack.pop_back();
    const std::string indent(2 * it.depth, ' ');
    const NodeHeader& hd = node::header(it.n);
    const bool collision = node::is_collision(it.n);
    out += indent + (it.branch < 0 ? std::string() : "<" + std::to_string(it.branch) + "> ") +
           (collision ? "collision" : "inner") + " data=" + std::to_string(hd.datamap) +
           " nodes=" + std::to_string(hd.nodemap) + " count=" + std::to_string(hd.count) + "\n";
    const count_t nd = node::data_count(it.n);
    for (count_t i = 0; i < nd; ++i) {
      out += indent + "  ";
      key_kind::print(out, node::key(it.n, i));
      out += " => ";
      value_kind::print(out, node::value(it.n, i));
      out += '\n';
    }
    if (collision) continue;
    std::vector<Item> kids;
    bitmap_t map = hd.nodemap;
    for (count_t j = 0; map != 0; ++j, map &= map - 1)
      kids.push_back({node::child(it.n, nd, j), it.depth + 1, std::countr_zero(map)});
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
  return out;
}

}  // namespace gcm::trie
