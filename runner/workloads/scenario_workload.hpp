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

}  // namespace gcm::workloads
