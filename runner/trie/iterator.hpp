// iterator.hpp — in-order traversal of one map version. Main entry: Iterator<P>.
//
// Order: a node's inline entries in bitmap order, then its children's
// subtrees in bitmap order; a collision node's entries sorted by key. Because
// the CHAMP is canonical (one structure per set of keys, node.hpp), the order
// depends only on the set of keys, never on the history of the map.
//
// The stack is a fixed array bounded by the depth limit: no allocation, no
// recursion. Mutating the map's nodes in place (a transient) invalidates it.
#pragma once

#include <array>
#include <cstddef>
#include <iterator>
#include <utility>

#include "trie/node.hpp"

namespace gcm::trie {

template <class P>
class Iterator {
 public:
  using node = Node<P>;
  using key_arg = typename node::key_arg;
  using value_arg = typename node::value_arg;
  using value_type = std::pair<key_arg, value_arg>;
  using difference_type = std::ptrdiff_t;
  using iterator_category = std::forward_iterator_tag;

  Iterator() noexcept = default;  // the end
  explicit Iterator(const rt::Object* root) noexcept {
    if (root == nullptr) return;
    push(root);
    if (const count_t nd = node::data_count(root); nd != 0) {
      leaf_ = root;
      leaf_entries_ = nd;
    } else {
      next_node();
    }
  }

  value_type operator*() const noexcept { return {node::key(leaf_, index_), node::value(leaf_, index_)}; }
  Iterator& operator++() noexcept {
    if (++index_ < leaf_entries_) return *this;
    next_node();
    return *this;
  }
  Iterator operator++(int) noexcept {
    Iterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(std::default_sentinel_t) const noexcept { return leaf_ == nullptr; }
  bool operator==(const Iterator& o) const noexcept { return leaf_ == o.leaf_ && index_ == o.index_; }

 private:
  struct Frame {
    const rt::Object* node;  // a node on the path from the root
    count_t next_child;      // its next child to enter
    count_t children;        // its child count (0 for a collision node)
    count_t entries;         // its inline entry count
  };

  void push(const rt::Object* n) noexcept {
    assert(frames_ < stack_.size());
    const count_t nd = node::data_count(n);
    stack_[frames_++] = Frame{n, 0, node::is_collision(n) ? 0 : node::child_count(n), nd};
  }
  // Enters the next node (pre-order) that holds entries, or becomes the end.
  // Each node is pushed and popped once: the loop ends.
  void next_node() noexcept {
    index_ = 0;
    while (frames_ != 0) {
      Frame& f = stack_[frames_ - 1];
      if (f.next_child == f.children) {
        --frames_;
        continue;
      }
      const rt::Object* c = node::child(f.node, f.entries, f.next_child++);
      push(c);
      if (const count_t nd = node::data_count(c); nd != 0) {
        leaf_ = c;
        leaf_entries_ = nd;
        return;
      }
    }
    leaf_ = nullptr;
    leaf_entries_ = 0;
  }

  std::array<Frame, kMaxDepth + 1> stack_{};  // depth 0 … kMaxDepth
  count_t frames_ = 0;
  const rt::Object* leaf_ = nullptr;  // node whose entries are being visited; nullptr = end
  count_t index_ = 0;                 // entry of leaf_
  count_t leaf_entries_ = 0;
};

// A map version as a range: `for (auto [k, v] : champ.entries(root))`.
template <class P>
struct Entries {
  const rt::Object* root;
  Iterator<P> begin() const noexcept { return Iterator<P>(root); }
  std::default_sentinel_t end() const noexcept { return {}; }
};

}  // namespace gcm::trie
