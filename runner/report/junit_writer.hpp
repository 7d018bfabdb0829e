// junit_writer.hpp — dashboard-grade JUnit XML, written by gcmatrix itself.
// Main entries: render_junit(), write_junit().
//
// Why not Boost.Test's JUNIT logger (1.74): it leaves skipped tests out of
// `tests`, has no per-case properties, writes `time="7.9e-05"`, and leaves a
// 0-byte file when the process crashes. Layout:
//
//   <testsuites name="gcmatrix" tests failures errors skipped time>
//     <testsuite name="<profile>" tests failures errors skipped time timestamp hostname>
//       <properties> family, go, seed, description, gcmatrix_version
//       <testcase classname="<profile>.<workload>" name="<check>" file line time>
//         <properties> profile, workload, seed, claims, expected, passed, message,
//                      param.<k>, metric.<name>, host.<name>
//         <failure type="unexpected-pass|unexpected-fail|no-expectation"> when
//                  the check is not as expected (an expected failure passes)
//       <testcase classname="<profile>.<workload>.tests" name="<emulated test>">
//         informational; <skipped> when the test was skipped or not run
//       <system-out> each workload's summary, event count and digest
//
// Counts: tests = every testcase, skipped included; failures = checks not as
// expected; errors = 0 (a crashed workload never reaches the report).
// Times are host seconds, "%.6f": a check's time is its workload's host wall
// time (host metric kHostWallMetric) shared evenly among the workload's
// checks, so testcase times add up to the suite time; emulated tests take 0
// (their virtual duration is the property virtual_duration_ns).
// With fixed timestamp, hostname and host metrics the output is byte-stable.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "report/run_result.hpp"

namespace gcm::report {

// The host metric that carries a workload run's wall time.
inline constexpr std::string_view kHostWallMetric = "host_wall_ns";

struct JunitOptions {
  std::string timestamp;  // ISO 8601 start of the run, "2024-05-01T12:00:00Z"
  std::string hostname;   // the machine that ran it
};

std::string render_junit(const RunResult& run, const JunitOptions& options);

// render_junit, written atomically: a crash leaves the previous file or none.
void write_junit(const std::filesystem::path& path, const RunResult& run,
                 const JunitOptions& options);

}  // namespace gcm::report
