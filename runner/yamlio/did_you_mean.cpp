// did_you_mean.cpp — edit distance and typo suggestions.
#include "yamlio/did_you_mean.hpp"

#include <algorithm>

namespace gcm::yamlio {

namespace {

constexpr std::size_t kCompareMaxChars = 128;  // longer words are cut: O(n·m) memory

std::size_t typo_budget(std::size_t word_chars) {
  if (word_chars <= 4) return 1;
  if (word_chars <= 8) return 2;
  return 3;
}

}  // namespace

// Rows i-2, i-1, i of the classic dynamic programme (Damerau's transposition
// restricted to non-overlapping edits).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  a = a.substr(0, kCompareMaxChars);
  b = b.substr(0, kCompareMaxChars);
  std::vector<std::size_t> two_back(b.size() + 1), one_back(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) one_back[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = one_back[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({one_back[j] + 1, row[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], two_back[j - 2] + 1);
      }
    }
    two_back.swap(one_back);
    one_back.swap(row);
  }
  return one_back[b.size()];
}

std::vector<std::string> closest_first(std::string_view word,
                                       const std::vector<std::string>& candidates) {
  std::vector<std::pair<std::size_t, std::string>> ranked;
  ranked.reserve(candidates.size());
  for (const auto& candidate : candidates) {
    ranked.emplace_back(edit_distance(word, candidate), candidate);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  out.reserve(ranked.size());
  for (auto& entry : ranked) out.push_back(std::move(entry.second));
  return out;
}

std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = typo_budget(word.size()) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance && distance < candidate.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace gcm::yamlio
