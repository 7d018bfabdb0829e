// collector.cpp — mark (explicit stack), finalizer resurrection, sweep, verifier.
#include "runtime/collector.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "runtime/object_prefetch.hpp"

namespace gcm::rt {

// Pointer-free objects are not scanned (Go's noscan spans): only the header
// is touched. Objects with slots are scanned whole.
static std::uint64_t scanned_bytes_of(const Object* o, std::uint64_t bytes) noexcept {
  return o->slot_count == 0 ? sizeof(Object) : bytes;
}
static std::uint64_t scanned_bytes_of(const Object* o) noexcept { return scanned_bytes_of(o, o->emulated_bytes()); }

void Collector::mark_root(Object* o) noexcept {
  if (o == nullptr || o->is(object_flag::marked)) return;  // a nil pointer does not mark (A5)
  o->flags |= object_flag::marked;
  ++marked_objects_;
  marked_bytes_ += o->emulated_bytes();
  scanned_bytes_ += scanned_bytes_of(o);
  if (o->slot_count != 0) mark_stack_.push_back(o);
}

namespace {
// What a drain adds up. A local of the drain, so the counters stay in
// registers for its whole length: as members they were stored and reloaded
// after every child, since a write to an object header may alias them as far
// as the compiler knows.
struct MarkTally {
  std::uint64_t objects = 0, bytes = 0, scanned = 0;
};

// Marks o's unmarked children, pushing those with slots (grey): the step
// both drains share.
[[gnu::always_inline]] inline void mark_children(const Object* o, MarkTally& t, std::vector<Object*>& stack) {
  Object* const* slots = o->slots();
  for (std::uint32_t i = 0, n = o->slot_count; i < n; ++i) {
    Object* child = slots[i];
    if (child == nullptr || child->is(object_flag::marked)) continue;
    child->flags |= object_flag::marked;
    const std::uint64_t bytes = child->emulated_bytes();
    ++t.objects;
    t.bytes += bytes;
    t.scanned += scanned_bytes_of(child, bytes);  // the size already in hand
    if (child->slot_count != 0) stack.push_back(child);
  }
}

}  // namespace

void Collector::drain_pipelined() noexcept {
  // A three-stage software pipeline over the grey objects (the prefetch-on-grey
  // of Boehm's collector, and of Cher, Hosking and Vijaykumar, ASPLOS 2004):
  // a popped object first waits in `loading` while its header and first slot
  // lines come in, then in `probing` while its children's headers come in,
  // and only then are its children tested and marked (object_prefetch.hpp:
  // scanning each object as it was popped, drain's plain path, stalled on
  // those loads). Marking is order-independent (the counters are sums, the
  // marked set is the reachable set), so results are unchanged.
  constexpr std::size_t kDepth = 16;  // objects in flight per stage
  Object* loading[kDepth] = {};
  Object* probing[kDepth] = {};
  std::size_t loading_head = 0, loading_n = 0, probing_head = 0, probing_n = 0;
  MarkTally t;
  for (;;) {
    while (loading_n < kDepth && !mark_stack_.empty()) {  // stage 1: ask for the objects
      Object* o = mark_stack_.back();
      mark_stack_.pop_back();
      prefetch_object(o);
      loading[(loading_head + loading_n++) % kDepth] = o;
    }
    if (loading_n != 0 && probing_n < kDepth) {  // stage 2: ask for the children's headers
      Object* o = loading[loading_head];
      loading_head = (loading_head + 1) % kDepth;
      --loading_n;
      prefetch_children</*kForWrite=*/true>(o);
      probing[(probing_head + probing_n++) % kDepth] = o;
      continue;
    }
    if (probing_n == 0) break;  // and loading_n == 0, and the stack is empty
    Object* o = probing[probing_head];  // stage 3: test and mark the children
    probing_head = (probing_head + 1) % kDepth;
    --probing_n;
    mark_children(o, t, mark_stack_);
  }
  marked_objects_ += t.objects;
  marked_bytes_ += t.bytes;
  scanned_bytes_ += t.scanned;
}

void Collector::drain() noexcept {
  // Below the size of a last-level cache the heap's headers are in cache and
  // the pipeline's bookkeeping is pure cost: timeout-cascade, whose marking
  // stays in a few MiB, took 0.59 -> 0.95 s with the pipeline always on.
  // Either way the same objects are marked.
  if (heap_.heap_live_objects() >= kPipelineFromObjects) {
    drain_pipelined();
    return;
  }
  MarkTally t;
  while (!mark_stack_.empty()) {
    Object* o = mark_stack_.back();
    mark_stack_.pop_back();
    prefetch_children</*kForWrite=*/true>(o);
    mark_children(o, t, mark_stack_);
  }
  marked_objects_ += t.objects;
  marked_bytes_ += t.bytes;
  scanned_bytes_ += t.scanned;
}

void Collector::mark_all_roots(const std::function<bool(const RootSet&)>* skip) {
  roots_.for_each([&](const RootSet& set) {
    if (skip != nullptr && (*skip)(set)) return;
    for (const RootSlot& s : set.slots()) mark_root(s.object);
  });
  finalizers_.for_each_root([&](Object* o) { mark_root(o); });
  drain();
}

void Collector::clear_marks() noexcept {
  for (Object* o : heap_.objects()) o->flags &= static_cast<std::uint8_t>(~object_flag::marked);
}

GcCycleStats Collector::collect(const std::function<void(Object*)>& on_free, std::vector<QueuedCall>& queued,
                                bool verify) {
  GcCycleStats st;
  st.cycle = ++cycles_;
  st.live_before_bytes = heap_.heap_live_bytes();
  st.live_before_objects = heap_.heap_live_objects();
  marked_objects_ = marked_bytes_ = scanned_bytes_ = 0;

  std::vector<ObjectId> reachable_before;
  if (verify) reachable_before = reachable_ids_slow();

  // 1. Roots, each P's current tiny block first (mgc.go gcStart → mgcmark.go gcMarkTinyAllocs).
  tiny_.for_each_current_member([this](Object* o) { mark_root(o); });
  mark_all_roots(nullptr);
  marked_objects_ += tiny_.propagate_marks();    // 2 (tiny objects are pointer-free)
  std::vector<Object*> resurrected;              // 3
  const std::size_t queued_before = queued.size();
  finalizers_.queue_unreachable_finalizers(resurrected, queued);
  st.finalizers_queued = queued.size() - queued_before;
  for (Object* o : resurrected) {
    ++marked_objects_;
    marked_bytes_ += o->emulated_bytes();
    scanned_bytes_ += scanned_bytes_of(o);
    if (o->slot_count != 0) mark_stack_.push_back(o);
  }
  drain();
  marked_objects_ += tiny_.propagate_marks();
  const std::size_t before_cleanups = queued.size();  // 4
  finalizers_.queue_unreachable_cleanups(queued);
  st.cleanups_queued = queued.size() - before_cleanups;
  for (std::size_t i = queued_before; i < queued.size(); ++i) finalizers_.push_queued(queued[i]);

  st.marked_objects = marked_objects_;
  st.marked_bytes = marked_bytes_;
  st.scanned_bytes = scanned_bytes_;
  auto [freed_objects, freed_bytes] = heap_.sweep([&](Object* o) {  // 5
    tiny_.on_free(o);
    on_free(o);
  });
  st.freed_objects = freed_objects;
  st.freed_bytes = freed_bytes;
  // gcMarkTermination → forEachP mcache.prepareForSweep → releaseAll: c.tiny = 0.
  tiny_.release_current();
  st.live_after_bytes = heap_.heap_live_bytes();
  st.live_after_objects = heap_.heap_live_objects();

  // Virtual cost: mark = objects × mark_object_ns + scanned KiB × mark_kib_ns;
  // sweep = objects visited × sweep_object_ns; pause = stw_pause_ns.
  st.mark_ns = static_cast<std::int64_t>(st.marked_objects) * cost_.mark_object_ns +
               static_cast<std::int64_t>(st.scanned_bytes / 1024) * cost_.mark_kib_ns;
  st.sweep_ns = static_cast<std::int64_t>(st.live_before_objects) * cost_.sweep_object_ns;
  st.pause_ns = cost_.stw_pause_ns;
  st.total_ns = st.mark_ns + st.sweep_ns + st.pause_ns;

  if (verify) {
    verify_problems_.clear();
    for (ObjectId id : reachable_before)
      if (!heap_.is_live(id))
        verify_problems_.push_back("gc verify: reachable object " + std::to_string(id) + " was freed");
    // After the sweep the finalizer queue is a root too, so resurrected
    // objects and what they reference count as reachable.
    const std::vector<ObjectId> reachable_after = reachable_ids_slow();
    std::unordered_set<ObjectId> reach(reachable_after.begin(), reachable_after.end());
    for (const Object* o : heap_.objects()) {
      if (reach.count(o->id) || o->is(object_flag::tiny)) continue;
      verify_problems_.push_back("gc verify: unreachable object " + std::to_string(o->id) + " survived");
    }
  }
  return st;
}

std::vector<ObjectId> Collector::reachable_ids_slow() const {
  std::unordered_set<ObjectId> seen;
  std::vector<const Object*> stack;
  auto visit = [&](const Object* o) {
    if (o != nullptr && seen.insert(o->id).second) stack.push_back(o);
  };
  roots_.for_each([&](const RootSet& set) {
    for (const RootSlot& s : set.slots()) visit(s.object);
  });
  finalizers_.for_each_root([&](Object* o) { visit(o); });
  while (!stack.empty()) {
    const Object* o = stack.back();
    stack.pop_back();
    for (std::uint32_t i = 0; i < o->slot_count; ++i) visit(o->slot(i));
  }
  return {seen.begin(), seen.end()};
}

Collector::Retained Collector::reachable() {
  marked_objects_ = marked_bytes_ = scanned_bytes_ = 0;
  mark_all_roots(nullptr);
  Retained r{marked_bytes_, marked_objects_};
  clear_marks();
  return r;
}

Collector::Retained Collector::retained_only_by(const std::function<bool(const RootSet&)>& only) {
  marked_objects_ = marked_bytes_ = scanned_bytes_ = 0;
  mark_all_roots(&only);  // everything else first
  const std::uint64_t bytes_before = marked_bytes_, objects_before = marked_objects_;
  roots_.for_each([&](const RootSet& set) {
    if (!only(set)) return;
    for (const RootSlot& s : set.slots()) mark_root(s.object);
  });
  drain();
  Retained r{marked_bytes_ - bytes_before, marked_objects_ - objects_before};
  clear_marks();
  return r;
}

// Ownership marking. After everything the other roots reach is marked, each
// object reachable from the listed goroutines gets an owner: the index of the
// first goroutine that reaches it, or kShared once a second one does (then
// its whole unmarked subtree becomes shared too). An object changes state at
// most twice (none -> owner -> shared), so the pass is linear in the objects
// and slots reached. Owned objects are exactly those one goroutine alone
// retains: retained_only_by's answer for it.
std::vector<Collector::Retained> Collector::retained_by_each_goroutine(const std::vector<std::uint32_t>& goids) {
  constexpr std::uint32_t kShared = UINT32_MAX;
  std::unordered_map<std::uint32_t, std::uint32_t> index_of;  // goid -> index in goids
  for (std::uint32_t i = 0; i < goids.size(); ++i) index_of.emplace(goids[i], i);
  const auto listed = [&](const RootSet& s) { return s.kind() == RootKind::frame && index_of.contains(s.goid()); };
  const std::function<bool(const RootSet&)> skip = listed;
  marked_objects_ = marked_bytes_ = scanned_bytes_ = 0;
  mark_all_roots(&skip);
  std::unordered_map<const Object*, std::uint32_t> owner;
  std::vector<std::pair<const Object*, std::uint32_t>> stack;
  const auto visit = [&](const Object* o, std::uint32_t by) {
    if (o == nullptr || o->is(object_flag::marked)) return;
    const auto [it, inserted] = owner.emplace(o, by);
    if (!inserted) {
      if (it->second == by || it->second == kShared) return;
      it->second = kShared;
      by = kShared;
    }
    if (o->slot_count != 0) stack.emplace_back(o, by);
  };
  roots_.for_each([&](const RootSet& set) {
    if (!listed(set)) return;
    const std::uint32_t by = index_of.at(set.goid());
    for (const RootSlot& s : set.slots()) visit(s.object, by);
    while (!stack.empty()) {
      const auto [o, from] = stack.back();
      stack.pop_back();
      for (std::uint32_t i = 0; i < o->slot_count; ++i) visit(o->slot(i), from);
    }
  });
  std::vector<Retained> retained(goids.size());
  for (const auto& [o, by] : owner) {
    if (by == kShared) continue;
    retained[by].bytes += o->emulated_bytes();
    retained[by].objects += 1;
  }
  clear_marks();
  return retained;
}

}  // namespace gcm::rt
