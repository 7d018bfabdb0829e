// node.hpp — the layout of a CHAMP node on the emulated heap: read accessors
// and raw copies, no allocation. Main entries: Node<P>::header(), key(), child().
//
// An inner node is one emulated object (runtime/object.hpp):
//
//   slots   | entry 0 slots | … | entry nd-1 slots | child 0 | … | child nn-1 |
//   payload | NodeHeader (24 B) | entry 0 bytes | … | entry nd-1 bytes |
//
//   nd = popcount(datamap), nn = popcount(nodemap)
//   slot_count    == nd·entry_slots + nn
//   payload_bytes == 24 + nd·entry_bytes
//
// Inline entries come before child pointers (CHAMP §3.2), each group in bitmap
// order. A collision node (depth kMaxDepth) has the same layout with both
// bitmaps 0, nd = header.count entries sorted by key, and no children.
// Children and string items are strong references the GC follows (A5); the
// trie is acyclic and each node has exactly one parent within one version.
#pragma once

#include <cassert>
#include <cstring>

#include "trie/bits.hpp"
#include "trie/policy.hpp"

namespace gcm::trie {

inline constexpr edit_t kEditFrozen = 0;             // no transient may mutate the node
inline constexpr edit_t kEditPooled = ~edit_t{0};    // the node sits in a NodePool

// A fresh transient token, never handed out before in this process. Only
// equality of tokens matters, so their values cannot change what a run does.
edit_t new_edit_token() noexcept;

struct NodeHeader {
  bitmap_t datamap;     // branches holding an inline entry
  bitmap_t nodemap;     // branches holding a child; datamap & nodemap == 0
  edit_t edit;          // owning transient's token; kEditFrozen; kEditPooled
  std::uint64_t count;  // entries in this subtree (the root's is the map's size);
                        // in the pool: the node's index in the pool's root set
};
static_assert(sizeof(NodeHeader) == 24 && alignof(NodeHeader) == 8);

// A read view of one entry wherever it lives (a node or a staging buffer).
struct EntryView {
  rt::Object* const* slots;  // entry_slots pointers
  const std::byte* bytes;    // entry_bytes bytes
};

template <class P>
struct Node {
  using key_kind = typename P::key;
  using value_kind = typename P::value;
  using key_arg = typename key_kind::arg_type;
  using value_arg = typename value_kind::arg_type;
  static constexpr count_t kEntrySlots = P::entry_slots;
  static constexpr count_t kEntryBytes = P::entry_bytes;
  static constexpr count_t kHeaderBytes = sizeof(NodeHeader);

  static constexpr std::uint32_t slots_for(count_t nd, count_t nn) noexcept { return nd * kEntrySlots + nn; }
  static constexpr std::uint32_t payload_for(count_t nd) noexcept { return kHeaderBytes + nd * kEntryBytes; }
  // Most slots an inner node can have: 32 entries or 32 children, whichever take more.
  static constexpr std::uint32_t kInnerSlotsMax = slots_for(kBranches, 0) > kBranches ? slots_for(kBranches, 0)
                                                                                       : kBranches;
  static_assert(kInnerSlotsMax <= 0xFFFF);

  static bool is_inner(const rt::Object* o) noexcept { return o->kind == P::kind_inner; }
  static bool is_collision(const rt::Object* o) noexcept { return o->kind == P::kind_collision; }

  static NodeHeader& header(rt::Object* o) noexcept {
    return *reinterpret_cast<NodeHeader*>(o->slots() + o->slot_count);
  }
  static const NodeHeader& header(const rt::Object* o) noexcept {
    return *reinterpret_cast<const NodeHeader*>(o->slots() + o->slot_count);
  }
  // Inline entries: popcount(datamap) for an inner node, count for a collision node.
  static count_t data_count(const rt::Object* o) noexcept {
    return is_collision(o) ? static_cast<count_t>(header(o).count) : popcount(header(o).datamap);
  }
  static count_t child_count(const rt::Object* o) noexcept { return popcount(header(o).nodemap); }

  static rt::Object** entry_slots(rt::Object* o, count_t i) noexcept { return o->slots() + i * kEntrySlots; }
  static rt::Object* const* entry_slots(const rt::Object* o, count_t i) noexcept {
    return o->slots() + i * kEntrySlots;
  }
  static std::byte* entry_bytes(rt::Object* o, count_t i) noexcept {
    return reinterpret_cast<std::byte*>(o->slots() + o->slot_count) + kHeaderBytes + i * kEntryBytes;
  }
  static const std::byte* entry_bytes(const rt::Object* o, count_t i) noexcept {
    return reinterpret_cast<const std::byte*>(o->slots() + o->slot_count) + kHeaderBytes + i * kEntryBytes;
  }
  static EntryView entry(const rt::Object* o, count_t i) noexcept { return {entry_slots(o, i), entry_bytes(o, i)}; }

  static key_arg key(EntryView e) noexcept { return key_kind::load(e.slots, e.bytes); }
  static value_arg value(EntryView e) noexcept {
    return value_kind::load(e.slots + key_kind::slots, e.bytes + key_kind::bytes);
  }
  static key_arg key(const rt::Object* o, count_t i) noexcept { return key(entry(o, i)); }
  static value_arg value(const rt::Object* o, count_t i) noexcept { return value(entry(o, i)); }

  // Child j of a node holding nd inline entries.
  static rt::Object*& child(rt::Object* o, count_t nd, count_t j) noexcept { return o->slots()[nd * kEntrySlots + j]; }
  static rt::Object* child(const rt::Object* o, count_t nd, count_t j) noexcept {
    return o->slots()[nd * kEntrySlots + j];
  }

  // ---- raw copies (no allocation, no header changes) ----------------------
  static void put_entry(rt::Object* dst, count_t i, EntryView e) noexcept {
    if constexpr (kEntrySlots != 0) std::memcpy(entry_slots(dst, i), e.slots, kEntrySlots * sizeof(rt::Object*));
    if constexpr (kEntryBytes != 0) std::memcpy(entry_bytes(dst, i), e.bytes, kEntryBytes);
  }
  static void copy_entries(rt::Object* dst, count_t dst_i, const rt::Object* src, count_t src_i, count_t n) noexcept {
    if (n == 0) return;
    if constexpr (kEntrySlots != 0)
      std::memcpy(entry_slots(dst, dst_i), entry_slots(src, src_i), n * kEntrySlots * sizeof(rt::Object*));
    if constexpr (kEntryBytes != 0) std::memcpy(entry_bytes(dst, dst_i), entry_bytes(src, src_i), n * kEntryBytes);
  }
  static void copy_children(rt::Object* dst, count_t dst_nd, count_t dst_j, const rt::Object* src, count_t src_nd,
                            count_t src_j, count_t n) noexcept {
    if (n == 0) return;
    std::memcpy(&child(dst, dst_nd, dst_j), &src->slots()[src_nd * kEntrySlots + src_j], n * sizeof(rt::Object*));
  }
};

}  // namespace gcm::trie
