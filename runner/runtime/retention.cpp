// retention.cpp — see retention.hpp.
#include "runtime/retention.hpp"

#include <algorithm>
#include <map>
#include <utility>
#include <stdexcept>
#include <string_view>

#include "runtime/dominators.hpp"
#include "runtime/object_prefetch.hpp"

namespace gcm::rt {

const char* to_string(RetentionPoint p) noexcept {
  switch (p) {
    case RetentionPoint::test_end: return "test_end";
    case RetentionPoint::test_timeout: return "test_timeout";
    case RetentionPoint::forced_gc: return "forced_gc";
  }
  return "unknown";
}

bool parse_retention_point(std::string_view text, RetentionPoint& out) noexcept {
  for (RetentionPoint p : {RetentionPoint::test_end, RetentionPoint::test_timeout, RetentionPoint::forced_gc})
    if (text == to_string(p)) {
      out = p;
      return true;
    }
  return false;
}

std::uint32_t RetentionSnapshot::share_permille(const Retainer& r) const noexcept {
  return reachable_bytes == 0 ? 0 : static_cast<std::uint32_t>(r.retained_bytes * 1000 / reachable_bytes);
}

namespace {
// The documented order: largest first; ties by kind, name (unique per snapshot).
bool before(const Retainer& a, const Retainer& b) {
  if (a.retained_bytes != b.retained_bytes) return a.retained_bytes > b.retained_bytes;
  if (a.kind != b.kind) return a.kind < b.kind;
  return a.name < b.name;
}

// Object -> node number: the snapshot's one lookup per pointer. Object ids
// are allocation sequence numbers, so when the live ids span little more than
// the live objects (a heap just collected, or young) a dense array indexed by
// id answers with one load; otherwise open addressing with linear probing
// (std::unordered_map would allocate per entry), a power-of-two capacity at
// least twice the entries, grown on demand.
class ObjectIndex {
 public:
  static constexpr std::uint32_t kAbsent = 0;  // node 0 is the virtual root, never an object

  explicit ObjectIndex(const Heap& heap) {
    const std::vector<Object*>& objects = heap.objects();
    if (objects.empty()) return;
    lo_ = objects.front()->id;
    const std::uint64_t span = objects.back()->id - lo_ + 1;
    if (span <= 4 * objects.size() + 4096) {
      dense_.assign(span, kAbsent);
      return;
    }
    std::size_t cap = 64;
    while (cap < 2 * std::min<std::size_t>(objects.size(), 4096)) cap *= 2;  // the reachable part is often small
    keys_.assign(cap, nullptr);
    values_.resize(cap);
  }
  // Asks for the cache line find_or_insert(o) will read first (o's header
  // must be in hand: its id picks the line).
  void prefetch(const Object* o) const noexcept {
    if (!dense_.empty()) {
      if (o->id >= lo_ && o->id - lo_ < dense_.size()) __builtin_prefetch(&dense_[o->id - lo_], 1);
    } else if (!keys_.empty()) {
      __builtin_prefetch(&keys_[hash(o) & (keys_.size() - 1)], 1);
    }
  }
  // The node of `o`, inserting `fresh_value` if `o` is new; second: inserted.
  std::pair<std::uint32_t, bool> find_or_insert(const Object* o, std::uint32_t fresh_value) {
    if (!dense_.empty() || keys_.empty()) {
      if (o->id < lo_ || o->id - lo_ >= dense_.size())
        throw std::logic_error("retention: object " + std::to_string(o->id) + " is referenced but not live");
      std::uint32_t& v = dense_[o->id - lo_];
      if (v != kAbsent) return {v, false};
      v = fresh_value;
      return {fresh_value, true};
    }
    if (2 * (size_ + 1) > keys_.size()) grow();
    const std::size_t mask = keys_.size() - 1;
    for (std::size_t i = hash(o) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == o) return {values_[i], false};
      if (keys_[i] == nullptr) {
        keys_[i] = o;
        values_[i] = fresh_value;
        ++size_;
        return {fresh_value, true};
      }
    }
  }

 private:
  static std::size_t hash(const Object* o) noexcept {  // Fibonacci hashing of the address
    return static_cast<std::size_t>((reinterpret_cast<std::uintptr_t>(o) >> 4) * 0x9E3779B97F4A7C15ull >> 20);
  }
  void grow() {
    std::vector<const Object*> keys(keys_.size() * 2, nullptr);
    std::vector<std::uint32_t> values(keys.size());
    const std::size_t mask = keys.size() - 1;
    for (std::size_t j = 0; j < keys_.size(); ++j) {
      if (keys_[j] == nullptr) continue;
      std::size_t i = hash(keys_[j]) & mask;
      while (keys[i] != nullptr) i = (i + 1) & mask;
      keys[i] = keys_[j];
      values[i] = values_[j];
    }
    keys_ = std::move(keys);
    values_ = std::move(values);
  }

  ObjectId lo_ = 0;                    // dense: the lowest live id
  std::vector<std::uint32_t> dense_;   // dense: node of id lo_ + i, kAbsent if not found yet
  std::vector<const Object*> keys_;    // hashed
  std::vector<std::uint32_t> values_;
  std::size_t size_ = 0;
};

// Σ weight over each node's dominator subtree, in one backward pass: under
// breadth-first numbering every dominator is numbered before what it
// dominates (a dominator lies on the shortest path from the root), so by the
// time v is added to idom[v] it holds its whole subtree.
void add_dominated(const std::vector<std::uint32_t>& idom, std::vector<std::uint64_t>& weight) {
  for (std::size_t v = idom.size(); v-- > 1;) weight[idom[v]] += weight[v];
}
}  // namespace

std::vector<std::string> RetentionSnapshot::check() const {
  std::vector<std::string> problems;
  std::uint64_t bytes = shared_bytes, objects = shared_objects;
  for (std::size_t i = 0; i < retainers.size(); ++i) {
    const Retainer& r = retainers[i];
    bytes += r.retained_bytes;
    objects += r.retained_objects;
    if (r.retained_bytes == 0 || r.retained_objects == 0 || r.count == 0)
      problems.push_back("retainer " + r.name + " retains nothing but is listed");
    if (r.count > 1 && r.goid != 0) problems.push_back("retainer " + r.name + " names one goroutine for " + std::to_string(r.count) + " roots");
    if (i > 0 && !before(retainers[i - 1], r))
      problems.push_back("retainer " + r.name + " is out of order or listed twice (largest first, then kind, name)");
  }
  if (shared_objects == 0 && !shared_by.empty()) problems.push_back("nothing is shared, yet shared_by names retainers");
  if (shared_objects != 0 && shared_by.size() < 2)
    if (shared_by.empty() || shared_by.front().count < 2)
      problems.push_back("a shared object is reached by fewer than two roots");
  for (std::size_t i = 0; i < shared_by.size(); ++i) {
    const Retainer& r = shared_by[i];
    if (r.retained_bytes != 0 || r.retained_objects != 0 || r.count == 0)
      problems.push_back("shared_by " + r.name + " carries retained figures or no count");
    if (i > 0 && !(std::pair{shared_by[i - 1].kind, shared_by[i - 1].name} < std::pair{r.kind, r.name}))
      problems.push_back("shared_by " + r.name + " is out of order or listed twice (kind, then name)");
  }
  if (bytes != reachable_bytes)
    problems.push_back("retained + shared bytes " + std::to_string(bytes) + " != reachable " + std::to_string(reachable_bytes));
  if (objects != reachable_objects)
    problems.push_back("retained + shared objects " + std::to_string(objects) + " != reachable " +
                       std::to_string(reachable_objects));
  return problems;
}

namespace {
// Who shares the shared part: the retainers with a path into an object that
// only the virtual root dominates (a "shared top"). Such a path enters its
// first shared top from the retainer's own dominator subtree — a node
// dominated by another shared top would put that top on the path first — so
// the edges into shared tops from nodes whose top is a retainer name exactly
// the retainers that reach something shared. Tops come in one forward pass:
// breadth-first numbering puts every dominator before what it dominates.
std::vector<Retainer> sharers(const FlowGraph& g, const std::vector<std::uint32_t>& idom, std::uint32_t first_object,
                              const std::vector<Retainer>& retainers,
                              const std::map<std::pair<RootKind, std::string>, std::uint32_t>& roots_named) {
  const std::uint32_t n = g.node_count();
  std::vector<std::uint32_t> top(n, 0);  // the dominator-tree ancestor just below the virtual root
  for (std::uint32_t v = 1; v < n; ++v) {
    if (idom[v] >= v) throw std::logic_error("retention: idom of node " + std::to_string(v) + " is not numbered before it");
    top[v] = idom[v] == 0 ? v : top[idom[v]];
  }
  std::vector<bool> shares(first_object, false);
  for (std::uint32_t u = 1; u < n; ++u) {
    if (top[u] >= first_object) continue;  // u lies under a shared top, not under a retainer
    for (std::uint32_t e = g.edge_begin[u]; e < g.edge_begin[u + 1]; ++e) {
      const std::uint32_t v = g.edge_to[e];
      if (v >= first_object && idom[v] == 0) shares[top[u]] = true;
    }
  }
  std::map<std::pair<RootKind, std::string>, Retainer> groups;  // ordered by kind, then name
  for (std::uint32_t r = 1; r < first_object; ++r) {
    if (!shares[r]) continue;
    const Retainer& root = retainers[r - 1];
    const std::uint32_t n = roots_named.at({root.kind, root.name});
    groups.try_emplace({root.kind, root.name}, Retainer{root.kind, root.name, n == 1 ? root.goid : 0, 0, 0, n});
  }
  std::vector<Retainer> out;
  for (auto& [key, r] : groups) out.push_back(std::move(r));
  return out;
}
}  // namespace

RetentionSnapshot take_retention_snapshot(const Heap& heap, const RootRegistry& roots, const FinalizerTable& finalizers) {
  const std::vector<Object*>& objects = heap.objects();  // sorted by id
  // Node numbering: 0 = virtual root, 1..R = retainers, then the reachable
  // objects in discovery order.
  std::vector<Retainer> retainers;
  std::vector<std::vector<const Object*>> retainer_targets;
  roots.for_each([&](const RootSet& set) {
    if (set.kind() == RootKind::global) {  // one retainer per package variable
      for (const RootSlot& s : set.slots()) {
        if (s.object == nullptr) continue;  // a nil pointer retains nothing (A5)
        retainers.push_back(Retainer{RootKind::global, s.name.empty() ? set.label() : s.name, 0, 0, 0});
        retainer_targets.push_back({s.object});
      }
      return;
    }
    std::vector<const Object*> targets;
    for (const RootSlot& s : set.slots())
      if (s.object != nullptr) targets.push_back(s.object);
    if (targets.empty()) return;
    std::string name = set.label().empty() ? std::string(to_string(set.kind())) + " #" + std::to_string(set.id()) : set.label();
    retainers.push_back(Retainer{set.kind(), std::move(name), set.goid(), 0, 0});
    retainer_targets.push_back(std::move(targets));
  });
  {
    std::vector<const Object*> targets;
    finalizers.for_each_root([&](const Object* o) {
      if (o != nullptr) targets.push_back(o);
    });
    if (!targets.empty()) {
      retainers.push_back(Retainer{RootKind::finalizer, "finalizers", 0, 0, 0});
      retainer_targets.push_back(std::move(targets));
    }
  }
  // Only what the retainers reach becomes a node: a heap between cycles is
  // mostly garbage (path copies of every `set`), and a snapshot costs what a
  // mark costs, not what a sweep costs. Objects are numbered in breadth-first
  // discovery order, which is deterministic (roots in opening order, slots in
  // order), and each node's edges are appended when it is dequeued — node
  // order — so the CSR graph is built in one pass.
  const auto first_object = static_cast<std::uint32_t>(1 + retainers.size());
  ObjectIndex index_of(heap);
  std::vector<const Object*> found;  // found[i] is node first_object + i
  found.reserve(heap.heap_live_objects());  // at most every live object; 8 bytes each
  const auto node_of = [&](const Object* o) -> std::uint32_t {
    auto [slot, fresh] = index_of.find_or_insert(o, static_cast<std::uint32_t>(first_object + found.size()));
    if (fresh) found.push_back(o);
    return slot;
  };

  FlowGraph g;
  g.edge_begin.reserve(first_object + heap.heap_live_objects() + 1);
  g.edge_to.reserve(first_object + heap.heap_live_objects());  // about one pointer per object; grows past that
  g.edge_begin.push_back(0);
  for (std::uint32_t r = 1; r < first_object; ++r) g.edge_to.push_back(r);
  g.edge_begin.push_back(static_cast<std::uint32_t>(g.edge_to.size()));
  const auto live = [&](const Object* o) {  // a root at a freed object is a runtime bug: say so
    const auto it = std::lower_bound(objects.begin(), objects.end(), o->id,
                                     [](const Object* a, ObjectId id) { return a->id < id; });
    if (it == objects.end() || *it != o)
      throw std::logic_error("retention: object " + std::to_string(o->id) + " is referenced by a root but not live");
    return o;
  };
  for (const auto& targets : retainer_targets) {
    for (const Object* o : targets) g.edge_to.push_back(node_of(live(o)));
    g.edge_begin.push_back(static_cast<std::uint32_t>(g.edge_to.size()));
  }
  // The walk visits objects scattered over the heap: each step asks ahead
  // for what a later step reads (object_prefetch.hpp, as the collector's
  // mark loop does): the object 12 steps on (header, first slots),
  // the children's headers 8 steps on, their index lines 4 steps on. Without
  // it, the snapshot was 9.0 % of cleanup-capture's samples at 10^6 keys
  // (6.3 % with it), nearly all stalls.
  constexpr std::size_t kObjectAhead = 12, kChildrenAhead = 8, kIndexAhead = 4;
  for (std::size_t i = 0; i < found.size(); ++i) {  // found grows while we walk it: the BFS queue
    if (i + kObjectAhead < found.size()) prefetch_object(found[i + kObjectAhead]);
    if (i + kChildrenAhead < found.size()) prefetch_children(found[i + kChildrenAhead]);
    if (i + kIndexAhead < found.size()) {
      const Object* a = found[i + kIndexAhead];
      for (std::uint32_t s = 0; s < a->slot_count; ++s)
        if (const Object* child = a->slot(s)) index_of.prefetch(child);
    }
    const Object* o = found[i];
    for (std::uint32_t s = 0; s < o->slot_count; ++s)
      if (const Object* child = o->slot(s)) g.edge_to.push_back(node_of(child));
    g.edge_begin.push_back(static_cast<std::uint32_t>(g.edge_to.size()));
  }
  const std::size_t node_count = first_object + found.size();
  if (node_count >= kNoDominator || g.edge_to.size() > UINT32_MAX)
    throw std::length_error("retention: object graph too large (" + std::to_string(node_count) + " nodes)");
  std::vector<std::uint64_t> retained_bytes(node_count, 0), retained_objects(node_count, 0);
  for (std::size_t i = 0; i < found.size(); ++i) {
    retained_bytes[first_object + i] = found[i]->emulated_bytes();
    retained_objects[first_object + i] = 1;
  }

  const std::vector<std::uint32_t> idom = immediate_dominators(g);
  for (std::size_t v = 1; v < idom.size(); ++v)  // what add_dominated and sharers rely on
    if (idom[v] >= v) throw std::logic_error("retention: idom of node " + std::to_string(v) + " is not numbered before it");
  add_dominated(idom, retained_bytes);
  add_dominated(idom, retained_objects);

  RetentionSnapshot snap;
  snap.reachable_bytes = retained_bytes[0];
  snap.reachable_objects = retained_objects[0];
  snap.shared_bytes = snap.reachable_bytes;
  snap.shared_objects = snap.reachable_objects;
  // A group's count is every root of its kind and name, retaining or not:
  // 1,000 `worker` frames stay "×1000" when 999 of them only share.
  std::map<std::pair<RootKind, std::string>, std::uint32_t> roots_named;
  for (const Retainer& root : retainers) ++roots_named[{root.kind, root.name}];
  std::map<std::pair<RootKind, std::string>, std::size_t> index;  // (kind, name) -> snap.retainers[i]
  for (std::uint32_t r = 1; r < first_object; ++r) {
    const Retainer& root = retainers[r - 1];
    snap.shared_bytes -= retained_bytes[r];
    snap.shared_objects -= retained_objects[r];
    if (retained_bytes[r] == 0) continue;
    auto [it, fresh] = index.try_emplace({root.kind, root.name}, snap.retainers.size());
    if (fresh) {
      const std::uint32_t n = roots_named[{root.kind, root.name}];
      snap.retainers.push_back(Retainer{root.kind, root.name, n == 1 ? root.goid : 0, retained_bytes[r], retained_objects[r], n});
      continue;
    }
    Retainer& group = snap.retainers[it->second];
    group.retained_bytes += retained_bytes[r];
    group.retained_objects += retained_objects[r];
  }
  std::stable_sort(snap.retainers.begin(), snap.retainers.end(), before);
  if (snap.shared_objects != 0) snap.shared_by = sharers(g, idom, first_object, retainers, roots_named);
  return snap;
}

}  // namespace gcm::rt
