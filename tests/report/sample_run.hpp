// sample_run.hpp — hand-built Observations and RunResults for the report
// tests and the report_junit_sample helper. No workload or runtime runs:
// every figure is written here, so tests can state exact expected output.
#pragma once

#include <ostream>
#include <string>

#include "report/expectations.hpp"
#include "report/run_result.hpp"

namespace gcm::report {
// Boost.Test prints values of failed comparisons.
inline std::ostream& operator<<(std::ostream& os, Expected e) { return os << to_string(e); }
}  // namespace gcm::report

namespace gcm::report::sample {

ProfileInfo documented(const std::string& go);  // "go<go>", family documented
ProfileInfo observed(const std::string& go);    // "go<go>-observed", family observed

// matrix/expectations.yaml of the sample run (see sample_run.cpp for the table).
inline constexpr const char* kExpectationsYaml = R"(profiles:
  go1.20:
    cleanup-capture:
      no-live-nodes-after-test: fail
      finalizer-not-during-test: pass
    timeout-cascade:
      no-timeout: pass
  go1.20-observed:
    cleanup-capture:
      no-live-nodes-after-test: fail
    timeout-cascade:
      no-timeout: pass
)";

// Two profiles (go1.20, go1.20-observed) × two workloads (cleanup-capture,
// timeout-cascade), judged against kExpectationsYaml:
//   go1.20          cleanup-capture  no-live-nodes-after-test  FAIL, expected fail (ok)
//                                    finalizer-not-during-test pass, expected pass (ok)
//                   timeout-cascade  no-timeout                FAIL, expected pass -> unexpected-fail
//                                    tests: TestA passed, TestB timed_out,
//                                           TestC not_run, TestD skipped
//   go1.20-observed cleanup-capture  no-live-nodes-after-test  pass, expected fail -> unexpected-pass
//                                    finalizer-not-during-test FAIL, nothing recorded -> no-expectation
//                                      (its message holds XML specials, a
//                                      control byte, invalid UTF-8, 2 lines)
//                   timeout-cascade  no-timeout                pass, expected pass (ok)
//                                    tests: TestA, TestB, TestC passed
// cleanup-capture runs TestCapture (passed) under both profiles.
// JUnit counts: go1.20 tests=8 failures=1 skipped=2; go1.20-observed tests=7
// failures=2 skipped=0; all tests=15 failures=3 skipped=2.
// host_wall_ns: 79000 per case (so a naive printf("%g") would show 7.9e-05).
RunResult sample_run();

// The JUnit options the tests fix so output is byte-stable.
inline constexpr const char* kTimestamp = "2024-05-01T12:00:00Z";
inline constexpr const char* kHostname = "ci-runner-1";

}  // namespace gcm::report::sample
