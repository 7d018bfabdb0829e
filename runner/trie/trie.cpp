// trie.cpp — the hash seam's default, transient tokens, and one explicit
// instantiation of every map type (so each compiles with the library).
#include "trie/trie.hpp"

#include <xxhash.h>

#include <atomic>

namespace gcm::trie {

hash_t xxh3_hash(const void* data, std::size_t bytes) noexcept { return XXH3_64bits(data, bytes); }

edit_t new_edit_token() noexcept {
  static std::atomic<edit_t> next{1};
  const edit_t t = next.fetch_add(1, std::memory_order_relaxed);
  assert(t != kEditFrozen && t != kEditPooled);
  return t;
}

std::string_view to_string(RecycleStatus s) noexcept {
  switch (s) {
    case RecycleStatus::recycled: return "recycled";
    case RecycleStatus::empty: return "empty";
    case RecycleStatus::shared: return "shared";
    case RecycleStatus::stale: return "stale";
  }
  return "unknown";
}

template class Champ<u64_map_policy>;
template class Champ<string_map_policy>;
template class Champ<map_policy<u64_kind, string_kind>>;
template class Champ<map_policy<string_kind, u64_kind>>;
template class Transient<u64_map_policy>;
template class Transient<string_map_policy>;
template class Iterator<u64_map_policy>;
template class Iterator<string_map_policy>;

}  // namespace gcm::trie
