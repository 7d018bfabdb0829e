// trie_test_util.hpp — shared helpers of the trie tests: runtimes, key
// generators, fingerprints, node census.
#pragma once

#include <xxhash.h>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <set>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/runtime.hpp"
#include "trie/trie.hpp"

namespace gcm::trie {
inline std::ostream& operator<<(std::ostream& os, RecycleStatus s) { return os << to_string(s); }
}  // namespace gcm::trie

namespace gcm::trie::testing {

// A failure path that costs nothing when the condition holds (Boost.Test
// assertions are too slow for millions of model comparisons).
#define TRIE_REQUIRE(cond, msg)                          \
  do {                                                   \
    if (!(cond)) {                                       \
      std::ostringstream trie_require_os;                \
      trie_require_os << msg;                            \
      BOOST_FAIL(#cond << ": " << trie_require_os.str()); \
    }                                                    \
  } while (0)

inline rt::Runtime::Options runtime_options(std::uint64_t seed, bool verify_gc, bool gogc_off = false) {
  rt::Runtime::Options o;
  o.seed = seed;
  o.verify_gc = verify_gc;
  o.gc.gogc_off = gogc_off;  // only the test's own rt.gc() calls collect
  return o;
}

inline void require_clean(const rt::Runtime& rt) {
  const auto& p = rt.verify_problems();
  BOOST_REQUIRE_MESSAGE(p.empty(), "gc verify: " << p.size() << " problems, first: " << (p.empty() ? "" : p[0]));
}

template <class Champ>
void require_ok(const Champ& m, rt::Object* root, const std::string& where) {
  const CheckResult r = m.check(root);
  if (!r.ok()) BOOST_FAIL(where << ": check() found " << r.problems.size() << " problems, first: " << r.problems[0]);
}

inline std::uint64_t item_hash(std::uint64_t v) noexcept;
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) noexcept { return item_hash(a * 0x9E3779B97F4A7C15ull + b); }
inline std::uint64_t item_hash(std::uint64_t v) noexcept {  // SplitMix64's finaliser: cheap and well mixed
  v = (v ^ (v >> 30)) * 0xBF58476D1CE4E5B9ull;
  v = (v ^ (v >> 27)) * 0x94D049BB133111EBull;
  return v ^ (v >> 31);
}
inline std::uint64_t item_hash(std::string_view v) noexcept { return XXH3_64bits(v.data(), v.size()); }

// Sum over entries of mix(hash k, hash v): order-free, maintained incrementally by the model.
template <class K, class V>
std::uint64_t entry_print(const K& k, const V& v) noexcept {
  return mix(item_hash(k), item_hash(v));
}
template <class Champ>
std::pair<std::uint64_t, std::uint64_t> fingerprint(const Champ& m, rt::Object* root) {
  std::uint64_t fp = 0, n = 0;
  for (auto [k, v] : m.entries(root)) {
    fp += entry_print(k, v);
    ++n;
  }
  return {fp, n};
}

// Keys and values of the u64 map: keys spread over the whole 64-bit range.
struct U64Keys {
  using map_type = U64Map;
  using key_type = std::uint64_t;
  using value_type = std::uint64_t;
  static key_type key(std::uint64_t i) noexcept { return i * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull; }
  static value_type value(rt::Prng& p) noexcept { return p.below(8); }  // small: equal-value sets happen
};
// The article's "key-%d" -> "val-%d".
struct StringKeys {
  using map_type = StringMap;
  using key_type = std::string;
  using value_type = std::string;
  static key_type key(std::uint64_t i) { return "key-" + std::to_string(i); }
  static value_type value(rt::Prng& p) { return "val-" + std::to_string(p.below(8)); }
};

// Ids of every node of a version.
template <class Champ>
std::set<rt::ObjectId> node_ids(const Champ& m, rt::Object* root) {
  std::set<rt::ObjectId> ids;
  m.for_each_node(root, [&](const rt::Object* n, count_t) { ids.insert(n->id); });
  return ids;
}

// Live trie node objects on the heap (any map type), pooled ones excluded
// unless asked for (the node header sits after the slots for every policy).
inline std::set<rt::ObjectId> live_trie_nodes(const rt::Runtime& rt, bool include_pooled = false) {
  std::set<rt::ObjectId> ids;
  for (const rt::Object* o : rt.heap().objects()) {
    if (!is_trie_node_kind(o->kind)) continue;
    const auto* h = reinterpret_cast<const NodeHeader*>(o->slots() + o->slot_count);
    if (include_pooled || h->edit != kEditPooled) ids.insert(o->id);
  }
  return ids;
}

// Hashes for the collision tests (the hash seam).
inline hash_t constant_hash(const void*, std::size_t) noexcept { return 0x5555; }
inline hash_t two_bit_hash(const void* d, std::size_t n) noexcept { return XXH3_64bits(d, n) & 3; }
inline hash_t eight_bit_hash(const void* d, std::size_t n) noexcept { return XXH3_64bits(d, n) & 0xFF; }

}  // namespace gcm::trie::testing
