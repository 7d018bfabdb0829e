// tiny_blocks.hpp — Go's tiny allocator, for what it changes about lifetimes.
// Main entry: TinyBlocks::place().
//
// runtime/malloc.go: pointer-free objects smaller than 16 B are packed into
// one 16-byte block; the block is one allocation for the GC, so it is freed
// only when every object in it is unreachable, and a finalizer on one object
// runs only then (runtime/mfinal.go SetFinalizer doc: "may never run"). O4.
//
// Two packings. place(): the older model (sizes rounded to 8, one open
// block, never a root). place_on_p() (GcConfig::tiny_block_root, O13):
// runtime/malloc.go mallocgc's tiny path exactly — per P (mcache c.tiny,
// c.tinyoffset), the offset aligned to 8 if size&7 == 0, else 4 if size&3 == 0,
// else 2 if size&1 == 0; the object fits if off+size <= 16 and a block is
// current; otherwise a fresh block is taken and becomes the current one only
// if size < c.tinyoffset or there is none (keep the block with more room).
// Each P's current block is a root of the next cycle (mgcmark.go
// gcMarkTinyAllocs: for each P, greyobject(c.tiny)); after the cycle every P
// drops it (mgc.go gcMarkTermination → mcache.prepareForSweep → releaseAll).
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

  // runtime/malloc.go mallocgc, tiny path, on P `p` (see the header).
  void place_on_p(Object* o, std::uint32_t block_bytes, std::uint32_t p) {
    if (p >= current_.size()) current_.resize(p + 1);
    Current& c = current_[p];
    const std::uint32_t size = o->payload_bytes;
    std::uint32_t off = c.offset;
    if ((size & 7) == 0) off = align_up(off, 8);
    else if ((size & 3) == 0) off = align_up(off, 4);
    else if ((size & 1) == 0) off = align_up(off, 2);
    block_id block = c.block;
    if (block == 0 || off + size > block_bytes) {
      block = next_block_++;
      if (size < c.offset || c.block == 0) c = Current{block, size};
    } else {
      c.offset = off + size;
    }
    o->flags |= object_flag::tiny;
    block_of_[o->id] = block;
    members_[block].push_back(o);
  }

  // gcMarkTinyAllocs: calls f on every member of each P's current block.
  template <class F>
  void for_each_current_member(F&& f) const {
    for (const Current& c : current_) {
      auto it = members_.find(c.block);
      if (c.block == 0 || it == members_.end()) continue;
      for (Object* o : it->second) f(o);
    }
  }
  // mcache.releaseAll after a cycle: no P has a current block.
  void release_current() noexcept {
    for (Current& c : current_) c = Current{};
  }
  block_id current_block(std::uint32_t p) const noexcept { return p < current_.size() ? current_[p].block : 0; }

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
      for (Current& c : current_)
        if (c.block == it->second) c = Current{};
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
  struct Current {
    block_id block = 0;        // mcache c.tiny (0 = none)
    std::uint32_t offset = 0;  // mcache c.tinyoffset, bytes
  };
  std::vector<Current> current_;  // by P; written by place_on_p, release_current, on_free
  static std::uint32_t align_up(std::uint32_t v, std::uint32_t a) noexcept { return (v + a - 1) & ~(a - 1); }
};

}  // namespace gcm::rt
