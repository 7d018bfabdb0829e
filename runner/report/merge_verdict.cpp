// merge_verdict.cpp — see merge_verdict.hpp.
#include "report/merge_verdict.hpp"

#include <sstream>

#include "report/sweep.hpp"
#include "report/table_markdown.hpp"
#include "runtime/events.hpp"

namespace gcm::report {

std::vector<Unexpected> unexpected_outcomes(const RunResult& run) {
  std::vector<Unexpected> out;
  for (const CaseResult& c : run.cases)
    for (std::size_t i = 0; i < c.outcomes.size(); ++i)
      if (!c.outcomes[i].as_expected) out.push_back({&c, i});
  return out;
}

std::string case_label(const RunResult& run, const std::string& profile, const std::string& workload, std::uint64_t seed) {
  return profile + "/" + workload + (seed != run.seed ? " (seed " + std::to_string(seed) + ")" : "");
}

std::string outcome_text(const CheckOutcome& o) {
  return std::string(to_string(o.deviation())) + ": " + (o.passed ? "passed" : "failed") + ", expected " + to_string(o.expected);
}

std::string outcome_text(const CaseResult& c, std::size_t i) {
  const CheckOutcome& o = c.outcomes[i];
  const CheckTally* tally = c.sweep ? c.sweep->find(o.check) : nullptr;
  if (tally == nullptr) return outcome_text(o);
  if (flaky_tally(c, o) != nullptr)  // whichever the first seed
    return "flaky: expected " + std::string(to_string(o.expected)) + " in every schedule; " + rate_sentence(*tally);
  return outcome_text(o) + " (first seed); over seeds: " + rate_sentence(*tally);
}

std::string difference_line(const RunResult& run, const Difference& d) {
  std::string s = (d.beyond ? "REGRESSION " : "within tolerance ") + case_label(run, d.profile, d.workload, d.seed) + " " + d.figure + ": " +
                  d.old_text + " -> " + d.new_text + (d.unit.empty() ? "" : " " + d.unit);
  if (!d.change_text.empty()) s += ", " + d.change_text;
  return s + " (tolerance " + d.tolerance_text + ")";
}

std::vector<JunitProblem> junit_problems(const Verdict& v) {
  std::vector<JunitProblem> out;
  for (const std::string& m : v.missing) out.push_back({true, "missing-leg", m, m});
  if (v.comparison)
    for (const Difference& d : v.comparison->differences)
      if (d.beyond)
        out.push_back({false, "regression", case_label(v.run, d.profile, d.workload, d.seed) + " " + d.figure, difference_line(v.run, d)});
  return out;
}

namespace {

std::string md(std::string_view s) { return markdown_escape(s); }

std::string markdown_head(const Verdict& v) {
  std::ostringstream os;
  os << "## gcmatrix merge: " << (v.failed() ? "FAILED" : "passed") << "\n\n"
     << v.legs << " leg(s) merged: " << v.run.profiles.size() << " profile(s), " << v.run.cases.size() << " case(s), events digest `"
     << rt::hex64(v.run.digest_of_all_events) << "`; " << v.unexpected.size() << " unexpected outcome(s); " << v.missing.size()
     << " missing";
  if (v.comparison)
    os << "; baseline `" << md(v.baseline_path) << "`: " << v.comparison->beyond_count() << " regression(s) beyond tolerance, "
       << v.comparison->differences.size() - v.comparison->beyond_count() << " change(s) within tolerance, "
       << v.comparison->figures_compared << " figure(s) compared";
  os << ".\n\n";
  if (!v.missing.empty()) {
    os << "### Missing legs\n\n";
    for (const std::string& m : v.missing) os << "- " << md(m) << "\n";
    os << "\n";
  }
  return os.str();
}

std::string markdown_regressions(const Verdict& v) {
  if (!v.comparison) return "";
  std::ostringstream os;
  os << "### Against the baseline\n\n";
  if (v.comparison->differences.empty()) {
    os << "No figure moved (" << v.comparison->figures_compared << " compared).\n\n";
  } else {
    os << "| case | figure | old | new | change | tolerance | verdict |\n| --- | --- | --- | --- | --- | --- | --- |\n";
    for (const Difference& d : v.comparison->differences)
      os << "| " << md(case_label(v.run, d.profile, d.workload, d.seed)) << " | " << md(d.figure) << (d.unit.empty() ? "" : " (" + md(d.unit) + ")")
         << " | " << md(d.old_text) << " | " << md(d.new_text) << " | " << md(d.change_text) << " | " << md(d.tolerance_text) << " | "
         << (d.beyond ? "**regression**" : "within tolerance") << " |\n";
    os << "\n";
  }
  for (const std::string& n : v.comparison->notes) os << "Note: " << md(n) << ".\n\n";
  return os.str();
}

std::string markdown_unexpected(const Verdict& v) {
  if (v.unexpected.empty()) return "";
  std::ostringstream os;
  os << "### Unexpected outcomes\n\n| case | check | outcome | message |\n| --- | --- | --- | --- |\n";
  for (const Unexpected& u : v.unexpected) {
    const workloads::Observation& obs = u.c->obs;
    os << "| " << md(case_label(v.run, obs.profile, obs.workload, obs.seed)) << " | " << md(u.c->outcomes[u.check].check) << " | "
       << md(outcome_text(*u.c, u.check)) << " | " << md(u.check < obs.checks.size() ? obs.checks[u.check].message : "") << " |\n";
  }
  os << "\n";
  return os.str();
}

// Whole lines up to `bytes_max`, then a note; GitHub refuses a larger summary.
std::string cap_markdown(const std::string& text, std::size_t bytes_max) {
  if (text.size() <= bytes_max) return text;
  const std::string note =
      "\n\n> **Truncated**: GitHub caps a step summary at 1 MiB; the complete table is in the merged results "
      "(results.json, table.md) of this run.\n";
  std::size_t keep = bytes_max - note.size();
  const std::size_t newline = text.rfind('\n', keep == 0 ? 0 : keep - 1);
  keep = newline == std::string::npos ? 0 : newline;
  return text.substr(0, keep) + note;
}

}  // namespace

std::string render_markdown(const Verdict& v, const Table& table, std::size_t bytes_max) {
  return cap_markdown(markdown_head(v) + markdown_regressions(v) + markdown_unexpected(v) + render_table_markdown(table), bytes_max);
}

}  // namespace gcm::report
