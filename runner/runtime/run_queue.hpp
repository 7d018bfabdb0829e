// run_queue.hpp — the scheduler's runnable goroutines, in the order they
// became runnable. Main entries: RunQueue::take_at(), RunQueue::highest().
//
// Why not a vector: every pick removed one goroutine from the middle (a
// seeded index, or PCT's highest priority found by a linear scan), so a run
// with n goroutines runnable at once cost O(n) per pick and O(n²) in all:
// 10^5 goroutines spent most of their host time in memmove.
//
// Here the goroutines sit in append-only slots (the order a vector had:
// removal keeps the others' order) under a segment tree whose nodes hold
// the live count and the first slot of highest priority, over all
// goroutines and over those not waiting in a P's local queue (work
// stealing). So the k-th runnable, PCT's highest and "highest stealable"
// are O(log n), and every answer equals what the vector gave: same k-th
// element, same first maximum. Dead slots are compacted away (in order)
// when they outnumber the live ones.
//
// A goroutine's priority may change while it is queued (PCT demote/promote):
// the caller says so with reprioritized(g). A queue made without
// `by_priority` (the yield_only scheduler, which only draws the k-th) keeps
// counts only: highest() and highest_not_local() must not be called on it.
//
// Invariant (check): each live slot's goroutine names that slot
// (Goroutine::run_slot), every node equals the combination of its children,
// and size() is the number of live slots.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/goroutine.hpp"

namespace gcm::rt {

class RunQueue {
 public:
  explicit RunQueue(bool by_priority = true) noexcept : by_priority_(by_priority) {}

  std::size_t size() const noexcept { return live_; }
  bool empty() const noexcept { return live_ == 0; }
  bool contains(const Goroutine* g) const noexcept {
    return g->run_slot < slots_.size() && slots_[g->run_slot] == g;
  }

  void push_back(Goroutine* g);
  // Removes g if it is queued; false when it was not.
  bool erase(Goroutine* g) noexcept;
  // Removes and returns the k-th queued goroutine (0 = the oldest), k < size().
  Goroutine* take_at(std::size_t k) noexcept;

  // The first queued goroutine of highest priority (nullptr when empty).
  Goroutine* highest() const noexcept;
  // The same among the goroutines not marked local (nullptr: none).
  Goroutine* highest_not_local() const noexcept;

  void reprioritized(const Goroutine* g) noexcept;
  // Work stealing: g waits in a P's local queue (true) or may run on any P.
  void set_local(const Goroutine* g, bool local) noexcept;
  bool is_local(const Goroutine* g) const noexcept { return contains(g) && local_[g->run_slot] != 0; }

  void clear() noexcept;
  std::vector<std::string> check() const;

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  std::uint32_t better(std::uint32_t a, std::uint32_t b) const noexcept;
  void pull(std::size_t node) noexcept;    // recompute node from its children
  void update_leaf(std::size_t slot) noexcept;
  void rebuild(std::size_t capacity);      // compacts live slots in order into a tree of `capacity` leaves

  // Each node carries its winners' priorities: pull() compares its children
  // without loading priority_ at two random slots per winner (at 10^5
  // runnable goroutines those loads missed the cache on every level).
  struct Node {
    std::uint32_t count = 0;          // live slots below
    std::uint32_t best = kNone;       // first slot of highest priority below (by_priority_ only)
    std::uint32_t best_free = kNone;  // the same among slots not local
    std::int64_t best_priority = 0;       // priority_[best] (when best != kNone)
    std::int64_t best_free_priority = 0;  // priority_[best_free] (when best_free != kNone)
  };
  static void pick(std::uint32_t& slot, std::int64_t& priority, std::uint32_t l, std::int64_t lp, std::uint32_t r,
                   std::int64_t rp) noexcept;
  Node leaf_of(std::size_t slot) const noexcept;

  bool by_priority_;
  std::vector<Goroutine*> slots_;          // append-only until rebuild; nullptr = removed
  std::vector<std::int64_t> priority_;     // per slot: its goroutine's priority (no pointer chase in better())
  std::vector<std::uint8_t> local_;        // per slot: in a P's local queue
  std::size_t live_ = 0;
  std::size_t capacity_ = 0;               // leaves (a power of two), ≥ slots_.size()
  std::vector<Node> tree_;                 // heap-ordered, root 1, leaves capacity_ + slot
};

}  // namespace gcm::rt
