// object_prefetch.hpp — asking the cache for an object before it is read:
// its header and first slot lines, or its children's headers. Main entries:
// prefetch_object(), prefetch_children().
//
// Why: the mark loop (collector.cpp) and the retention walk (retention.cpp)
// visit objects scattered over hundreds of MiB in pointer order; each visit
// stalled on a miss until the next objects were asked for ahead (issue 16:
// 88 % of the mark loop's samples on two loads, cleanup-capture at 10^6 keys).
// A prefetch never faults, so asking past an object's end is harmless; the
// addresses are formed as integers, since a pointer past a small block's end
// would be undefined.
#pragma once

#include <cstdint>

#include "runtime/object.hpp"

namespace gcm::rt {

// o's header and the first lines of its slot array, without reading the
// header (reading slot_count to size the request stalled on it: 67 % of the
// mark pipeline's samples in a first version). Three lines from o's start
// hold its header and at least 15 slots wherever in a line it starts
// (mimalloc blocks are 8-aligned).
inline void prefetch_object(const Object* o) noexcept {
  const auto a = reinterpret_cast<std::uintptr_t>(o);
  __builtin_prefetch(reinterpret_cast<const void*>(a));
  __builtin_prefetch(reinterpret_cast<const void*>(a + 64));
  __builtin_prefetch(reinterpret_cast<const void*>(a + 128));
}

// The headers of all o's children, before the first is tested, so their
// misses overlap instead of queueing (a trie node has up to 32). o's slots
// must be in hand. `kForWrite`: the caller will write the headers (marking).
template <bool kForWrite = false>
inline void prefetch_children(const Object* o) noexcept {
  Object* const* slots = o->slots();
  for (std::uint32_t i = 0, n = o->slot_count; i < n; ++i)
    if (slots[i] != nullptr) __builtin_prefetch(slots[i], kForWrite ? 1 : 0);
}

}  // namespace gcm::rt
