// workload.hpp — a scenario of the article, runnable under any profile.
// Main entries: Workload, RunInput, Registry, registry(), find_workload().
//
// A workload builds emulated tests through gotest/, runs them as one package
// in a fresh runtime configured from the profile, and returns an Observation.
// Its checks express test hygiene, so the article's anti-patterns fail under
// the profiles where they leak and its remedies pass everywhere.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
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

// A path relative to the repository root ("runner/workloads/x.cpp").
std::string repo_relative(const char* file);

// Where a workload is defined: a C++ function (its source location) or a
// scenario file (the path as given, line 1 or the line of its name).
struct SourceRef {
  std::string file;   // what Boost.Test registers: __FILE__ or the scenario path
  std::string shown;  // what reports print: repo-relative for C++, the path as given for a scenario
  int line = 0;

  SourceRef() = default;
  SourceRef(std::source_location at)  // NOLINT: implicit, so built-ins write source_location::current()
      : file(at.file_name()), shown(repo_relative(at.file_name())), line(static_cast<int>(at.line())) {}
  SourceRef(std::string path, int at_line) : file(path), shown(std::move(path)), line(at_line) {}
};

// How a workload runs: a C++ function, or a loaded scenario's interpreter.
using Runner = std::function<Observation(const RunInput&)>;

struct Workload {
  std::string name;                 // "cleanup-capture"
  std::string section;              // the article's section, "2.5"; "scenario" for a loaded one
  std::vector<std::string> claims;  // claim IDs it exercises
  std::string summary;              // one line for --list-workloads
  std::vector<ParamSpec> params;
  Runner run;
  SourceRef where;                  // of its definition, for JUnit file/line and annotations
  // Empty, or why it cannot run under a profile (a scenario step the modelled
  // Go lacks), as a located one-line error; the plan refuses such a case.
  std::function<std::string(const policy::Profile&)> unsupported = {};
  // One case's estimated cost at its default parameters, in default-case
  // equivalents (the run's work limit, cli/plan.cpp): 1 for a built-in, a
  // loaded scenario's from its static work count (scenario_workload.cpp).
  double work_units = 1;
};

// The built-in workloads, in the article's order.
const std::vector<Workload>& registry();
const Workload* find_workload(std::string_view name);
std::vector<std::string> workload_names();

// What a run can select from: the built-ins, then loaded scenarios in the
// order added. A value: a plan owns one; addresses are stable (a deque).
class Registry {
 public:
  static Registry builtins();

  // Throws std::invalid_argument when the name is already taken.
  void add(Workload w);
  const Workload* find(std::string_view name) const noexcept;
  std::vector<std::string> names() const;
  const std::deque<Workload>& all() const noexcept { return all_; }

 private:
  std::deque<Workload> all_;
};

}  // namespace gcm::workloads
