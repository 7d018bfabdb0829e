// merge_verdict.hpp — what a merged run means for CI: missing legs,
// unexpected outcomes, the baseline comparison, and the Markdown step
// summary that says so. Main entries: Verdict, unexpected_outcomes(),
// render_markdown(), difference_line().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/baseline.hpp"
#include "report/comparison_table.hpp"
#include "report/junit_writer.hpp"
#include "report/run_result.hpp"

namespace gcm::report {

struct Unexpected {
  const CaseResult* c;
  std::size_t check;  // index into outcomes / obs.checks
};

std::vector<Unexpected> unexpected_outcomes(const RunResult& run);

struct Verdict {
  const RunResult& run;
  std::size_t legs = 0;
  std::vector<std::string> missing;
  std::vector<Unexpected> unexpected;
  std::optional<Comparison> comparison;
  std::string baseline_path;

  bool failed() const { return !missing.empty() || !unexpected.empty() || (comparison && comparison->beyond_count() != 0); }
};

// "go1.22/goroutine-leak", with " (seed N)" when N is not the run's seed.
std::string case_label(const RunResult& run, const std::string& profile, const std::string& workload, std::uint64_t seed);
// "unexpected-fail: failed, expected pass".
std::string outcome_text(const CheckOutcome& o);
// The same for check `i` of case `c`; under --seeds with the tally over every
// seed: "flaky: expected pass in every schedule; fails in 1 of 40 schedules
// (2.5 %)" when the first seed was as expected and some other seed not.
std::string outcome_text(const CaseResult& c, std::size_t i);
// One line per baseline difference: REGRESSION / within tolerance, figures, tolerance.
std::string difference_line(const RunResult& run, const Difference& d);

// The merged junit.xml's gcmatrix.merge suite: each missing leg (an error)
// and each regression beyond tolerance (a failure), in the verdict's order.
// Unexpected outcomes are already failures of their own checks' testcases.
std::vector<JunitProblem> junit_problems(const Verdict& v);
// The step summary: verdict, missing legs, regressions, unexpected outcomes,
// the table; whole lines up to bytes_max (GitHub caps a summary at 1 MiB).
std::string render_markdown(const Verdict& v, const Table& table, std::size_t bytes_max);

}  // namespace gcm::report
