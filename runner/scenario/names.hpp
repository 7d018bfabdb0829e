// names.hpp — what a name of each kind may spell, and virtual durations.
// Main entries: name_problem(), parse_duration_ns().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "policy/scalars.hpp"

namespace gcm::scenario {

enum class NameKind : std::uint8_t {
  scenario,     // [a-z0-9-]+: a workload name
  check,        // [a-z0-9:-]+ ("log-only:nodes-free-during-cleanup")
  observation,  // [a-z0-9_]+: also a metric name
  variable,     // a Go identifier
  test,         // Test followed by letters, digits, '_'
  subtest,      // letters, digits, '_', '-'; "%d" where a run has a count
  label,        // a record label: no spaces (records are space-separated)
  claim,        // a claim ID of docs/claims.md or the user's own: letters, digits, '_', '.', '-'
};

// Empty when `name` is a valid name of `kind`; else "'x' is not …" with the rule.
std::string name_problem(std::string_view name, NameKind kind);

// "10ms", "1s", "250us", "3h": a non-negative integer and one of ns, us, µs,
// ms, s, m, h, as Go's time.ParseDuration spells a single term.
policy::Parsed<std::int64_t> parse_duration_ns(std::string_view text, std::int64_t max_ns);

}  // namespace gcm::scenario
