// pool.hpp — recycled trie nodes, kept alive for reuse (A17, A20).
// Main entries: NodePool::take(), NodePool::put().
//
// The article's Clear() "keeps the node pool" (A20) and explicit recycling
// "returns nodes to a pool" (A17). Pooled nodes are ordinary emulated objects:
// they count in heap_live_bytes and stay alive because one pinned root set
// holds them. A pooled node's pointer slots are zero, so the pool keeps
// nothing else alive.
//
// Nodes are pooled by exact shape (slot_count, payload_bytes): a node taken
// from the pool is the size a fresh allocation would have had.
//
// The root set's slots are a slab: free_[c] lists the nodes of class c with
// their slot indices, holes_ the empty ones. Taking a node touches neither it
// nor any other pooled node, and only stores into the slab.
//
// Invariant (check): for every class c and (n, i) in free_[c]:
//   root_set_->slots()[i].object == n, class_of(n) == c, header(n).edit == kEditPooled,
//   header(n).count == i, all slots of n are null;
//   every index in holes_ holds nullptr;
//   Σ |free_[c]| + |holes_| == |root_set_->slots()|;  Σ |free_[c]| ≤ nodes_max_.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/runtime.hpp"
#include "trie/node.hpp"

namespace gcm::trie {

struct PoolStats {
  std::uint64_t pooled_nodes = 0;  // nodes in the pool now
  std::uint64_t pooled_bytes = 0;  // their emulated bytes
  std::uint64_t hits = 0;          // take() that returned a node (an allocation avoided)
  std::uint64_t misses = 0;        // take() that found its class empty
  std::uint64_t puts = 0;          // nodes accepted
  std::uint64_t refused = 0;       // put() refused: pool full or shape not poolable
};

class NodePool {
 public:
  // Shapes: slot_count ≤ slots_max, payload_bytes = 24 + 8·w with w ≤ payload_words_max.
  NodePool(rt::Runtime& rt, std::string label, std::uint32_t slots_max, std::uint32_t payload_words_max,
           std::uint32_t nodes_max);
  ~NodePool();
  NodePool(const NodePool&) = delete;
  NodePool& operator=(const NodePool&) = delete;

  // A pooled node of exactly this shape, out of the pool (unrooted: link it
  // before the next safe point), or nullptr. Its slots are null; its payload,
  // header included, is garbage to overwrite.
  rt::Object* take(std::uint16_t slot_count, std::uint32_t payload_bytes) noexcept {
    if (stats_.pooled_nodes == 0) return nullptr;  // the common case outside reuse
    const std::uint32_t c = class_of(slot_count, payload_bytes);
    if (c == kNoClass || free_[c].empty()) {
      ++stats_.misses;
      return nullptr;
    }
    const Pooled p = free_[c].back();
    free_[c].pop_back();
    root_set_->slots()[p.slot].object = nullptr;  // a store only: the slab is not read
    holes_.push_back(p.slot);
    ++stats_.hits;
    --stats_.pooled_nodes;
    stats_.pooled_bytes -= bytes_for(slot_count, payload_bytes);
    return p.node;
  }

  // Zeroes the node's slots and keeps it. Returns false (node left to the GC,
  // slots zeroed all the same) when the pool is full or the shape has no class.
  bool put(rt::Object* node) noexcept;

  // Drops every pooled node: the next GC frees them.
  void release_all() noexcept;

  PoolStats stats() const noexcept { return stats_; }
  const rt::RootSet* root_set() const noexcept { return root_set_; }
  std::vector<std::string> check() const;

 private:
  static constexpr std::uint32_t kNoClass = ~std::uint32_t{0};
  std::uint32_t class_of(std::uint32_t slot_count, std::uint32_t payload_bytes) const noexcept {
    if (slot_count > slots_max_ || payload_bytes < sizeof(NodeHeader) || (payload_bytes - sizeof(NodeHeader)) % 8 != 0)
      return kNoClass;
    const std::uint32_t words = (payload_bytes - static_cast<std::uint32_t>(sizeof(NodeHeader))) / 8;
    return words > payload_words_max_ ? kNoClass : slot_count * (payload_words_max_ + 1) + words;
  }
  static NodeHeader& header_of(rt::Object* o) noexcept {
    return *reinterpret_cast<NodeHeader*>(o->slots() + o->slot_count);
  }
  static std::uint64_t bytes_for(std::uint32_t slot_count, std::uint32_t payload_bytes) noexcept {
    return rt::Object::emulated_bytes_for(slot_count, payload_bytes);
  }

  rt::Runtime& rt_;
  rt::RootSet* root_set_;                      // pinned; holds every pooled node
  std::uint32_t slots_max_, payload_words_max_;
  std::uint32_t nodes_max_;                    // a limit on the pool (Options::pool_nodes_max)
  struct Pooled {
    rt::Object* node;
    std::uint32_t slot;  // its index in root_set_->slots()
  };
  std::vector<std::vector<Pooled>> free_;       // per shape class, LIFO
  std::vector<std::uint32_t> holes_;            // root-set slot indices holding nullptr
  PoolStats stats_;
};

}  // namespace gcm::trie
