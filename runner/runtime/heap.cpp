// heap.cpp — allocation on a per-instance mimalloc heap; host statistics.
#include "runtime/heap.hpp"

#include <mimalloc.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "runtime/resource_exhausted.hpp"

namespace gcm::rt {

Heap::Heap() : mi_heap_(mi_heap_new()) {
  if (mi_heap_ == nullptr) throw ResourceExhausted("host memory: mi_heap_new failed");
}

// mi_heap_destroy frees every block at once: a whole run is released without
// visiting its objects (ARCHITECTURE.md, runtime/ Heap).
Heap::~Heap() { mi_heap_destroy(mi_heap_); }

Object* Heap::allocate(std::uint8_t kind, std::uint16_t slot_count, std::uint32_t payload_bytes,
                       bool virtual_payload) {
  if (objects_.size() >= kObjectsMax)
    throw ResourceExhausted("emulated heap: " + std::to_string(kObjectsMax) + " live objects (Heap::kObjectsMax)");
  const std::uint64_t emulated = Object::emulated_bytes_for(slot_count, payload_bytes);
  const std::uint64_t host = virtual_payload ? sizeof(Object) + 8ull * slot_count : emulated;
  // mimalloc's blocks are at least 8-byte aligned (its size classes are
  // whole words), all an Object needs, so the plain entry serves; zalloc
  // returns the block zeroed and skips the clearing on pages the OS just
  // gave it zeroed.
  static_assert(alignof(Object) <= 8);
  auto* o = static_cast<Object*>(mi_heap_zalloc(mi_heap_, host));
  if (o == nullptr) throw ResourceExhausted("host memory: mimalloc could not allocate " + std::to_string(host) + " bytes");
  o->id = next_id_++;
  o->payload_bytes = payload_bytes;
  o->slot_count = slot_count;
  o->kind = kind;
  o->flags = virtual_payload ? object_flag::virtual_payload : 0;
  objects_.push_back(o);
  heap_live_bytes_ += emulated;
  total_alloc_bytes_ += emulated;
  return o;
}

void Heap::release(Object* o) noexcept { mi_free(o); }

static auto lower_bound_id(const std::vector<Object*>& objects, ObjectId id) {
  return std::lower_bound(objects.begin(), objects.end(), id,
                          [](const Object* o, ObjectId v) { return o->id < v; });
}

bool Heap::is_live(ObjectId id) const noexcept { return find(id) != nullptr; }

Object* Heap::find(ObjectId id) const noexcept {
  auto it = lower_bound_id(objects_, id);
  return (it != objects_.end() && (*it)->id == id) ? *it : nullptr;
}

std::uint64_t Heap::count_live_sorted(std::span<const ObjectId> sorted_ids) const noexcept {
  std::uint64_t live = 0;
  std::size_t lo = 0;
  const std::size_t n = objects_.size();
  for (ObjectId id : sorted_ids) {
    std::size_t step = 1, hi = lo;  // gallop: objects_[lo, hi) all have ids below `id`
    while (hi < n && objects_[hi]->id < id) {
      lo = hi + 1;
      hi += step;
      step *= 2;
    }
    hi = std::min(hi, n);
    lo = static_cast<std::size_t>(std::lower_bound(objects_.begin() + static_cast<std::ptrdiff_t>(lo),
                                                   objects_.begin() + static_cast<std::ptrdiff_t>(hi), id,
                                                   [](const Object* o, ObjectId v) { return o->id < v; }) -
                                  objects_.begin());
    if (lo < n && objects_[lo]->id == id) ++live;
  }
  return live;
}

static bool visit_area(const mi_heap_t*, const mi_heap_area_t* area, void*, size_t, void* arg) {
  auto* s = static_cast<HostHeapStats*>(arg);
  if (area == nullptr) return true;
  s->host_live_blocks += area->used;
  s->host_live_bytes += area->used * area->block_size;
  s->host_committed_bytes += area->committed;
  return true;
}

// One visit of the heap's pages (not their blocks): O(pages), cheap next to
// the sweep that follows it.
void Heap::note_host_peak() const {
  HostHeapStats now;
  mi_heap_visit_blocks(mi_heap_, false, &visit_area, &now);
  host_peak_.host_now_committed_bytes = now.host_committed_bytes;
  host_peak_.host_live_blocks = std::max(host_peak_.host_live_blocks, now.host_live_blocks);
  host_peak_.host_live_bytes = std::max(host_peak_.host_live_bytes, now.host_live_bytes);
  host_peak_.host_committed_bytes = std::max(host_peak_.host_committed_bytes, now.host_committed_bytes);
}

HostHeapStats Heap::host_stats() const {
  note_host_peak();
  return host_peak_;
}

ProcessHostStats process_host_stats() {
  size_t elapsed = 0, user = 0, sys = 0, rss = 0, peak_rss = 0, commit = 0, peak_commit = 0, faults = 0;
  mi_process_info(&elapsed, &user, &sys, &rss, &peak_rss, &commit, &peak_commit, &faults);
  return ProcessHostStats{peak_rss, rss};
}

std::vector<std::string> Heap::check_invariants() const {
  std::vector<std::string> problems;
  std::uint64_t bytes = 0;
  ObjectId prev = 0;
  for (const Object* o : objects_) {
    if (o->id <= prev)
      problems.push_back("heap: ids not strictly increasing at id " + std::to_string(o->id));
    if (o->flags & object_flag::marked)
      problems.push_back("heap: object " + std::to_string(o->id) + " marked outside a GC");
    prev = o->id;
    bytes += o->emulated_bytes();
  }
  if (bytes != heap_live_bytes_)
    problems.push_back("heap: heap_live_bytes " + std::to_string(heap_live_bytes_) + " != sum " +
                       std::to_string(bytes));
  return problems;
}

}  // namespace gcm::rt
