// boost_suite.hpp — one Boost.Test suite per profile, one case per workload,
// registered at start-up; a test observer that tells which cases really ran.
// Main entries: register_plan(), RunCollector.
//
// Boost.Test stays in charge of selection and execution, so its own command
// line (--run_test=go1.22/*, --list_content, --log_level, …) keeps working.
#pragma once

#include <boost/test/tree/observer.hpp>

#include <functional>
#include <string>
#include <vector>

#include "cli/plan.hpp"
#include "report/run_result.hpp"

namespace gcm::cli {

struct RunCollector : boost::unit_test::test_observer {
  std::vector<report::CaseResult> cases;  // in the order they ran
  std::size_t exceptions = 0;             // internal errors inside a case
  std::size_t started = 0;
  bool signal_handlers_chosen = false;  // fatal_signal.hpp's, at the first unit's start
  std::function<void()> after_case;       // e.g. rewrite the JUnit file (nothing lost on a crash)
  // What ended a case early (a C++ exception; crash signals end the process
  // instead, fatal_signal.hpp):
  // named on stderr so an exit 3 never sits under a "0 unexpected" summary
  // unexplained.
  std::vector<std::string> aborted_cases;  // Boost.Test full names, in order
  std::string first_exception;

  void test_unit_start(boost::unit_test::test_unit const& tu) override;
  void test_unit_finish(boost::unit_test::test_unit const& tu, unsigned long elapsed) override;
  void exception_caught(boost::execution_exception const& e) override;
  void test_unit_aborted(boost::unit_test::test_unit const& tu) override;
};

// Registers the plan's suites under Boost.Test's master suite ("gcmatrix").
// `plan` and `collector` must outlive the Boost.Test run.
void register_plan(const Plan& plan, RunCollector& collector);

}  // namespace gcm::cli
