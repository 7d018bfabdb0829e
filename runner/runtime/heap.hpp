// heap.hpp — the emulated Go heap of one runtime instance, backed by one
// mimalloc heap. Main entries: Heap::allocate(), Heap::sweep().
//
// Two accountings, never mixed:
//   * emulated (deterministic): heap_live_bytes / heap_live_objects, the sum
//     of Object::emulated_bytes() over live objects, cumulative alloc totals.
//   * host (labelled host): what mimalloc really holds, from mi_heap_visit_blocks.
//
// Invariant (check_invariants): objects_ is sorted by id, strictly increasing;
//   heap_live_bytes == Σ emulated_bytes(o) for o in objects_;
//   heap_live_objects == |objects_|; outside a GC no object is marked.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "runtime/object.hpp"

struct mi_heap_s;

namespace gcm::rt {

// Peaks are sampled when the heap is largest: at the start of every sweep
// (before anything is freed) and when asked. Measured at the end of a run
// alone, after the last GC freed nearly everything, the heap read 0.7 MiB
// next to a 461 MiB process RSS (issue 16).
struct HostHeapStats {           // host figures: NOT deterministic
  std::uint64_t host_live_blocks = 0;     // mimalloc blocks in use in this heap, at its peak
  std::uint64_t host_live_bytes = 0;      // Σ used blocks × block size, at its peak
  std::uint64_t host_committed_bytes = 0; // committed bytes of the heap's pages, at their peak
  std::uint64_t host_now_committed_bytes = 0;  // the same, now
};

// Host figures of the whole process (mi_process_info). Not mimalloc's
// "peak commit": on an overcommitting kernel mimalloc commits its arenas
// eagerly (mi_option_arena_eager_commit), so that counter grows with address
// space reserved, not with memory used; it once read 5,622,600 MiB next to a
// 500 MiB RSS.
struct ProcessHostStats {
  std::uint64_t host_peak_rss_bytes = 0;
  std::uint64_t host_current_rss_bytes = 0;
};
ProcessHostStats process_host_stats();

class Heap {
 public:
  static constexpr std::uint64_t kObjectsMax = 200'000'000;  // a limit on everything

  Heap();
  ~Heap();
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;

  // Allocates a zeroed object. A virtual payload is counted but not
  // materialised (a workload's 1 MiB buffers: issue "runtime heap" item 1).
  Object* allocate(std::uint8_t kind, std::uint16_t slot_count, std::uint32_t payload_bytes,
                   bool virtual_payload = false);

  // Frees every unmarked object, clears marks of the others. Calls
  // on_free(object) before freeing each dead one. Returns (objects, bytes) freed.
  template <class OnFree>
  std::pair<std::uint64_t, std::uint64_t> sweep(OnFree&& on_free);

  bool is_live(ObjectId id) const noexcept;  // binary search over objects_
  // How many of `sorted_ids` (ascending) are live: one forward gallop over
  // objects_, where an is_live per id is a binary search each (a workload
  // counting 10^5 trie nodes in a heap of 3·10^6 objects: issue 16).
  std::uint64_t count_live_sorted(std::span<const ObjectId> sorted_ids) const noexcept;
  Object* find(ObjectId id) const noexcept;  // nullptr if freed
  const std::vector<Object*>& objects() const noexcept { return objects_; }

  std::uint64_t heap_live_bytes() const noexcept { return heap_live_bytes_; }
  std::uint64_t heap_live_objects() const noexcept { return objects_.size(); }
  std::uint64_t total_alloc_bytes() const noexcept { return total_alloc_bytes_; }
  std::uint64_t total_alloc_objects() const noexcept { return next_id_ - 1; }
  std::uint64_t total_freed_objects() const noexcept { return total_freed_objects_; }
  ObjectId last_id() const noexcept { return next_id_ - 1; }

  HostHeapStats host_stats() const;  // updates the peaks first
  void note_host_peak() const;       // samples mimalloc's view of this heap into the peaks
  std::vector<std::string> check_invariants() const;  // empty = holds

 private:
  void release(Object* o) noexcept;

  mi_heap_s* mi_heap_;
  std::vector<Object*> objects_;       // live objects, sorted by id
  ObjectId next_id_ = 1;
  std::uint64_t heap_live_bytes_ = 0;  // emulated
  std::uint64_t total_alloc_bytes_ = 0;
  std::uint64_t total_freed_objects_ = 0;
  mutable HostHeapStats host_peak_;    // host: the largest sample so far
};

template <class OnFree>
std::pair<std::uint64_t, std::uint64_t> Heap::sweep(OnFree&& on_free) {
  note_host_peak();  // the heap is at its largest just before a sweep
  std::uint64_t freed_objects = 0, freed_bytes = 0;
  std::size_t kept = 0;
  constexpr std::size_t kAhead = 64;  // headers asked for ahead of the sweep (they are in id order, not address order)
  for (std::size_t i = 0; i < objects_.size(); ++i) {
    if (i + kAhead < objects_.size()) __builtin_prefetch(objects_[i + kAhead], 1);
    Object* o = objects_[i];
    if (o->flags & object_flag::marked) {
      o->flags &= static_cast<std::uint8_t>(~object_flag::marked);
      objects_[kept++] = o;
    } else {
      on_free(o);
      ++freed_objects;
      freed_bytes += o->emulated_bytes();
      release(o);
    }
  }
  objects_.resize(kept);
  heap_live_bytes_ -= freed_bytes;
  total_freed_objects_ += freed_objects;
  return {freed_objects, freed_bytes};
}

}  // namespace gcm::rt
