// run_result_test.cpp — judging outcomes against expectations; the run digest.
#define BOOST_TEST_MODULE report.run_result
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "report/run_result.hpp"
#include "sample_run.hpp"

using namespace gcm::report;

BOOST_AUTO_TEST_CASE(judge_covers_every_combination) {
  BOOST_TEST(judge("c", true, Expected::pass).as_expected);
  BOOST_TEST(judge("c", false, Expected::fail).as_expected);  // an expected failure is fine
  BOOST_TEST(!judge("c", true, Expected::fail).as_expected);
  BOOST_TEST(!judge("c", false, Expected::pass).as_expected);
  // A missing expectation is never silently passed, whatever the outcome.
  BOOST_TEST(!judge("c", true, Expected::missing).as_expected);
  BOOST_TEST(!judge("c", false, Expected::missing).as_expected);
  BOOST_TEST(to_string(judge("c", true, Expected::fail).deviation()) == "unexpected-pass");
  BOOST_TEST(to_string(judge("c", false, Expected::pass).deviation()) == "unexpected-fail");
  BOOST_TEST(to_string(judge("c", true, Expected::missing).deviation()) == "no-expectation");
}

BOOST_AUTO_TEST_CASE(expected_names_round_trip) {
  for (Expected e : {Expected::pass, Expected::fail, Expected::missing})
    BOOST_TEST((parse_expected(to_string(e)) == e));
  BOOST_TEST(!parse_expected("Pass").has_value());
}

BOOST_AUTO_TEST_CASE(case_as_expected_needs_every_check) {
  RunResult run = sample::sample_run();
  BOOST_TEST(run.cases[0].as_expected());   // go1.20 cleanup-capture: FAIL expected + pass
  BOOST_TEST(!run.cases[1].as_expected());  // go1.20 timeout-cascade: unexpected fail
  BOOST_TEST(!run.cases[2].as_expected());  // observed cleanup-capture
  BOOST_TEST(run.cases[3].as_expected());
  BOOST_TEST(run.unexpected_count() == 3u);
  for (const CaseResult& c : run.cases) BOOST_TEST(c.check().empty());
  run.cases[0].outcomes.pop_back();  // an unjudged check
  BOOST_TEST(!run.cases[0].as_expected());
  BOOST_TEST(run.cases[0].check().size() == 1u);
}

BOOST_AUTO_TEST_CASE(digest_ignores_case_order_but_not_content) {
  RunResult run = sample::sample_run();
  const std::uint64_t d = digest_of_cases(run.cases);
  std::reverse(run.cases.begin(), run.cases.end());
  BOOST_TEST(digest_of_cases(run.cases) == d);
  run.cases[0].obs.events_digest ^= 1;
  BOOST_TEST(digest_of_cases(run.cases) != d);
}

BOOST_AUTO_TEST_CASE(go_minor_parses_only_one_dot_minor) {
  BOOST_TEST(go_minor_of("1.22").value() == 22);
  BOOST_TEST(!go_minor_of("1.22.3").has_value());
  BOOST_TEST(!go_minor_of("2.0x").has_value());
  BOOST_TEST(!go_minor_of("1.").has_value());
}
