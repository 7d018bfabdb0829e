// trie.hpp — the trie layer's public face: the map types workloads use.
// Main entries: U64Map, StringMap (Champ<…>), their transients and iterators.
//
//   gcm::trie::StringMap m(rt);
//   auto root = m.set(m.empty(), "key-1", "val-1");   // a new version
//   frame->set("m", root);                             // rooted before a safe point
//   m.get(root, "key-1");                              // optional<string_view>
#pragma once

#include "trie/bits.hpp"
#include "trie/champ.hpp"
#include "trie/iterator.hpp"
#include "trie/node.hpp"
#include "trie/policy.hpp"
#include "trie/pool.hpp"
#include "trie/transient.hpp"

namespace gcm::trie {

using U64Map = Champ<u64_map_policy>;                          // u64 → u64, inline in the payload
using StringMap = Champ<string_map_policy>;                    // bytes → bytes, emulated strings
using U64StringMap = Champ<map_policy<u64_kind, string_kind>>;
using StringU64Map = Champ<map_policy<string_kind, u64_kind>>;

}  // namespace gcm::trie
