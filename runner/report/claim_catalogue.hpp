// claim_catalogue.hpp — one line per claim ID, so that footnotes and listings
// say what a claim is, not only its ID. Main entry: claim_statement().
//
// The long form, with sources, is docs/claims.md; the test
// report.claim_catalogue checks both define the same IDs.
#pragma once

#include <string_view>
#include <vector>

namespace gcm::report {

struct ClaimLine {
  std::string_view id;         // "A2", "O13"
  std::string_view source;     // "article §1", "real Go"
  std::string_view statement;  // one line, at most about 90 characters
};

// Every claim, A1… then O1…, in order.
const std::vector<ClaimLine>& claim_catalogue();

// The line for `id`, or nullptr for an ID the catalogue does not define (a
// user's own ID).
const ClaimLine* claim_statement(std::string_view id);

}  // namespace gcm::report
