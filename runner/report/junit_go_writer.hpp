// junit_go_writer.hpp — the emulated Go tests as `go test` would have
// reported them, in the JUnit dialect of gotestsum (`gotestsum --junitfile`).
// Main entry: render_junit_go().
//
// junit.xml is the gate: its testcases are the checks, and an emulated test
// that timed out is informational there. Dashboards that want to see what the
// emulated package did read this file instead:
//
//   <testsuites tests failures errors skipped time>
//     <testsuite name="<profile>/<workload>" tests failures errors="0" skipped time timestamp hostname>
//       <properties> go.version (the profile's Go), gcmatrix.family, gcmatrix.seed
//       <testcase classname="<profile>/<workload>" name="TestX[/sub]" time="<virtual seconds>">
//         <failure message="Failed|timed out|panic" type="">   failed, timed_out, panicked
//         <skipped message="…"/>                               skipped, not_run
//
// One suite per profile × workload, as gotestsum has one per package. A test
// the binary never reached (not_run) is absent from gotestsum's output; here
// it is a skipped testcase "not run: …", so it is counted. Times are virtual
// (the emulated clock), so the file is byte-identical between runs for a fixed
// timestamp and hostname.
#pragma once

#include <filesystem>
#include <string>

#include "report/junit_writer.hpp"
#include "report/run_result.hpp"

namespace gcm::report {

std::string render_junit_go(const RunResult& run, const JunitOptions& options);

}  // namespace gcm::report
