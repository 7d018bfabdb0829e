// run_queue.hpp — the scheduler's runnable goroutines, in the order they
// became runnable. Main entries: RunQueue::take_at(), RunQueue::highest().
//
// Why not a vector: every pick removed one goroutine from the middle (a
// seeded index, or PCT's highest priority found by a linear scan), so a run
// with n goroutines runnable at once cost O(n) per pick and O(n²) in all:
// 10^5 goroutines spent most of their host time in memmove.
//
// Here the goroutines sit in append-only slots (the order a vector had:
// removal keeps the others' order), grouped in blocks of 64 slots, each a
// live mask and a not-local mask, under a segment tree over the blocks whose
// nodes hold the live count and the first slot of highest priority, over
// all goroutines and over those not waiting in a P's local queue (work
// stealing). So the k-th runnable, PCT's highest and "highest stealable"
// are O(log n + 64), and every answer equals what the vector gave: same
// k-th element, same first maximum. Dead slots are compacted away (in
// order) when they outnumber the live ones.
//
// Why blocks: a binary tree with a leaf per slot put every update's lowest
// levels in different cache lines: at 2·10^5 goroutines (goroutine-leak at
// 10^5, two tests) the tree was 16 MB and each update missed the cache on
// most of its 18 levels. A block's masks and its 64 priorities are
// contiguous, and the tree over blocks is 64 times smaller.
//
// A goroutine's priority may change while it is queued (PCT demote/promote):
// the caller says so with reprioritized(g). A queue made without
// `by_priority` (the yield_only scheduler, which only draws the k-th) keeps
// counts only: highest() and highest_not_local() must not be called on it.
//
// Invariant (check): each live slot's goroutine names that slot
// (Goroutine::run_slot), the masks say which slots are live and not local,
// every leaf equals its block's masks and priorities and every inner node
// the combination of its children, and size() is the number of live slots.
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
  // The k-th queued goroutine, left queued, k < size().
  Goroutine* at(std::size_t k) const noexcept;

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

  static constexpr std::size_t kBlockSlots = 64;  // slots per block: one 64-bit mask
  static std::size_t block_of(std::size_t slot) noexcept { return slot / kBlockSlots; }
  static std::uint64_t bit_of(std::size_t slot) noexcept { return std::uint64_t{1} << (slot % kBlockSlots); }

  std::uint32_t better(std::uint32_t a, std::uint32_t b) const noexcept;
  void pull(std::size_t node) noexcept;    // recompute node from its children
  void update_block(std::size_t block) noexcept;  // its leaf from its masks, then the path to the root
  void climb(std::size_t block) noexcept;         // the path from the block's leaf to the root
  void update_slot(std::size_t slot) noexcept;    // the slot's mask bits, then update_block
  void rebuild(std::size_t capacity);      // compacts live slots in order into `capacity` slots (blocks × 64)

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
  Node block_node(std::size_t block) const noexcept;  // computed from the block's masks and priorities
  static void offer(std::uint32_t& best, std::int64_t& best_priority, std::uint32_t slot,
                    std::int64_t priority) noexcept;

  bool by_priority_;
  std::vector<Goroutine*> slots_;          // append-only until rebuild; nullptr = removed
  std::vector<std::int64_t> priority_;     // per slot: its goroutine's priority (no pointer chase in better())
  std::vector<std::uint8_t> local_;        // per slot: in a P's local queue
  std::vector<std::uint64_t> live_mask_;   // per block: bit i = slot 64·block + i is live
  std::vector<std::uint64_t> free_mask_;   // per block: live and not local
  std::size_t live_ = 0;
  std::size_t capacity_ = 0;               // slots (blocks_ × 64), ≥ slots_.size()
  std::size_t blocks_ = 0;                 // leaves of the tree (a power of two)
  std::vector<Node> tree_;                 // heap-ordered, root 1, leaves blocks_ + block
};

}  // namespace gcm::rt
