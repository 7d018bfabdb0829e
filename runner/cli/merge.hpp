// merge.hpp — `gcmatrix merge`: combines the results.json of matrix legs into
// one run, one comparison table and one JUnit file; checks the merged run
// against a baseline; reports missing legs; prints GitHub annotations.
// Main entry: merge_main(); the merge itself is report/merge_legs.hpp,
// its verdict and Markdown report/merge_verdict.hpp.
//
// Exit codes: 0 all as expected; 1 a regression beyond tolerance, an
// unexpected outcome or a missing leg; 2 usage or configuration (unreadable
// file, mixed schema versions, duplicate legs, malformed baseline); 3 internal.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/merge_legs.hpp"

namespace gcm::cli {

using report::find_missing;  // report/merge_legs.hpp
using report::Leg;
using report::merge_legs;
using report::MergeError;
using report::read_legs;
using report::read_text;

// The step summary is capped by GitHub at 1 MiB.
inline constexpr std::size_t kStepSummaryBytesMax = 1024 * 1024;

int merge_main(int argc, char** argv);  // argv[0] == "merge"

// The order a single run writes its profiles, workloads and cases in
// (report/case_order.hpp), with the catalog's profile rule
// (policy::catalog_key_less) and the built-in registry's workloads.
report::CaseOrder canonical_order();

}  // namespace gcm::cli
