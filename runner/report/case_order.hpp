// case_order.hpp — the one order of a run's profiles, workloads and cases,
// as a single gcmatrix run of a whole matrix writes them; the merge of matrix
// legs restores it from what the legs recorded. Main entries: CaseOrder,
// sort_canonically().
//
// The order:
//   profiles   catalog order (policy::catalog_key_less: documented first,
//              then by Go version, then name), handed in by the CLI because
//              report/ knows no policy/: one rule for the catalog and merge;
//   workloads  the order every leg lists them in (the run's: registry order,
//              built-ins then scenarios as loaded, or -w as given); where legs
//              leave it open, registry order, then name;
//   cases      profile-major, then workload, then seed ascending (plan.cpp
//              sorts a matrix file's seeds when it reads them).
// Every tie is broken by a value, never by input position, so legs merged in
// any order give the same bytes.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "report/run_result.hpp"

namespace gcm::report {

struct CaseOrder {
  // Catalog order of two profiles (required).
  std::function<bool(const ProfileInfo&, const ProfileInfo&)> profile_less;
  // The built-in workloads in registry order (workloads::registry()).
  std::vector<std::string> registry_workloads;
};

// One list of the workloads in `lists` (each leg's "workloads"): every
// workload once, each list's order kept where the lists agree (a topological
// order of "a listed before b"), ties and disagreements decided by registry
// rank, then name. Independent of the order of `lists`.
std::vector<std::string> merged_workload_order(const std::vector<std::vector<std::string>>& lists,
                                               const std::vector<std::string>& registry_workloads);

// Sorts run.profiles by order.profile_less and run.cases profile-major
// (run.profiles order), then by workload (run.workloads order; unlisted ones
// after, by name), then by seed. run.workloads is left as given.
void sort_canonically(RunResult& run, const CaseOrder& order);

}  // namespace gcm::report
