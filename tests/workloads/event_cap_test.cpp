// event_cap_test.cpp — a full event log is an error the run reports, never a
// silently truncated result (issue 12): Harness::facts() and finish() call
// require_complete_log(), whose logic_error the runner turns into an
// internal error (exit 3) naming the limit.
#define BOOST_TEST_MODULE workloads event cap
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

#include "workloads/harness.hpp"

using namespace gcm;

BOOST_AUTO_TEST_CASE(a_log_below_its_cap_is_complete) {
  rt::EventLog log(/*events_max=*/2);
  log.emit(0, 0, rt::ev::Mark{}, "m");
  log.emit(0, 0, rt::ev::Mark{}, "m");
  BOOST_CHECK_NO_THROW(workloads::require_complete_log(log));
}

BOOST_AUTO_TEST_CASE(a_full_log_is_an_internal_error_that_names_the_limit) {
  rt::EventLog log(/*events_max=*/2);
  for (int i = 0; i < 5; ++i) log.emit(i, 0, rt::ev::Mark{}, "m");
  try {
    workloads::require_complete_log(log);
    BOOST_FAIL("a full log passed");
  } catch (const std::logic_error& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("event log full") != std::string::npos);
    BOOST_TEST(what.find("3 event(s) dropped") != std::string::npos);
    BOOST_TEST(what.find("limit of 2") != std::string::npos);
  }
}
