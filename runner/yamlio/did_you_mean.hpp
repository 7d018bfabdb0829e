// did_you_mean.hpp — suggestions for misspelt keys, values and names (of
// profiles, workloads, observations). Main entries: edit_distance(),
// closest_first(), did_you_mean().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gcm::yamlio {

// Optimal string alignment distance: insertions, deletions, substitutions and
// swaps of two adjacent characters each cost 1 ("gocg" -> "gogc" is 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// `candidates` ordered by edit distance to `word`, ties in their given order.
std::vector<std::string> closest_first(std::string_view word,
                                       const std::vector<std::string>& candidates);

// The closest candidate when it is close enough to be a likely typo: at most
// 1 edit for words of up to 4 characters, 2 up to 8, 3 beyond.
std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates);

}  // namespace gcm::yamlio
