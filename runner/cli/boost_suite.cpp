// boost_suite.cpp — registration of profile suites and workload cases.
#include "cli/boost_suite.hpp"

#include <boost/test/framework.hpp>
#include <boost/test/tree/test_unit.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

namespace gcm::cli {

namespace ut = boost::unit_test;

void RunCollector::test_unit_start(ut::test_unit const& tu) {
  if (tu.p_type == ut::TUT_CASE) ++started;
}

namespace {
// One case: run the workload, judge its checks against the expectations, and
// let Boost.Test see each unexpected outcome as a failed assertion.
void run_case(const Plan& plan, const PlannedCase& c, RunCollector& collector) {
  workloads::Observation obs = c.workload->run(workloads::RunInput{*c.profile, c.params, c.seed, plan.retention});
  // Expectations are recorded for the default parameters; other values are report-only.
  bool default_params = true;
  for (const workloads::ParamSpec& spec : c.workload->params)
    default_params = default_params && c.params.values().count(spec.name) != 0 && c.params.get(spec.name) == spec.default_value;
  report::CaseResult result =
      report::apply(plan.expectations, std::move(obs), profile_info(*c.profile), default_params);
  // Reported at the workload's own source (file and line of its definition,
  // as JUnit's file/line), not at this file: that is where a reader looks.
  const std::string file = result.obs.source_file.empty() ? std::string("gcmatrix") : result.obs.source_file;
  for (std::size_t i = 0; i < result.outcomes.size(); ++i) {
    const report::CheckOutcome& o = result.outcomes[i];
    const int at = result.obs.checks[i].source_line != 0 ? result.obs.checks[i].source_line : result.obs.source_line;
    const std::size_t line = static_cast<std::size_t>(std::max(at, 0));
    namespace tt = boost::test_tools::tt_detail;
    tt::report_assertion(boost::test_tools::assertion_result(o.as_expected),
                         BOOST_TEST_LAZY_MSG(c.profile->name << "/" << c.case_name << ": check " << o.check << " "
                                                             << (o.passed ? "passed" : "failed") << ", expected "
                                                             << report::to_string(o.expected) << " — "
                                                             << result.obs.checks[i].message),
                         file, line, tt::CHECK, tt::CHECK_MSG, 0);
  }
  collector.cases.push_back(std::move(result));
  if (collector.after_case) collector.after_case();
}
}  // namespace

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
