// boost_suite.cpp — registration of profile suites and workload cases.
#include "cli/boost_suite.hpp"

#include <boost/test/execution_monitor.hpp>
#include <boost/test/framework.hpp>
#include <boost/test/tree/test_unit.hpp>
#include <boost/test/unit_test.hpp>
#include <boost/test/unit_test_parameters.hpp>

#include <algorithm>
#include <memory>

#include "cli/fatal_signal.hpp"
#include "report/sweep.hpp"

namespace gcm::cli {

namespace ut = boost::unit_test;

void RunCollector::test_unit_start(ut::test_unit const& tu) {
  // The first unit to start is the master suite: Boost.Test has read its
  // options (command line, BOOST_TEST_* variables), and unlike init or
  // test_start this callback runs outside its execution monitor, whose own
  // handlers would be taken for someone else's (fatal_signal.hpp).
  if (!signal_handlers_chosen) {
    signal_handlers_chosen = true;
    namespace rc = ut::runtime_config;
    if (rc::get<bool>(rc::btrt_catch_sys_errors) && !rc::get<bool>(rc::btrt_auto_start_dbg)) install_fatal_signal_handlers();
  }
  if (tu.p_type != ut::TUT_CASE) return;
  ++started;
  fatal_signal_case_started(tu.full_name());
}

void RunCollector::test_unit_finish(ut::test_unit const& tu, unsigned long /*elapsed*/) {
  if (tu.p_type == ut::TUT_CASE) fatal_signal_case_finished();
}

namespace {

// One seed of a case: run the workload and judge its checks against the
// expectations.
report::CaseResult judged_run(const Plan& plan, const PlannedCase& c, std::uint64_t seed, bool retention) {
  workloads::Observation obs = c.workload->run(workloads::RunInput{*c.profile, c.params, seed, retention});
  // Expectations are recorded for the default parameters; other values are report-only.
  bool default_params = true;
  for (const workloads::ParamSpec& spec : c.workload->params)
    default_params = default_params && c.params.values().count(spec.name) != 0 && c.params.get(spec.name) == spec.default_value;
  // A shipped profile's built-in workload is what an expectations file is for:
  // left out of it, the case is not as expected (report::apply).
  const bool must_be_recorded = c.profile->origin == policy::ProfileOrigin::shipped && c.workload->section != "scenario";
  return report::apply(plan.expectations, std::move(obs), profile_info(*c.profile), default_params, must_be_recorded);
}

// Lets Boost.Test see each unexpected outcome as a failed assertion, at the
// workload's own source (file and line of its definition or of a scenario's
// check, as JUnit's file/line), not at this file: that is where a reader looks.
void report_outcomes(const PlannedCase& c, const report::CaseResult& result, const report::Sweep* sweep) {
  const std::string file = result.obs.source_file.empty() ? std::string("gcmatrix") : result.obs.source_file;
  for (std::size_t i = 0; i < result.outcomes.size(); ++i) {
    const report::CheckOutcome& o = result.outcomes[i];
    const int at = result.obs.checks[i].source_line != 0 ? result.obs.checks[i].source_line : result.obs.source_line;
    const std::size_t line = static_cast<std::size_t>(std::max(at, 0));
    std::string over_seeds;
    if (const report::CheckTally* tally = sweep != nullptr ? sweep->find(o.check) : nullptr)
      over_seeds = "; over seeds: " + report::rate_sentence(*tally);
    namespace tt = boost::test_tools::tt_detail;
    tt::report_assertion(boost::test_tools::assertion_result(o.as_expected),
                         BOOST_TEST_LAZY_MSG(c.profile->name << "/" << c.case_name << ": check " << o.check << " "
                                                             << (o.passed ? "passed" : "failed") << ", expected "
                                                             << report::to_string(o.expected) << " — "
                                                             << result.obs.checks[i].message << over_seeds),
                         file, line, tt::CHECK, tt::CHECK_MSG, 0);
  }
}

// --seeds A..B: every seed judged, aggregated into outcome distributions.
// The first seed's case is kept whole (events, retention) for traces and
// report.html; the others keep only what the sweep counts. A check is as
// expected only when it was as expected under every seed.
report::CaseResult run_sweep(const Plan& plan, const PlannedCase& c) {
  auto sweep = std::make_shared<report::Sweep>();
  report::CaseResult first = judged_run(plan, c, c.seed, plan.retention);
  sweep->add(first);
  for (std::uint64_t seed = c.seed + 1; seed <= c.seed_last && seed > c.seed; ++seed) {
    report::CaseResult more = judged_run(plan, c, seed, false);
    more.obs.events.reset();  // counted; not kept
    sweep->add(more);
  }
  first.sweep = sweep;
  report::apply_sweep_verdict(first);
  report_outcomes(c, first, sweep.get());
  return first;
}

void run_case(const Plan& plan, const PlannedCase& c, RunCollector& collector) {
  report::CaseResult result;
  if (c.sweep) {
    result = run_sweep(plan, c);
  } else {
    result = judged_run(plan, c, c.seed, plan.retention);
    report_outcomes(c, result, nullptr);
  }
  collector.cases.push_back(std::move(result));
  if (collector.after_case) collector.after_case();
}
}  // namespace

void RunCollector::exception_caught(boost::execution_exception const& e) {
  ++exceptions;
  if (first_exception.empty()) first_exception.assign(e.what().begin(), e.what().end());
}

void RunCollector::test_unit_aborted(boost::unit_test::test_unit const& tu) {
  ++exceptions;
  if (tu.p_type == ut::TUT_CASE) aborted_cases.push_back(tu.full_name());
}

void register_plan(const Plan& plan, RunCollector& collector) {
  ut::framework::master_test_suite().p_name.value = "gcmatrix";
  for (const policy::Profile& p : plan.profiles) {
    const bool any = std::any_of(plan.cases.begin(), plan.cases.end(), [&](const PlannedCase& c) { return c.profile == &p; });
    if (!any) continue;  // another shard's profile
    ut::test_suite* suite = BOOST_TEST_SUITE(p.name);
    for (const PlannedCase& c : plan.cases) {
      if (c.profile != &p) continue;
      suite->add(ut::make_test_case([&plan, &c, &collector] { run_case(plan, c, collector); }, c.case_name,
                                    c.workload->where.file, c.workload->where.line));
    }
    ut::framework::master_test_suite().add(suite);
  }
  ut::framework::register_observer(collector);
}

}  // namespace gcm::cli
