// expectations.hpp — matrix/expectations.yaml: what each check should do
// under each profile. Main entries: load_expectations(), apply(),
// write_expectations().
//
// Format (strict: any other key, value or a duplicate key is an error
// reported as `file:line:column: key.path: message`, read with the YAML
// toolkit every loader shares, yamlio/: unknown keys get a did-you-mean):
//
//   profiles:
//     go1.22:                          # profile name
//       cleanup-capture:               # workload name
//         no-live-nodes-after-test: fail   # check name: pass | fail
//
// A check without an entry is judged Expected::missing, which is never as
// expected: a new check must be reviewed and recorded, not silently passed.
#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "report/run_result.hpp"

namespace gcm::report {

struct ExpectationsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Expectations {
  using Checks = std::map<std::string, Expected>;  // check -> pass | fail (never missing)
  using Workloads = std::map<std::string, Checks>;
  std::map<std::string, Workloads> profiles;       // profile -> workload -> checks

  // Expected::missing when nothing is recorded.
  Expected find(std::string_view profile, std::string_view workload,
                std::string_view check) const noexcept;
  // Something is recorded for this (profile, workload).
  bool has_case(std::string_view profile, std::string_view workload) const noexcept;
  bool operator==(const Expectations&) const = default;
};

// `source_name` prefixes error messages ("matrix/expectations.yaml").
Expectations parse_expectations(std::string_view yaml, std::string_view source_name);
Expectations load_expectations(const std::filesystem::path& path);  // throws ExpectationsError

// Judges every check of `obs` under `profile` (whose name must equal obs.profile).
//
// Report-only cases: when nothing is recorded for (profile, workload) — a
// scenario, a user profile, a new workload — or the parameters are not the
// defaults the expectations were recorded with (`default_params` false), a
// check is judged by its inline expectation for the profile's family
// (Check::expect, a scenario's `expect:`) when it has one, else reported and
// not gated (CheckOutcome::gated false). A recorded case keeps the strict rule:
// a check missing from it is Expected::missing, never as expected.
// `must_be_recorded`: the case is one an expectations file is for (a shipped
// profile, a built-in workload, the default parameters), so nothing recorded
// for it is Expected::missing too (gated, never as expected), not
// report-only: an expectations file that leaves out a case must not
// silently stop gating it.
CaseResult apply(const Expectations& expectations, workloads::Observation obs,
                 ProfileInfo profile, bool default_params = true, bool must_be_recorded = false);

// Entries recorded for a (profile, workload) that ran but naming a check the
// workload no longer emits, one line each: "go1.22/cleanup-capture/old-check".
std::vector<std::string> stale_expectations(const Expectations& expectations,
                                            const RunResult& run);

// `base` with every (profile, workload) pair of `run` replaced by what the run
// observed (passed -> pass, failed -> fail); pairs not in the run are kept.
Expectations merge_run(Expectations base, const RunResult& run);

// Sorted, stable YAML with a header comment; parse_expectations reads it back.
std::string render_expectations(const Expectations& expectations);

// --update-expectations: merges `run` into the file at `path` (absent = empty;
// unparseable = ExpectationsError, the file is left alone) and rewrites it
// atomically.
void write_expectations(const std::filesystem::path& path, const RunResult& run);

}  // namespace gcm::report
