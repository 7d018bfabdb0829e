// baseline.hpp — matrix/baseline.json: the deterministic figures of every
// profile × workload with their tolerances, and a run compared against them.
// Main entries: baseline_from_run(), read_baseline(), compare_to_baseline(),
// write_baseline().
//
// Format, schema "gcmatrix.baseline/1" (strict: unknown keys are errors):
//
//   { "schema": "gcmatrix.baseline/1",
//     "gcmatrix_version": "0.1.0",                  // informational
//     "tolerance_percent": {"bytes": 5, "ns": 5},   // defaults by unit
//     "cases": [
//       { "profile": "go1.22", "workload": "goroutine-leak", "seed": 1,
//         "params": {"goroutines": "1000"},
//         "figures": [                                // one per line
//           {"name":"leaked_goroutines","value":1000,"unit":"count"},
//           {"name":"retained_bytes_at_exit","value":1048576000,"unit":"bytes","tolerance_percent":10},
//           {"name":"case.event_count","value":4012,"unit":"count"},
//           {"name":"case.virtual_duration_ns","value":8123000,"unit":"ns"},
//           {"name":"test:TestLeak:duration_ns","value":4000000,"unit":"ns"} ],
//         "tests": [{"name":"TestLeak","status":"passed"}] } ] }
//
// Figures: the workload's metrics, then the case's event count and virtual
// duration, then each emulated test's virtual duration. "tests" keeps the
// emulated tests' order and status. Host figures are never recorded: they
// never gate.
//
// Tolerance of a figure: its own tolerance_percent / tolerance_abs when the
// file gives one, else tolerance_percent[unit] (default bytes and ns: 5 %),
// else exact. Counts, bools, orders and statuses are exact. A figure is
// within tolerance when |new − old| <= max(tolerance_abs, |old| × percent / 100).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "report/run_result.hpp"

namespace gcm::report {

inline constexpr std::string_view kBaselineSchema = "gcmatrix.baseline/1";

// Unreadable or malformed baseline: "<file>: <json path>: message" (exit 2).
struct BaselineError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Tolerance {
  double percent = 0;          // of the baseline value
  std::int64_t absolute = 0;   // in the figure's unit

  bool operator==(const Tolerance&) const = default;
};

struct BaselineFigure {
  std::string name;                     // metric name, "case.event_count", "test:<name>:duration_ns"
  std::int64_t value = 0;
  std::string unit;                     // "count", "bytes", "ns", "bool", …
  std::optional<Tolerance> tolerance;   // set by hand in the file; overrides the unit default

  bool operator==(const BaselineFigure&) const = default;
};

struct BaselineTest {
  std::string name;    // emulated test, "TestX/sub"
  std::string status;  // status_name
  bool operator==(const BaselineTest&) const = default;
};

struct BaselineCase {
  std::string profile;
  std::string workload;
  std::uint64_t seed = 1;
  std::map<std::string, std::string> params;  // effective parameters of the run
  std::vector<BaselineFigure> figures;
  std::vector<BaselineTest> tests;            // in run order

  bool operator==(const BaselineCase&) const = default;
};

struct Baseline {
  std::string gcmatrix_version;
  std::map<std::string, double> tolerance_percent;  // by unit; a unit not listed is exact
  std::vector<BaselineCase> cases;                  // sorted by (profile, workload, seed)

  const BaselineCase* find(std::string_view profile, std::string_view workload, std::uint64_t seed) const noexcept;
  Tolerance tolerance_of(const BaselineFigure& f) const;
  bool operator==(const Baseline&) const = default;
};

// bytes and ns: ±5 %.
std::map<std::string, double> default_tolerance_percent();

Baseline baseline_from_run(const RunResult& run);
std::string render_baseline(const Baseline& baseline);
Baseline parse_baseline(std::string_view text, std::string_view source_name);  // throws BaselineError
Baseline read_baseline(const std::filesystem::path& path);                     // throws BaselineError

// --write-baseline: `run` over the file at `path` (absent = empty): its
// (profile, workload, seed) cases are replaced, others kept, and hand-set
// tolerances (file defaults and per figure) survive. An unparseable file is
// a BaselineError and is left alone. Written atomically.
void write_baseline(const std::filesystem::path& path, const RunResult& run);

// One figure that moved, appeared or vanished.
struct Difference {
  std::string profile, workload;
  std::uint64_t seed = 1;
  std::string figure;       // metric name, "params", "(case)", "test:<name>:status", "(test order)"
  std::string unit;         // empty for non-numeric figures
  std::string old_text;     // "310", "absent"
  std::string new_text;
  std::string change_text;  // "+10 (+3.23 %)", "" when not numeric
  std::string tolerance_text;  // "exact", "±5 %", "±5 % or ±100"
  bool beyond = false;      // exceeds its tolerance: a regression that gates
  std::string source_file;  // the workload's source, for annotations
  int source_line = 0;
};

struct Comparison {
  std::vector<Difference> differences;  // run order; within a case: figures, then tests
  std::size_t figures_compared = 0;
  std::size_t baseline_cases_not_run = 0;  // (profile, workload, seed) of the baseline not in the run
  std::vector<std::string> notes;          // informational lines (a version change)

  std::size_t beyond_count() const noexcept;
};

Comparison compare_to_baseline(const Baseline& baseline, const RunResult& run);

}  // namespace gcm::report
