// numbers.hpp — the one parser of numbers given by users. Main entry:
// parse_unsigned().
//
// Why: std::stoull reads "-1" as 18446744073709551615, "12abc" as 12 and
// " 7" as 7; every seed, shard and parameter goes through this instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gcm::input {

// A decimal integer 0..max: one or more ASCII digits and nothing else (no
// sign, no space, no exponent, no hex), at most `max`. std::nullopt otherwise.
std::optional<std::uint64_t> parse_unsigned(std::string_view text,
                                            std::uint64_t max = UINT64_MAX);

}  // namespace gcm::input
