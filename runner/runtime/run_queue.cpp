// run_queue.cpp — ordered slots under a segment tree (count, first highest priority).
#include "runtime/run_queue.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>

namespace gcm::rt {

namespace {
std::size_t ceil_pow2(std::size_t n) noexcept {
  std::size_t c = 16;
  while (c < n) c *= 2;
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

RunQueue::Node RunQueue::leaf_of(std::size_t slot) const noexcept {
  const bool live = slot < slots_.size() && slots_[slot] != nullptr;
  if (!live) return Node{};
  const auto s = static_cast<std::uint32_t>(slot);
  const bool free = local_[slot] == 0;
  return Node{1, s, free ? s : kNone, priority_[slot], free ? priority_[slot] : 0};
}

void RunQueue::update_leaf(std::size_t slot) noexcept {
  std::size_t node = capacity_ + slot;
  tree_[node] = leaf_of(slot);
  for (node /= 2; node >= 1; node /= 2) pull(node);
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
  tree_.assign(2 * capacity_, Node{});
  for (std::size_t s = 0; s < slots_.size(); ++s) tree_[capacity_ + s] = leaf_of(s);
  for (std::size_t node = capacity_ - 1; node >= 1; --node) pull(node);
}

void RunQueue::push_back(Goroutine* g) {
  assert(!contains(g));
  if (slots_.size() == capacity_) rebuild(ceil_pow2(2 * (live_ + 1)));
  g->run_slot = slots_.size();
  slots_.push_back(g);
  priority_.push_back(g->priority);
  local_.push_back(0);
  ++live_;
  update_leaf(g->run_slot);
}

bool RunQueue::erase(Goroutine* g) noexcept {
  if (!contains(g)) return false;
  const std::size_t slot = g->run_slot;
  slots_[slot] = nullptr;
  local_[slot] = 0;
  g->run_slot = Goroutine::kNoRunSlot;
  --live_;
  update_leaf(slot);
  // Compaction costs O(slots), paid for by the removals that made the
  // dead slots (more than the live ones): amortised O(1) per removal.
  if (slots_.size() - live_ > live_ + 64) rebuild(ceil_pow2(2 * live_ + 1));
  return true;
}

Goroutine* RunQueue::take_at(std::size_t k) noexcept {
  assert(k < live_);
  std::size_t node = 1;
  while (node < capacity_) {
    const std::size_t left = 2 * node;
    if (tree_[left].count > k) {
      node = left;
    } else {
      k -= tree_[left].count;
      node = left + 1;
    }
  }
  Goroutine* g = slots_[node - capacity_];
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
  if (by_priority_) update_leaf(g->run_slot);
}

void RunQueue::set_local(const Goroutine* g, bool local) noexcept {
  if (!contains(g)) return;
  local_[g->run_slot] = local ? 1 : 0;
  if (by_priority_) update_leaf(g->run_slot);
}

void RunQueue::clear() noexcept {
  for (Goroutine* g : slots_)
    if (g != nullptr) g->run_slot = Goroutine::kNoRunSlot;
  slots_.clear();
  priority_.clear();
  local_.clear();
  live_ = 0;
  capacity_ = 0;
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
  for (std::size_t node = capacity_ - 1; capacity_ != 0 && node >= 1; --node) {
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
