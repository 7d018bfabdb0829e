// bits.hpp — the CHAMP's arithmetic: bitmaps, hash fragments, depth limits and
// the hash-function seam. Main entries: fragment(), bit_of(), index_of().
//
// A 64-bit hash is consumed 5 bits per level from the low end (Steindorfer &
// Vinju, OOPSLA 2015, §2; immer/detail/hamts/bits.hpp):
//
//   depth d (0 ≤ d < kMaxDepth) branches on   (hash >> 5·d) & 31
//
// Level 12 gets the 4 remaining bits. Keys whose 64 hash bits are all equal
// meet in a collision node at depth kMaxDepth = 13.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace gcm::trie {

using bitmap_t = std::uint32_t;  // one bit per branch
using count_t = std::uint32_t;   // entries, children, depths
using shift_t = std::uint32_t;   // bit offsets into a hash
using hash_t = std::uint64_t;    // a key's full hash
using edit_t = std::uint64_t;    // a transient's ownership token (0 = none)

inline constexpr shift_t kBits = 5;                        // hash bits consumed per level
inline constexpr count_t kBranches = count_t{1} << kBits;  // 32-way nodes
inline constexpr hash_t kFragmentMask = kBranches - 1;
inline constexpr count_t kHashBits = 64;
// Inner levels are 0 … kMaxDepth-1; collision nodes sit at depth kMaxDepth.
inline constexpr count_t kMaxDepth = (kHashBits + kBits - 1) / kBits;  // 13

static_assert(sizeof(bitmap_t) * 8 == kBranches, "one bitmap bit per branch");
static_assert(kMaxDepth * kBits >= kHashBits, "the inner levels consume the whole hash");
static_assert((kMaxDepth - 1) * kBits < kHashBits, "every inner level consumes at least one hash bit");

// The branch a hash takes at `depth` (depth < kMaxDepth).
constexpr count_t fragment(hash_t hash, count_t depth) noexcept {
  return static_cast<count_t>((hash >> (depth * kBits)) & kFragmentMask);
}
constexpr bitmap_t bit_of(count_t fragment) noexcept { return bitmap_t{1} << fragment; }
// Position of `bit`'s entry among the set bits of `map` below it (CHAMP §3.1).
constexpr count_t index_of(bitmap_t map, bitmap_t bit) noexcept {
  return static_cast<count_t>(std::popcount(map & (bit - 1)));
}
constexpr count_t popcount(bitmap_t map) noexcept { return static_cast<count_t>(std::popcount(map)); }
// The low hash bits fixed by the branches taken above `depth` (check()).
constexpr hash_t prefix_mask(count_t depth) noexcept {
  return depth * kBits >= kHashBits ? ~hash_t{0} : (hash_t{1} << (depth * kBits)) - 1;
}

// The hash seam: a plain function pointer, so tests can inject a weak hash
// (constant, 2-bit) and the hot path has no std::function.
using hash_fn = hash_t (*)(const void* data, std::size_t bytes) noexcept;
hash_t xxh3_hash(const void* data, std::size_t bytes) noexcept;  // XXH3_64bits, seed 0

// XXH3_64bits of one 8-byte key (seed 0, default secret), inlined: the
// same value as xxh3_hash(&v, 8), so trie shapes, iteration order and every
// digest stay as they were. xxhash 0.8 XXH3_len_4to8_64b: the two 32-bit
// halves swapped (input2 + input1 << 32), xored with the secret's bytes
// 8..23, then XXH3_rrmxmx. A u64 get then costs a few multiplies where the
// call through the seam cost most of the lookup (issue 16: 1.6x immer).
// test_trie_hash checks it against the library on 10^5 values.
constexpr hash_t xxh3_u64(std::uint64_t v) noexcept {
  constexpr std::uint64_t kSecret8 = 0x1cad21f72c81017cULL;   // readLE64(kSecret + 8)
  constexpr std::uint64_t kSecret16 = 0xdb979083e96dd4deULL;  // readLE64(kSecret + 16)
  constexpr std::uint64_t kLen = 8;
  std::uint64_t h = std::rotl(v, 32) ^ (kSecret8 ^ kSecret16);
  h ^= std::rotl(h, 49) ^ std::rotl(h, 24);
  h *= 0x9FB21C651E98DF25ULL;
  h ^= (h >> 35) + kLen;
  h *= 0x9FB21C651E98DF25ULL;
  return h ^ (h >> 28);
}

}  // namespace gcm::trie
