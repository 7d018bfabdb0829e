// merge_legs.hpp — the merge of matrix legs: the results.json of each leg
// read and checked against the others, one run as a single gcmatrix run of
// the whole matrix would have written it, and what no leg delivered.
// Main entries: read_legs(), merge_legs(), find_missing().
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "report/case_order.hpp"
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

// The whole file at `path`, read bounded (json_input.hpp: regular files of at
// most kJsonInputBytesMax); a MergeError "<path>:1:1: (file): … (expected a
// readable <what>)" otherwise.
std::string read_text(const std::string& path, const char* what);

// Reads every file (bounded; JSON errors located, a number out of range such
// as 1e400 included); refuses mixed schema versions, gcmatrix versions, legs
// that ran --seeds sweeps mixed with single-seed legs, base seeds that differ
// between single-seed legs, and profiles that two legs describe differently.
std::vector<Leg> read_legs(const std::vector<std::string>& paths);

// One run, as a single gcmatrix run of the whole matrix would have written
// it, in the canonical order of case_order.hpp (`order`). Host figures:
// hostnames joined, earliest start, wall and CPU time added, peak RSS the
// largest. Refuses a (profile, workload, seed) held by two legs.
//
// Sweep legs (--seeds A..B, or a seed shard of it): the sweeps of one
// profile x workload are added (Sweep::merge, in seed order, so names keep
// the order a single run sees them in); the case is the lowest seed's, each
// check as expected only when no seed of any leg was unexpected. Legs must
// agree on the case's parameters and checks, and hold disjoint seeds. The
// merged run's base seed is the lowest.
RunResult merge_legs(const std::vector<Leg>& legs, const CaseOrder& order);

// What the plan expected and no leg delivered, one line each: every expected
// profile without a case, every (profile, workload) that a leg declared (its
// `profiles` × `workloads`) without a case, and, for sweeps, the seeds
// between the lowest and the highest merged that some cases lack (a seed
// shard whose leg failed).
std::vector<std::string> find_missing(const RunResult& merged, const std::vector<std::string>& expected_profiles);

}  // namespace gcm::report
