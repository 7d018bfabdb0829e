// merge.hpp — `gcmatrix merge`: combines the results.json of matrix legs into
// one run, one comparison table and one JUnit file; checks the merged run
// against a baseline; reports missing legs; prints GitHub annotations.
// Main entry: merge_main(); the merge itself is report/merge_legs.hpp,
// its verdict and Markdown report/merge_verdict.hpp.
//
// Exit codes: 0 all as expected; 1 a regression beyond tolerance, an
// unexpected outcome or a missing leg; 2 usage or configuration (unreadable
// file, mixed schema versions, duplicate legs, malformed baseline, an output
// path that cannot be written, an --out folder in use); 3 internal.
//
// --out DIR is owned as a run owns it (report/out_dir.hpp): locked, its
// previous run's or merge's files removed, a manifest naming the merge's.
// Every output path is checked before any input is read: a bad output path
// is reported before an unreadable leg.
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

// argv[0] == "merge"; `command`, the whole command line, is recorded in the
// --out folder's manifest (report/out_dir.hpp).
int merge_main(int argc, char** argv, const std::string& command);

// The order a single run writes its profiles, workloads and cases in
// (report/case_order.hpp), with the catalog's profile rule
// (policy::catalog_key_less) and the built-in registry's workloads.
report::CaseOrder canonical_order();

}  // namespace gcm::cli
