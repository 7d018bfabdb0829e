// workload.hpp — a scenario of the article, runnable under any profile.
// Main entries: Workload, RunInput, registry(), find_workload().
//
// A workload builds emulated tests through gotest/, runs them as one package
// in a fresh runtime configured from the profile, and returns an Observation.
// Its checks express test hygiene, so the article's anti-patterns fail under
// the profiles where they leak and its remedies pass everywhere.
#pragma once

#include <cstdint>
#include <map>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "policy/profile.hpp"
#include "workloads/observation.hpp"
#include "workloads/params.hpp"

namespace gcm::workloads {

struct RunInput {
  const policy::Profile& profile;
  const Params& params;
  std::uint64_t seed;
  bool retention = true;  // retention snapshots (Runtime::Options::retention_snapshots)
};

struct Workload {
  std::string name;                 // "cleanup-capture"
  std::string section;              // the article's section, "2.5"
  std::vector<std::string> claims;  // claim IDs it exercises
  std::string summary;              // one line for --list-workloads
  std::vector<ParamSpec> params;
  Observation (*run)(const RunInput&);
  std::source_location where;       // of its definition, for JUnit file/line and annotations
};

// All workloads, in the article's order.
const std::vector<Workload>& registry();
const Workload* find_workload(std::string_view name);
std::vector<std::string> workload_names();

// A path relative to the repository root ("runner/workloads/x.cpp").
std::string repo_relative(const char* file);

}  // namespace gcm::workloads
