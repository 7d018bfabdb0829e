// merge_legs.hpp — the merge of matrix legs: the results.json of each leg
// read and checked against the others, one run as a single gcmatrix run of
// the whole matrix would have written it, and what no leg delivered.
// Main entries: read_legs(), merge_legs(), find_missing().
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "report/run_result.hpp"

namespace gcm::report {

// A merge that cannot be made: one line, exit 2.
struct MergeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Leg {
  std::string path;      // as given on the command line
  RunResult run;
};

// The whole file at `path`; a MergeError naming it and `what` it should be.
std::string read_text(const std::string& path, const char* what);

// Reads every file; refuses mixed schema versions, gcmatrix versions or base
// seeds, and profiles that two legs describe differently.
std::vector<Leg> read_legs(const std::vector<std::string>& paths);

// One run, as a single gcmatrix run of the whole matrix would have written
// it: profiles in catalog order (documented first, then by Go version, then
// name), workloads in `workload_order` (the registry's; others after, in
// first-seen order), cases profile-major. Host figures:
// hostnames joined, earliest start, wall and CPU time added, peak RSS the
// largest. Refuses a (profile, workload, seed) held by two legs.
RunResult merge_legs(const std::vector<Leg>& legs, const std::vector<std::string>& workload_order = {});

// What the plan expected and no leg delivered, one line each: every expected
// profile without a case, and every (profile, workload) that a leg declared
// (its `profiles` × `workloads`) without a case.
std::vector<std::string> find_missing(const RunResult& merged, const std::vector<std::string>& expected_profiles);

}  // namespace gcm::report
