// claims.hpp — the claim IDs a profile's `basis` may cite. Main entry:
// claim_id_problem().
//
// docs/claims.md defines A1–A23 (the article's claims) and O1–O15 (real Go
// behaviour). A new claim there needs its count raised here.
#pragma once

#include <string>
#include <string_view>

namespace gcm::policy {

inline constexpr int kArticleClaimsCount = 23;   // A1..A23, docs/claims.md section A
inline constexpr int kObservedClaimsCount = 15;  // O1..O15, docs/claims.md section O

// "" when `id` is a known claim ID; otherwise "what is wrong (expected …)".
std::string claim_id_problem(std::string_view id);

// As claim_id_problem for a user's own profile or scenario: also "" for an ID
// of the user's own ([A-Za-z][A-Za-z0-9._-]*, at most 64 characters) that is
// not of the form A<number> / O<number>, which stays gcmatrix's namespace.
std::string user_claim_id_problem(std::string_view id);

inline bool is_known_claim_id(std::string_view id) { return claim_id_problem(id).empty(); }

}  // namespace gcm::policy
