// hash_test.cpp — the inlined u64 hash (bits.hpp xxh3_u64) is XXH3_64bits of
// the key's 8 bytes, bit for bit: trie shapes, iteration order and event
// digests depend on it (issue 16, trie get vs immer). Fails if the constants
// or the mixing steps drift from the library.
#define BOOST_TEST_MODULE trie_hash
#include <boost/test/unit_test.hpp>

#include <xxhash.h>

#include <cstdint>
#include <limits>

#include "runtime/prng.hpp"
#include "trie/bits.hpp"

namespace gcm::trie {
namespace {

std::uint64_t library(std::uint64_t v) { return XXH3_64bits(&v, sizeof v); }

BOOST_AUTO_TEST_CASE(inline_u64_hash_equals_xxh3_on_edges_and_random_values) {
  for (std::uint64_t v : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{0xFFFFFFFF}, std::uint64_t{1} << 32,
                          std::numeric_limits<std::uint64_t>::max(), std::uint64_t{0x8000000000000000}})
    BOOST_TEST(xxh3_u64(v) == library(v), "value " << v);
  rt::Prng prng(16);
  int mismatches = 0;
  for (int i = 0; i < 100'000; ++i) {
    const std::uint64_t v = i < 50'000 ? static_cast<std::uint64_t>(i) : prng.next();
    mismatches += xxh3_u64(v) != library(v);
  }
  BOOST_TEST(mismatches == 0);
}

BOOST_AUTO_TEST_CASE(seam_default_is_the_library_function) {
  const std::uint64_t v = 0x0123456789abcdefULL;
  BOOST_TEST(xxh3_hash(&v, sizeof v) == xxh3_u64(v));
}

}  // namespace
}  // namespace gcm::trie
