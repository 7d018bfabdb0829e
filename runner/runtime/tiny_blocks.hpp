// tiny_blocks.hpp — Go's tiny allocator, for what it changes about lifetimes.
// Main entry: TinyBlocks::place().
//
// runtime/malloc.go: pointer-free objects smaller than 16 B are packed into
// one 16-byte block; the block is one allocation for the GC, so it is freed
// only when every object in it is unreachable, and a finalizer on one object
// runs only then (runtime/mfinal.go SetFinalizer doc: "may never run"). O4.
//
// Invariant: every member of a block has object_flag::tiny; a block's used
// bytes ≤ block_bytes; a block is dropped when its last member is freed.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "runtime/object.hpp"

namespace gcm::rt {

class TinyBlocks {
 public:
  using block_id = std::uint64_t;

  // Puts a freshly allocated tiny object into the open block, or opens a new one.
  void place(Object* o, std::uint32_t block_bytes) {
    const std::uint32_t size = static_cast<std::uint32_t>(Object::round8(o->payload_bytes == 0 ? 1 : o->payload_bytes));
    if (open_ == 0 || open_used_ + size > block_bytes) {
      open_ = next_block_++;
      open_used_ = 0;
    }
    open_used_ += size;
    o->flags |= object_flag::tiny;
    block_of_[o->id] = open_;
    members_[open_].push_back(o);
  }

  // After marking: a block with one marked member keeps all its members (the
  // GC sees one allocation). Returns how many members were marked by this rule.
  std::uint64_t propagate_marks() {
    std::uint64_t marked = 0;
    for (auto& [block, objects] : members_) {
      bool any = false;
      for (Object* o : objects) any |= o->is(object_flag::marked);
      if (!any) continue;
      for (Object* o : objects)
        if (!o->is(object_flag::marked)) {
          o->flags |= object_flag::marked;
          ++marked;
        }
    }
    return marked;
  }

  void on_free(const Object* o) {
    auto it = block_of_.find(o->id);
    if (it == block_of_.end()) return;
    auto& objects = members_[it->second];
    std::erase(objects, o);
    if (objects.empty()) {
      members_.erase(it->second);
      if (it->second == open_) open_ = 0;
    }
    block_of_.erase(it);
  }

  std::size_t block_count() const noexcept { return members_.size(); }
  block_id block_of(ObjectId id) const noexcept {
    auto it = block_of_.find(id);
    return it == block_of_.end() ? 0 : it->second;
  }

 private:
  std::unordered_map<ObjectId, block_id> block_of_;
  std::unordered_map<block_id, std::vector<Object*>> members_;
  block_id next_block_ = 1;
  block_id open_ = 0;
  std::uint32_t open_used_ = 0;
};

}  // namespace gcm::rt
