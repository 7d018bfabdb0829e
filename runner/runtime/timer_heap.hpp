// timer_heap.hpp — the scheduler's sleeping goroutines by (wake, seq).
// Main entries: TimerHeap::add(), TimerHeap::cancel(), TimerHeap::pop_due().
//
// Why not std::set: every time.Sleep inserted a tree node (an allocation and
// a rebalance) and every wake or cancel erased one; with 10^5 sleepers
// (goroutine-leak) that was a large share of the host time. A binary heap in
// one vector orders the same (wake_ns, seq) pairs, so goroutines wake in
// exactly the order the set gave. A cancelled timer is left in place and
// recognised as stale (its goroutine's wake_ns/timer_seq no longer match);
// the top is kept live, so next_wake_ns() needs no clean-up, and the heap
// is rebuilt once stale entries outnumber live ones (amortised O(1)).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "runtime/goroutine.hpp"

namespace gcm::rt {

class TimerHeap {
 public:
  bool empty() const noexcept { return live_ == 0; }
  std::size_t size() const noexcept { return live_; }
  // The earliest live wake time; !empty().
  std::int64_t next_wake_ns() const noexcept { return heap_.front().wake_ns; }

  // g->wake_ns and g->timer_seq are already set.
  void add(Goroutine* g) {
    heap_.push_back(Entry{g->wake_ns, g->timer_seq, g});
    std::push_heap(heap_.begin(), heap_.end(), later);
    ++live_;
  }
  // Removes g's live timer (g->wake_ns ≥ 0) and clears it (wake_ns = -1).
  void cancel(Goroutine* g) {
    g->wake_ns = -1;  // its entry is stale from here on
    --live_;
    if (heap_.size() > 2 * live_ + 64) {
      heap_.erase(std::remove_if(heap_.begin(), heap_.end(), [](const Entry& e) { return stale(e); }), heap_.end());
      std::make_heap(heap_.begin(), heap_.end(), later);
    }
    drop_stale_top();
  }
  // The earliest due goroutine (wake_ns ≤ now_ns), removed; nullptr if none.
  // Its wake_ns is still set: the caller clears it.
  Goroutine* pop_due(std::int64_t now_ns) {
    if (heap_.empty() || heap_.front().wake_ns > now_ns) return nullptr;
    Goroutine* g = heap_.front().g;
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
    --live_;
    drop_stale_top();
    return g;
  }
  void clear() noexcept {
    heap_.clear();
    live_ = 0;
  }

 private:
  struct Entry {
    std::int64_t wake_ns;
    std::uint64_t seq;
    Goroutine* g;
  };
  static bool stale(const Entry& e) noexcept { return e.g->wake_ns != e.wake_ns || e.g->timer_seq != e.seq; }
  // std heaps are max-heaps: "later" puts the earliest (wake, seq) on top.
  static bool later(const Entry& a, const Entry& b) noexcept {
    return a.wake_ns != b.wake_ns ? a.wake_ns > b.wake_ns : a.seq > b.seq;
  }
  void drop_stale_top() {
    while (!heap_.empty() && stale(heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), later);
      heap_.pop_back();
    }
  }

  std::vector<Entry> heap_;
  std::size_t live_ = 0;
};

}  // namespace gcm::rt
