// pool.cpp — the node pool: put, release, validator.
#include "trie/pool.hpp"

#include <cstring>

namespace gcm::trie {

NodePool::NodePool(rt::Runtime& rt, std::string label, std::uint32_t slots_max, std::uint32_t payload_words_max,
                   std::uint32_t nodes_max)
    : rt_(rt),
      root_set_(rt.new_root_set(rt::RootKind::pinned, std::move(label))),
      slots_max_(slots_max),
      payload_words_max_(payload_words_max),
      nodes_max_(nodes_max),
      free_(static_cast<std::size_t>(slots_max + 1) * (payload_words_max + 1)) {}

NodePool::~NodePool() { rt_.drop_root_set(root_set_); }

bool NodePool::put(rt::Object* node) noexcept {
  // A17: zero the pointer fields, whatever happens to the node next.
  if (node->slot_count != 0) std::memset(static_cast<void*>(node->slots()), 0, node->slot_count * sizeof(rt::Object*));
  const std::uint32_t c = class_of(node->slot_count, node->payload_bytes);
  NodeHeader& h = header_of(node);
  h.datamap = h.nodemap = 0;
  if (c == kNoClass || stats_.pooled_nodes >= nodes_max_) {
    h.edit = kEditFrozen;
    h.count = 0;
    ++stats_.refused;
    return false;
  }
  auto& slots = root_set_->slots();
  std::uint32_t i;
  if (holes_.empty()) {
    i = static_cast<std::uint32_t>(slots.size());
    root_set_->push(node);
  } else {
    i = holes_.back();
    holes_.pop_back();
    slots[i].object = node;
  }
  h.edit = kEditPooled;
  h.count = i;
  free_[c].push_back(Pooled{node, i});
  ++stats_.puts;
  ++stats_.pooled_nodes;
  stats_.pooled_bytes += node->emulated_bytes();
  return true;
}

void NodePool::release_all() noexcept {
  for (auto& v : free_) v.clear();
  holes_.clear();
  for (rt::RootSlot& s : root_set_->slots())
    if (s.object != nullptr) header_of(s.object).edit = kEditFrozen;
  root_set_->clear();
  stats_.pooled_nodes = stats_.pooled_bytes = 0;
}

std::vector<std::string> NodePool::check() const {
  std::vector<std::string> problems;
  std::uint64_t n = 0, bytes = 0;
  const auto& slots = root_set_->slots();
  for (std::size_t c = 0; c < free_.size(); ++c)
    for (const Pooled& p : free_[c]) {
      const std::uint32_t i = p.slot;
      if (i >= slots.size() || slots[i].object != p.node) {
        problems.push_back("pool: class " + std::to_string(c) + " slot " + std::to_string(i) + " does not hold its node");
        continue;
      }
      rt::Object* o = p.node;
      ++n;
      bytes += o->emulated_bytes();
      const std::string id = "pool: node " + std::to_string(o->id);
      if (class_of(o->slot_count, o->payload_bytes) != c) problems.push_back(id + " in the wrong class");
      if (header_of(o).edit != kEditPooled) problems.push_back(id + " not marked pooled");
      if (header_of(o).count != i) problems.push_back(id + " does not know its slot");
      for (std::uint32_t k = 0; k < o->slot_count; ++k)
        if (o->slot(k) != nullptr) problems.push_back(id + " slot " + std::to_string(k) + " not zeroed");
    }
  for (std::uint32_t i : holes_)
    if (i >= slots.size() || slots[i].object != nullptr) problems.push_back("pool: hole " + std::to_string(i) + " not empty");
  if (n + holes_.size() != slots.size())
    problems.push_back("pool: " + std::to_string(n) + " nodes + " + std::to_string(holes_.size()) + " holes != " +
                       std::to_string(slots.size()) + " slots");
  if (n > nodes_max_) problems.push_back("pool: over its limit");
  if (n != stats_.pooled_nodes || bytes != stats_.pooled_bytes) problems.push_back("pool: stats out of date");
  return problems;
}

}  // namespace gcm::trie
