// node_reader.cpp — a profile's value types read from located fields.
#include "policy/node_reader.hpp"

#include <algorithm>

#include "policy/claims.hpp"
#include "policy/quote.hpp"
#include "policy/scalars.hpp"

namespace gcm::policy {

std::string NodeReader::quote_text(std::string_view text) { return quote(text); }

bool NodeReader::boolean(const Field& field) const {
  constexpr std::string_view kExpected = "true or false";
  const auto parsed = parse_bool(plain(field, kExpected));
  if (!parsed.ok()) fail_expected(field, parsed.error, kExpected);
  return parsed.value;
}

std::int64_t NodeReader::integer(const Field& field, std::int64_t min, std::int64_t max,
                                 std::string_view expected) const {
  const auto parsed = parse_int(plain(field, expected), min, max);
  if (!parsed.ok()) fail_expected(field, parsed.error, expected);
  return parsed.value;
}

std::uint64_t NodeReader::size_bytes(const Field& field, std::uint64_t min, std::uint64_t max,
                                     std::string_view expected) const {
  const std::string spelled = plain(field, expected);
  const auto parsed = parse_size_bytes(spelled, max);
  if (!parsed.ok()) fail_expected(field, parsed.error, expected);
  if (parsed.value < min) fail_expected(field, quote(spelled) + " is out of range", expected);
  return parsed.value;
}

std::int64_t NodeReader::positive_seconds_ns(const Field& field, std::string_view expected) const {
  const std::string spelled = plain(field, expected);
  const auto parsed = parse_seconds_ns(spelled);
  if (!parsed.ok()) fail_expected(field, parsed.error, expected);
  if (parsed.value <= 0) fail_expected(field, quote(spelled) + " is not positive", expected);
  return parsed.value;
}

std::vector<std::string> NodeReader::claim_ids(const Field& field) const {
  constexpr std::string_view kExpected = "a list of claim IDs from docs/claims.md, e.g. [A2, O4]";
  if (field.value.IsSequence() && field.value.size() == 0) {
    fail_expected(field, "empty list", kExpected);
  }
  std::vector<std::string> ids = string_list(field, kExpected);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Field item_field = item(field, i);
    const std::string problem = origin_ == ProfileOrigin::user ? user_claim_id_problem(ids[i]) : claim_id_problem(ids[i]);
    if (!problem.empty()) fail(item_field.where, item_field.key_path, problem);
    if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), ids[i]) !=
        ids.begin() + static_cast<std::ptrdiff_t>(i)) {
      fail(item_field.where, item_field.key_path, quote(ids[i]) + " is listed twice (expected each claim ID once)");
    }
  }
  return ids;
}

}  // namespace gcm::policy
