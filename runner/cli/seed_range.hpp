// seed_range.hpp — "A..B" seed ranges, as --seeds and a matrix file's
// `seeds: A..B` give them, and the slice of one that a `--shard K/N` leg
// runs. Main entries: parse_seed_range_text(), shard_of_range().
//
// A range is a sweep (report/sweep.hpp): every seed of it runs each case, and
// the run reports outcome distributions. Sharding a sweep splits its seeds,
// not its cases: leg K of N runs every case over the K-th of N contiguous,
// near-equal slices, so GitHub Actions legs each take a seed range and
// `gcmatrix merge` adds their histograms up to the single run's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace gcm::cli {

struct SeedRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive; first <= last
  bool operator==(const SeedRange&) const = default;
};

// At most this many seeds in one run (a leg); a larger range is sharded.
inline constexpr std::uint64_t kSweepSeedsMax = 1'000'000;

// `text` as A..B: two decimal integers through the one strict parser
// (input/numbers.hpp), A <= B. Otherwise the problem, for the caller to
// locate: "'5..3': 5 > 3 (expected A..B with A <= B)".
std::variant<SeedRange, std::string> parse_seed_range_text(std::string_view text);

// Leg `k` (1-based) of `n`: seeds [first + floor((k-1)·count/n), first +
// floor(k·count/n) - 1]. The problem when the range has fewer than n seeds
// (a leg would run nothing).
std::variant<SeedRange, std::string> shard_of_range(const SeedRange& range, std::size_t k, std::size_t n);

// How many seeds, saturating at UINT64_MAX (0..UINT64_MAX has 2^64).
std::uint64_t seed_count(const SeedRange& range) noexcept;
// The exact count in decimal, 2^64 included ("18446744073709551616").
std::string seed_count_text(const SeedRange& range);

}  // namespace gcm::cli
