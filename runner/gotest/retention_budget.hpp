// retention_budget.hpp — how much heap the test-end and timeout retention
// snapshots may walk in one run. Main entry: RetentionBudget::admit().
//
// Why: a snapshot (runtime/retention.hpp) walks the live heap, so one per
// test end costs tests × live objects. 1,000 parallel subtests that each hold
// a trie end while all the others are still live: 1,000 walks of ~430,000
// objects, 19 s of CPU per profile and slope 2.4 (issue 16, "Scaling
// targets"). The budget keeps the snapshots' work proportional to the run's
// own: at most kWorkPerAllocation walked objects per object the run has
// allocated so far, plus kWorkFloorObjects so that a small run (the default
// matrix: every case) is never short of a snapshot.
//
// The cost of a snapshot is what it walks, the objects it reaches, plus a
// sixteenth of the live heap (the id index it clears, retention.cpp
// ObjectIndex). Before the walk that is estimated from above: what the last
// snapshot reached plus every object allocated since (the reachable part
// grows by allocation only), at most the live heap. A snapshot is taken
// when its estimate fits what is left, else skipped and counted
// (Observation::retention_dropped; the case's summary line says so). A
// leaf subtest's end must fit in half of what is left: the expensive
// snapshots of many subtests ending at a run's peak never use the budget up,
// so what a reader looks for is still there — each top-level test's end, the
// end of a test that ran subtests ("nothing left behind"), a timeout. Every figure is emulated, so
// which snapshots are skipped is the same on every host; snapshots never
// change events (retention.hpp), so neither does the budget. Total walk:
// at most the budget plus one snapshot (when an estimate was low: objects a
// finalizer resurrected, a pointer a C++ caller held unrooted), still linear
// in allocations.
// runtime.GC's snapshots (and a profile's GC hooks') go through the same
// budget (Runtime::gc_snapshot_gate, never as a leaf): suite-cleanup's
// tests each call runtime.GC over a heap that grows with the test count, and
// one whole-heap snapshot per test was 91 % of its CPU at 10,000 tests.
#pragma once

#include <algorithm>
#include <cstdint>

#include "runtime/runtime.hpp"

namespace gcm::gotest {

class RetentionBudget {
 public:
  static constexpr std::uint64_t kWorkPerAllocation = 4;
  static constexpr std::uint64_t kWorkFloorObjects = 4'000'000;

  RetentionBudget() = default;
  RetentionBudget(std::uint64_t work_per_allocation, std::uint64_t work_floor_objects) noexcept
      : per_allocation_(work_per_allocation), floor_objects_(work_floor_objects) {}

  // True when a snapshot of the heap as it is now fits (then take it and
  // charge() it); false, counted as skipped, when it would overdraw (a leaf
  // subtest's: more than half of what is left). False, not counted, when
  // snapshots are off (--no-retention).
  bool admit(const rt::Runtime& rt, bool leaf_subtest) noexcept {
    if (!rt.options().retention_snapshots) return false;
    const rt::Heap& heap = rt.heap();
    const std::uint64_t reach = std::min<std::uint64_t>(heap.heap_live_objects(),
                                                        last_reachable_ + (heap.last_id() - last_id_seen_));
    const std::uint64_t allowed_now = allowed(rt);
    const std::uint64_t estimate = reach + index_cost(rt);
    if (spent_ > allowed_now || (leaf_subtest ? 2 : 1) * estimate > allowed_now - spent_) {
      ++skipped_;
      return false;
    }
    return true;
  }
  // After an admitted snapshot: what it reached (0 if the runtime dropped it).
  void charge(const rt::Runtime& rt, std::uint64_t reachable_objects) noexcept {
    spent_ += reachable_objects + index_cost(rt);
    last_reachable_ = reachable_objects;
    last_id_seen_ = rt.heap().last_id();
  }
  std::uint64_t skipped() const noexcept { return skipped_; }
  std::uint64_t spent_objects() const noexcept { return spent_; }

 private:
  static std::uint64_t index_cost(const rt::Runtime& rt) noexcept { return rt.heap().heap_live_objects() / 16 + 1; }
  std::uint64_t allowed(const rt::Runtime& rt) const noexcept {
    return floor_objects_ + per_allocation_ * rt.heap().last_id();
  }

  std::uint64_t per_allocation_ = kWorkPerAllocation, floor_objects_ = kWorkFloorObjects;
  std::uint64_t spent_ = 0, skipped_ = 0;
  std::uint64_t last_reachable_ = 0, last_id_seen_ = 0;  // the last charged snapshot
};

}  // namespace gcm::gotest
