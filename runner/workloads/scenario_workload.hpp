// scenario_workload.hpp — a loaded scenario as a workload: the same Runner
// interface, Harness and Observation as the C++ workloads. Main entry:
// scenario_workload().
#pragma once

#include <memory>

#include "scenario/spec.hpp"
#include "workloads/workload.hpp"

namespace gcm::workloads {

Workload scenario_workload(std::shared_ptr<const scenario::Scenario> scenario);

// The profile a scenario runs under: the given one, with the loop-variable
// semantics of the scenario's go.mod version when it names one (O5). The
// documented family keeps the article's shared variable in every version (A9).
policy::Profile profile_for(const scenario::Scenario& s, const policy::Profile& profile);

// The first step that needs runtime.AddCleanup under a profile modelling a Go
// without it (< 1.24, O9), as "file:line:column: key.path: message"; empty if none.
std::string unsupported_step(const scenario::Scenario& s, const policy::Profile& profile);

// A scenario's static work count (the loader's, scenario/limits.hpp) that
// counts as one built-in case at its defaults in the run's work limit. The
// count bounds the work, not its cost: a unit took from 2.5 ns (shipped
// suite-cleanup-port: 200,200 units, most of them runtime.GC calls on a
// small heap, 20 seeds in under 10 ms of CPU) to about 420 ns (a 200,000-key
// trie marked by 1,000 runtime.GC calls, bounded.corpus's heavy.yaml: 10.2
// million units, 3.7-5.9 s of CPU a seed, median 4.3 s of 5 runs under
// go1.22), against about 3 ms for an average built-in case (the default
// matrix: 121 cases in 0.36 s of CPU). At 100,000 units per case that trie
// scenario counts 102 cases, so 50,000 of its seeds (about 60 CPU-hours,
// accepted when every scenario counted 1) are refused, and 1,000 seeds of
// every shipped scenario (the calibration's sweep) stay far inside the limit.
inline constexpr std::int64_t kScenarioWorkPerCase = 100'000;
// One case of `s` in default-case equivalents: at least 1.
double scenario_work_units(const scenario::Scenario& s);

}  // namespace gcm::workloads
