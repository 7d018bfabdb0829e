// seed_range.cpp — see seed_range.hpp.
#include "cli/seed_range.hpp"

#include <optional>

#include "input/numbers.hpp"
#include "policy/quote.hpp"

namespace gcm::cli {

std::variant<SeedRange, std::string> parse_seed_range_text(std::string_view text) {
  const std::string quoted = policy::quote(std::string(text));
  const std::size_t dots = text.find("..");
  const std::optional<std::uint64_t> first = dots == std::string_view::npos ? std::nullopt : input::parse_unsigned(text.substr(0, dots));
  const std::optional<std::uint64_t> last = dots == std::string_view::npos ? std::nullopt : input::parse_unsigned(text.substr(dots + 2));
  if (!first || !last)
    return quoted + " is not a seed range (expected A..B, two decimal integers 0.." + std::to_string(UINT64_MAX) +
           " with A <= B, e.g. 1..10000)";
  if (*first > *last) return quoted + ": " + std::to_string(*first) + " > " + std::to_string(*last) + " (expected A..B with A <= B)";
  return SeedRange{*first, *last};
}

std::uint64_t seed_count(const SeedRange& r) noexcept {
  return r.last - r.first == UINT64_MAX ? UINT64_MAX : r.last - r.first + 1;
}

std::string seed_count_text(const SeedRange& r) {
  if (r.last - r.first != UINT64_MAX) return std::to_string(r.last - r.first + 1);
  return "18446744073709551616";  // 2^64: every seed
}

std::variant<SeedRange, std::string> shard_of_range(const SeedRange& range, std::size_t k, std::size_t n) {
  // 128-bit: count · k does not fit 64 bits for the widest ranges.
  const unsigned __int128 count = static_cast<unsigned __int128>(range.last - range.first) + 1;
  if (count < n)
    return "seeds " + std::to_string(range.first) + ".." + std::to_string(range.last) + " are " +
           std::to_string(static_cast<std::uint64_t>(count)) + " seed(s) for " + std::to_string(n) +
           " shards (expected at most one shard per seed)";
  const auto start = [&](std::size_t i) { return static_cast<std::uint64_t>(count * i / n); };
  return SeedRange{range.first + start(k - 1), range.first + start(k) - 1};
}

}  // namespace gcm::cli
