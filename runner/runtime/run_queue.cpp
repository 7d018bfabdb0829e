// run_queue.cpp — ordered slots in 64-slot blocks under a segment tree (count, first highest priority).
#include "runtime/run_queue.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>

namespace gcm::rt {

namespace {
// Blocks for n slots: a power of two, at least one.
std::size_t ceil_blocks(std::size_t slots) noexcept {
  std::size_t c = 1;
  while (c * 64 < slots) c *= 2;
  return c;
}
}  // namespace

// The earlier slot wins a tie: the vector's linear scan kept its first maximum.
std::uint32_t RunQueue::better(std::uint32_t a, std::uint32_t b) const noexcept {
  if (a == kNone) return b;
  if (b == kNone) return a;
  return priority_[b] > priority_[a] ? b : a;
}

// better() over the children's winners, their priorities read from the nodes.
void RunQueue::pick(std::uint32_t& slot, std::int64_t& priority, std::uint32_t l, std::int64_t lp, std::uint32_t r,
                    std::int64_t rp) noexcept {
  if (l == kNone || (r != kNone && rp > lp)) {
    slot = r;
    priority = rp;
  } else {
    slot = l;
    priority = lp;
  }
}

void RunQueue::pull(std::size_t node) noexcept {
  const Node& l = tree_[2 * node];
  const Node& r = tree_[2 * node + 1];
  Node& n = tree_[node];
  n.count = l.count + r.count;
  if (by_priority_) {
    pick(n.best, n.best_priority, l.best, l.best_priority, r.best, r.best_priority);
    pick(n.best_free, n.best_free_priority, l.best_free, l.best_free_priority, r.best_free, r.best_free_priority);
  }
}

// A block's leaf: its live count, and (by priority) the first slot of the
// highest priority among its live and among its not-local slots, found by
// walking the masks' bits in slot order (strictly greater replaces: the
// first maximum stays).
RunQueue::Node RunQueue::block_node(std::size_t block) const noexcept {
  Node n;
  const std::uint64_t live = live_mask_[block];
  n.count = static_cast<std::uint32_t>(std::popcount(live));
  if (!by_priority_ || live == 0) return n;
  const std::uint64_t free = free_mask_[block];
  const std::size_t first = block * kBlockSlots;
  for (std::uint64_t m = live; m != 0; m &= m - 1) {
    const auto bit = static_cast<unsigned>(std::countr_zero(m));
    const auto slot = static_cast<std::uint32_t>(first + bit);
    const std::int64_t p = priority_[slot];
    if (n.best == kNone || p > n.best_priority) {
      n.best = slot;
      n.best_priority = p;
    }
    if (((free >> bit) & 1) != 0 && (n.best_free == kNone || p > n.best_free_priority)) {
      n.best_free = slot;
      n.best_free_priority = p;
    }
  }
  return n;
}

void RunQueue::update_block(std::size_t block) noexcept {
  tree_[blocks_ + block] = block_node(block);
  climb(block);
}

void RunQueue::climb(std::size_t block) noexcept {
  for (std::size_t node = (blocks_ + block) / 2; node >= 1; node /= 2) pull(node);
}

void RunQueue::update_slot(std::size_t slot) noexcept {
  const std::size_t block = block_of(slot);
  const std::uint64_t bit = bit_of(slot);
  const bool live = slot < slots_.size() && slots_[slot] != nullptr;
  live_mask_[block] = live ? (live_mask_[block] | bit) : (live_mask_[block] & ~bit);
  free_mask_[block] = live && local_[slot] == 0 ? (free_mask_[block] | bit) : (free_mask_[block] & ~bit);
  update_block(block);
}

// A slot joining a leaf's candidates: it wins on a strictly higher priority,
// or on an equal one from an earlier slot (block_node's first maximum).
void RunQueue::offer(std::uint32_t& best, std::int64_t& best_priority, std::uint32_t slot,
                     std::int64_t priority) noexcept {
  if (best == kNone || priority > best_priority || (priority == best_priority && slot < best)) {
    best = slot;
    best_priority = priority;
  }
}

void RunQueue::rebuild(std::size_t capacity) {
  std::vector<Goroutine*> slots;
  std::vector<std::int64_t> priority;
  std::vector<std::uint8_t> local;
  slots.reserve(capacity);
  priority.reserve(capacity);
  local.reserve(capacity);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i] == nullptr) continue;
    slots_[i]->run_slot = slots.size();
    slots.push_back(slots_[i]);
    priority.push_back(priority_[i]);
    local.push_back(local_[i]);
  }
  slots_ = std::move(slots);
  priority_ = std::move(priority);
  local_ = std::move(local);
  capacity_ = capacity;
  blocks_ = capacity / kBlockSlots;
  live_mask_.assign(blocks_, 0);
  free_mask_.assign(blocks_, 0);
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    live_mask_[block_of(s)] |= bit_of(s);
    if (local_[s] == 0) free_mask_[block_of(s)] |= bit_of(s);
  }
  tree_.assign(2 * blocks_, Node{});
  for (std::size_t b = 0; b < blocks_; ++b) tree_[blocks_ + b] = block_node(b);
  for (std::size_t node = blocks_ - 1; node >= 1; --node) pull(node);
}

// push_back, erase and set_local change one slot: the leaf is updated from
// what it held (a rescan of its 64 priorities only when a winner leaves),
// which block_node() would compute again (check() compares them). Rescanning
// at every change (block_node and update_slot) was 9 % of goroutine-leak's
// samples at 10^5 goroutines × 11 profiles: under the PCT profiles every
// pick, push and local-queue move touched a leaf.
void RunQueue::push_back(Goroutine* g) {
  assert(!contains(g));
  if (slots_.size() == capacity_) rebuild(ceil_blocks(2 * (live_ + 1)) * kBlockSlots);
  const auto slot = static_cast<std::uint32_t>(slots_.size());
  g->run_slot = slot;
  slots_.push_back(g);
  priority_.push_back(g->priority);
  local_.push_back(0);
  ++live_;
  const std::size_t block = block_of(slot);
  const std::uint64_t bit = bit_of(slot);
  live_mask_[block] |= bit;
  free_mask_[block] |= bit;
  Node& leaf = tree_[blocks_ + block];
  ++leaf.count;
  if (by_priority_) {
    offer(leaf.best, leaf.best_priority, slot, g->priority);
    offer(leaf.best_free, leaf.best_free_priority, slot, g->priority);
  }
  climb(block);
}

bool RunQueue::erase(Goroutine* g) noexcept {
  if (!contains(g)) return false;
  const std::size_t slot = g->run_slot;
  slots_[slot] = nullptr;
  local_[slot] = 0;
  g->run_slot = Goroutine::kNoRunSlot;
  --live_;
  const std::size_t block = block_of(slot);
  const std::uint64_t bit = bit_of(slot);
  live_mask_[block] &= ~bit;
  free_mask_[block] &= ~bit;
  Node& leaf = tree_[blocks_ + block];
  if (by_priority_ && (leaf.best == slot || leaf.best_free == slot))
    leaf = block_node(block);
  else
    --leaf.count;
  climb(block);
  // Compaction costs O(slots), paid for by the removals that made the
  // dead slots (more than the live ones): amortised O(1) per removal.
  if (slots_.size() - live_ > live_ + 64) rebuild(ceil_blocks(2 * live_ + 1) * kBlockSlots);
  return true;
}

Goroutine* RunQueue::at(std::size_t k) const noexcept {
  assert(k < live_);
  std::size_t node = 1;
  while (node < blocks_) {
    const std::size_t left = 2 * node;
    if (tree_[left].count > k) {
      node = left;
    } else {
      k -= tree_[left].count;
      node = left + 1;
    }
  }
  const std::size_t block = node - blocks_;
  std::uint64_t m = live_mask_[block];
  for (; k > 0; --k) m &= m - 1;  // drop the k lowest live slots
  return slots_[block * kBlockSlots + static_cast<std::size_t>(std::countr_zero(m))];
}

Goroutine* RunQueue::take_at(std::size_t k) noexcept {
  Goroutine* g = at(k);
  erase(g);
  return g;
}

Goroutine* RunQueue::highest() const noexcept {
  assert(by_priority_);
  if (live_ == 0) return nullptr;
  return slots_[tree_[1].best];
}

Goroutine* RunQueue::highest_not_local() const noexcept {
  assert(by_priority_);
  if (live_ == 0 || tree_[1].best_free == kNone) return nullptr;
  return slots_[tree_[1].best_free];
}

void RunQueue::reprioritized(const Goroutine* g) noexcept {
  if (!contains(g)) return;
  priority_[g->run_slot] = g->priority;
  if (by_priority_) update_slot(g->run_slot);
}

void RunQueue::set_local(const Goroutine* g, bool local) noexcept {
  if (!contains(g)) return;
  const std::size_t slot = g->run_slot;
  local_[slot] = local ? 1 : 0;
  if (!by_priority_) return;
  const std::size_t block = block_of(slot);
  const std::uint64_t bit = bit_of(slot);
  const bool was_free = (free_mask_[block] & bit) != 0;
  if (was_free == !local) return;  // no change: the tree already says so
  Node& leaf = tree_[blocks_ + block];
  const std::uint32_t before = leaf.best_free;
  if (local) {
    free_mask_[block] &= ~bit;
    if (leaf.best_free == slot) leaf = block_node(block);
  } else {
    free_mask_[block] |= bit;
    offer(leaf.best_free, leaf.best_free_priority, static_cast<std::uint32_t>(slot), priority_[slot]);
  }
  if (leaf.best_free != before) climb(block);
}

void RunQueue::clear() noexcept {
  for (Goroutine* g : slots_)
    if (g != nullptr) g->run_slot = Goroutine::kNoRunSlot;
  slots_.clear();
  priority_.clear();
  local_.clear();
  live_mask_.clear();
  free_mask_.clear();
  live_ = 0;
  capacity_ = 0;
  blocks_ = 0;
  tree_.clear();
}

std::vector<std::string> RunQueue::check() const {
  std::vector<std::string> problems;
  std::size_t live = 0;
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    if (slots_[s] == nullptr) continue;
    ++live;
    if (slots_[s]->run_slot != s) problems.push_back("run queue: slot " + std::to_string(s) + " names another slot");
    if (slots_[s]->priority != priority_[s])
      problems.push_back("run queue: slot " + std::to_string(s) + " priority changed without reprioritized()");
  }
  if (live != live_) problems.push_back("run queue: " + std::to_string(live) + " live slots, size " + std::to_string(live_));
  if (slots_.size() > capacity_) problems.push_back("run queue: more slots than leaves");
  if (capacity_ != blocks_ * kBlockSlots || live_mask_.size() != blocks_ || free_mask_.size() != blocks_ ||
      tree_.size() != 2 * blocks_) {
    problems.push_back("run queue: blocks, masks and tree disagree in size");
    return problems;
  }
  for (std::size_t s = 0; s < capacity_; ++s) {
    const bool is_live = s < slots_.size() && slots_[s] != nullptr;
    const bool is_free = is_live && local_[s] == 0;
    const std::uint64_t bit = std::uint64_t{1} << (s % kBlockSlots);
    if (((live_mask_[s / kBlockSlots] & bit) != 0) != is_live || ((free_mask_[s / kBlockSlots] & bit) != 0) != is_free) {
      problems.push_back("run queue: the masks disagree with slot " + std::to_string(s));
      break;
    }
  }
  const auto same = [&](const Node& a, const Node& b) {
    return a.count == b.count && (!by_priority_ || (a.best == b.best && a.best_free == b.best_free &&
                                                    (a.best == kNone || a.best_priority == b.best_priority) &&
                                                    (a.best_free == kNone || a.best_free_priority == b.best_free_priority)));
  };
  for (std::size_t b = 0; b < blocks_; ++b)
    if (!same(tree_[blocks_ + b], block_node(b))) {
      problems.push_back("run queue: block " + std::to_string(b) + "'s leaf disagrees with its slots");
      break;
    }
  for (std::size_t node = blocks_ - 1; blocks_ != 0 && node >= 1; --node) {
    const Node& n = tree_[node];
    const Node& l = tree_[2 * node];
    const Node& r = tree_[2 * node + 1];
    const auto priority_of = [&](std::uint32_t slot, std::int64_t carried) {
      return slot == kNone || (slot < priority_.size() && priority_[slot] == carried);
    };
    if (n.count != l.count + r.count ||
        (by_priority_ && (n.best != better(l.best, r.best) || n.best_free != better(l.best_free, r.best_free) ||
                          !priority_of(n.best, n.best_priority) || !priority_of(n.best_free, n.best_free_priority)))) {
      problems.push_back("run queue: tree node " + std::to_string(node) + " disagrees with its children");
      break;
    }
  }
  return problems;
}

}  // namespace gcm::rt
