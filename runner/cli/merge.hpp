// merge.hpp — `gcmatrix merge`: combines the results.json of matrix legs into
// one run, one comparison table and one JUnit file; checks the merged run
// against a baseline; reports missing legs; prints GitHub annotations.
// Main entries: merge_main(), read_legs(), merge_legs(), find_missing().
//
// Exit codes: 0 all as expected; 1 a regression beyond tolerance, an
// unexpected outcome or a missing leg; 2 usage or configuration (unreadable
// file, mixed schema versions, duplicate legs, malformed baseline); 3 internal.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/run_result.hpp"

namespace gcm::cli {

// A merge that cannot be made: one line, exit 2.
struct MergeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Leg {
  std::string path;      // as given on the command line
  report::RunResult run;
};

// Reads every file; refuses mixed schema versions, gcmatrix versions or base
// seeds, and profiles that two legs describe differently.
std::vector<Leg> read_legs(const std::vector<std::string>& paths);

// One run, as a single gcmatrix run of the whole matrix would have written
// it: profiles in catalog order (documented first, then by Go version, then
// name), workloads in registry order, cases profile-major. Host figures:
// hostnames joined, earliest start, wall and CPU time added, peak RSS the
// largest. Refuses a (profile, workload, seed) held by two legs.
report::RunResult merge_legs(const std::vector<Leg>& legs);

// What the plan expected and no leg delivered, one line each: every expected
// profile without a case, and every (profile, workload) that a leg declared
// (its `profiles` × `workloads`) without a case.
std::vector<std::string> find_missing(const report::RunResult& merged, const std::vector<std::string>& expected_profiles);

// The step summary is capped by GitHub at 1 MiB.
inline constexpr std::size_t kStepSummaryBytesMax = 1024 * 1024;

int merge_main(int argc, char** argv);  // argv[0] == "merge"

}  // namespace gcm::cli
