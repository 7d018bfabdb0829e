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
// Layout (issue 16: the hash maps this replaced were a third of the GC's
// time at 10^6 keys). Members are kept in one vector in allocation (id)
// order, so the GC's passes over them are sequential and the sweep, which
// frees in id order too, finds each with a forward search from where the
// last one was. Block ids are dense from 1: a block's live-member count is
// a vector index. A block becomes a P's current block only when it is taken
// (place_on_p), so its members are exactly those placed while it was
// current: each P keeps that short list for gcMarkTinyAllocs. The members
// of blocks that ever held two are listed again (multi_, by id): only
// those blocks can pass a mark on, and the sweep's on_free returns at once
// for an object without object_flag::tiny.
//
// Invariant: every member of a block has object_flag::tiny; a block's used
// bytes ≤ block_bytes; a block is dropped when its last member is freed.
#pragma once

#include <algorithm>
#include <cstdint>
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
      open_ = new_block();
      open_used_ = 0;
      open_first_ = o;
    }
    open_used_ += size;
    add_member(o, open_, open_first_);
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
      block = new_block();
      if (size < c.offset || c.block == 0) {
        c.block = block;
        c.offset = size;
        c.members.clear();
      }
    } else {
      c.offset = off + size;
    }
    // A block gets a second member only while it is current: its one live
    // member so far is then c.members' only element.
    add_member(o, block, block == c.block && !c.members.empty() ? c.members.front() : o);
    if (block == c.block) c.members.push_back(o);
  }

  // gcMarkTinyAllocs: calls f on every member of each P's current block.
  template <class F>
  void for_each_current_member(F&& f) const {
    for (const Current& c : current_)
      if (c.block != 0)
        for (Object* o : c.members) f(o);
  }
  // mcache.releaseAll after a cycle: no P has a current block.
  void release_current() noexcept {
    for (Current& c : current_) c.reset();
  }
  block_id current_block(std::uint32_t p) const noexcept { return p < current_.size() ? current_[p].block : 0; }

  // After marking: a block with one marked member keeps all its members (the
  // GC sees one allocation). Returns how many members were marked by this rule.
  // Only blocks that ever held two members can propagate anything, and their
  // members are listed in multi_ (a block with one live member has nothing
  // to pass on): with strings of 9+ bytes nearly every block holds one, and
  // a pass over every tiny object twice per cycle was 11 % of cleanup-capture
  // at 10^6 keys (issue 16). Two passes over multi_: which blocks have a
  // marked member (each member's state remembered), then mark the rest of
  // those blocks; a third clears the block marks it set.
  std::uint64_t propagate_marks() {
    if (multi_.empty()) return 0;
    if (block_marked_.size() < live_in_block_.size()) block_marked_.resize(live_in_block_.size(), 0);
    entry_marked_.resize(multi_.size());
    for (std::size_t i = 0; i < multi_.size(); ++i) {
      const Entry& e = multi_[i];
      entry_marked_[i] = 1;  // "nothing to do" unless found unmarked below
      if (e.object == nullptr) continue;
      const bool m = e.object->is(object_flag::marked);
      entry_marked_[i] = m;
      if (m) block_marked_[e.block] = 1;
    }
    std::uint64_t marked = 0;
    for (std::size_t i = 0; i < multi_.size(); ++i) {
      const Entry& e = multi_[i];
      if (entry_marked_[i] || !block_marked_[e.block]) continue;
      e.object->flags |= object_flag::marked;
      ++marked;
    }
    for (const Entry& e : multi_) block_marked_[e.block] = 0;
    return marked;
  }

  void on_free(const Object* o) {
    if (!o->is(object_flag::tiny)) return;  // most freed objects: no search
    const std::size_t i = find(entries_, o->id, cursor_);
    if (i == entries_.size()) return;
    const block_id b = entries_[i].block;
    entries_[i].object = nullptr;
    ++dead_entries_;
    if (block_multi_[b]) {
      const std::size_t k = find(multi_, o->id, multi_cursor_);
      if (k != multi_.size()) {
        multi_[k].object = nullptr;
        ++dead_multi_;
      }
    }
    if (--live_in_block_[b] == 0) {
      --blocks_live_;
      if (b == open_) open_ = 0;
      for (Current& c : current_)
        if (c.block == b) c.reset();
    } else {
      for (Current& c : current_)
        if (c.block == b) std::erase(c.members, o);
    }
    if (dead_entries_ > 4096 && dead_entries_ * 2 > entries_.size()) compact(entries_, dead_entries_, cursor_);
    if (dead_multi_ > 64 && dead_multi_ * 2 > multi_.size()) compact(multi_, dead_multi_, multi_cursor_);
  }

  std::size_t block_count() const noexcept { return blocks_live_; }
  block_id block_of(ObjectId id) const noexcept {
    const std::size_t i = find(entries_, id, cursor_);
    return i == entries_.size() ? 0 : entries_[i].block;
  }

 private:
  struct Entry {
    ObjectId id;
    Object* object;  // nullptr once freed (compacted away later)
    block_id block;
  };
  struct Current {
    block_id block = 0;            // mcache c.tiny (0 = none)
    std::uint32_t offset = 0;      // mcache c.tinyoffset, bytes
    std::vector<Object*> members;  // the block's live members (all placed while current)
    void reset() noexcept {
      block = 0;
      offset = 0;
      members.clear();
    }
  };

  block_id new_block() {
    live_in_block_.push_back(0);  // index = block id; index 0 is "none"
    block_multi_.push_back(0);
    return live_in_block_.size() - 1;
  }

  // `first` is the block's one live member so far when it has one (the
  // member that makes it a two-member block joins multi_ with it).
  void add_member(Object* o, block_id b, Object* first) {
    o->flags |= object_flag::tiny;
    if (live_in_block_[b]++ == 0) ++blocks_live_;
    insert_sorted(entries_, Entry{o->id, o, b}, cursor_);
    if (live_in_block_[b] < 2) return;
    if (!block_multi_[b]) {
      block_multi_[b] = 1;
      if (first != o) insert_sorted(multi_, Entry{first->id, first, b}, multi_cursor_);
    }
    insert_sorted(multi_, Entry{o->id, o, b}, multi_cursor_);
  }

  static void insert_sorted(std::vector<Entry>& v, const Entry& e, std::size_t& cursor) {
    if (v.empty() || v.back().id < e.id) {
      v.push_back(e);  // the allocation path: ids only grow
      return;
    }
    auto at = std::lower_bound(v.begin(), v.end(), e.id, [](const Entry& x, ObjectId id) { return x.id < id; });
    v.insert(at, e);
    cursor = 0;
  }

  // Index of the live entry for `id` in `v` (sorted by id), or v.size().
  // Forward gallop from the last hit (a sweep frees in id order), else a
  // binary search.
  static std::size_t find(const std::vector<Entry>& v, ObjectId id, std::size_t& cursor) noexcept {
    const auto by_id = [](const Entry& x, ObjectId val) { return x.id < val; };
    std::size_t lo = 0, hi = v.size();
    if (cursor < v.size() && v[cursor].id <= id) {
      lo = cursor;
      std::size_t step = 1;
      while (lo + step < v.size() && v[lo + step].id < id) {
        lo += step;
        step *= 2;
      }
      hi = std::min(v.size(), lo + step + 1);
    }
    const auto it = std::lower_bound(v.begin() + static_cast<std::ptrdiff_t>(lo),
                                     v.begin() + static_cast<std::ptrdiff_t>(hi), id, by_id);
    const std::size_t i = static_cast<std::size_t>(it - v.begin());
    if (i == v.size() || v[i].id != id || v[i].object == nullptr) return v.size();
    cursor = i;
    return i;
  }

  static void compact(std::vector<Entry>& v, std::size_t& dead, std::size_t& cursor) {
    std::erase_if(v, [](const Entry& e) { return e.object == nullptr; });
    dead = 0;
    cursor = 0;
  }

  std::vector<Entry> entries_;                // tiny objects by id, freed ones tombstoned
  std::vector<Entry> multi_;                  // the members of blocks that ever held two, by id, tombstoned
  std::vector<std::uint32_t> live_in_block_{0};  // by block id: live members
  std::vector<std::uint8_t> block_multi_{0};     // by block id: its members are in multi_
  std::vector<std::uint8_t> block_marked_, entry_marked_;  // propagate_marks scratch (block_marked_ kept all 0)
  std::size_t dead_entries_ = 0, dead_multi_ = 0, blocks_live_ = 0;
  mutable std::size_t cursor_ = 0, multi_cursor_ = 0;
  block_id open_ = 0;
  Object* open_first_ = nullptr;  // place(): the open block's first member
  std::uint32_t open_used_ = 0;
  std::vector<Current> current_;  // by P; written by place_on_p, release_current, on_free
  static std::uint32_t align_up(std::uint32_t v, std::uint32_t a) noexcept { return (v + a - 1) & ~(a - 1); }
};

}  // namespace gcm::rt
