// claims.cpp — validation of claim IDs (docs/claims.md: A1–A23, O1–O15).
#include "policy/claims.hpp"

#include <algorithm>
#include <cctype>

#include "policy/quote.hpp"

namespace gcm::policy {

namespace {

// The number after the letter, or -1 when it is not a plain decimal without
// a leading zero (A02 is not A2: IDs are compared as text elsewhere).
int claim_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 4 || digits.front() == '0') return -1;
  int number = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -1;
    number = number * 10 + (c - '0');
  }
  return number;
}

}  // namespace

std::string claim_id_problem(std::string_view id) {
  const int number = id.empty() ? -1 : claim_number(id.substr(1));
  const bool article = !id.empty() && id.front() == 'A';
  const bool observed = !id.empty() && id.front() == 'O';
  if ((!article && !observed) || number < 0) {
    return quote(id) + " is not a claim ID (expected A<number> or O<number>, e.g. A2 or O4)";
  }
  const int count = article ? kArticleClaimsCount : kObservedClaimsCount;
  if (number > count) {
    return quote(id) + " is not in docs/claims.md (expected A1..A" +
           std::to_string(kArticleClaimsCount) + " or O1..O" +
           std::to_string(kObservedClaimsCount) + ")";
  }
  return {};
}

std::string user_claim_id_problem(std::string_view id) {
  const bool ours = id.size() >= 2 && (id.front() == 'A' || id.front() == 'O') && id[1] >= '0' && id[1] <= '9';
  if (ours) return claim_id_problem(id);
  const bool word = !id.empty() && id.size() <= 64 && std::isalpha(static_cast<unsigned char>(id.front())) != 0 &&
                    std::all_of(id.begin(), id.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
                    });
  if (word) return {};
  return quote(id) + " is not a claim ID (expected A<number>, O<number> or an ID of your own: a letter, then letters, "
                     "digits, '.', '_' or '-')";
}

}  // namespace gcm::policy
