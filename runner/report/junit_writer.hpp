// junit_writer.hpp — dashboard-grade JUnit XML, written by gcmatrix itself.
// Main entries: render_junit(), write_junit(), JunitDocument.
//
// Why not Boost.Test's JUNIT logger (1.74): it leaves skipped tests out of
// `tests`, has no per-case properties, writes `time="7.9e-05"`, and leaves a
// 0-byte file when the process crashes. Layout:
//
//   <testsuites name="gcmatrix" tests failures errors skipped time>
//     <testsuite name="<profile>" tests failures errors skipped time timestamp hostname>
//       <properties> family, go, seed, description, gcmatrix_version
//       <testcase classname="<profile>.<workload>" name="<check>[ [expected fail]]" file line time>
//         <properties> profile, workload, seed, claims, expected, passed, message,
//                      param.<k>, metric.<name>, host.<name>
//         <failure type="unexpected-pass|unexpected-fail|no-expectation"> when
//                  the check is not as expected (an expected failure passes)
//         <system-out> the outcome in words ("FAILED, as expected: …")
//       <testcase classname="<profile>.<workload>.tests" name="<emulated test>" time=virtual>
//         informational; <skipped> when the test was skipped or not run;
//         <system-out> its emulated status (junit-go.xml gates on it instead)
//       <system-out> each workload's summary, event count and digest
//
// Counts: tests = every testcase, skipped included; failures = checks not as
// expected; errors = 0 (a crashed workload never reaches the report), but
// for the progress file's one incomplete-run error and, in a merged file,
// the missing legs of its gcmatrix.merge suite (JunitProblem), whose
// regressions count as failures.
// Times are host seconds, "%.6f": a check's time is its workload's host wall
// time (host metric kHostWallMetric) shared evenly among the workload's
// checks, so check testcase times add up to the suite time; an emulated
// test's time is its virtual duration (also the property virtual_duration_ns).
// With fixed timestamp, hostname and host metrics the output is byte-stable.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "report/atomic_write.hpp"
#include "report/run_result.hpp"
#include "report/spill_file.hpp"

namespace gcm::report {

// Appended to the testcase name of a check that failed as expected, so that a
// dashboard showing it green still says what happened.
inline constexpr std::string_view kExpectedFailSuffix = " [expected fail]";

// The host metric that carries a workload run's wall time.
inline constexpr std::string_view kHostWallMetric = "host_wall_ns";

struct JunitOptions {
  std::string timestamp;  // ISO 8601 start of the run, "2024-05-01T12:00:00Z"
  std::string hostname;   // the machine that ran it
};

std::string render_junit(const RunResult& run, const JunitOptions& options);

// A suite's (or the whole document's) counts attributes.
struct JunitCounts {
  std::size_t tests = 0, failures = 0, skipped = 0;
  double wall_ns = 0;
  void add(const JunitCounts& o);
};

// A JUnit document that grows one case at a time, for a run in progress:
// gcmatrix rewrites the file as cases end so that a crash loses at most the
// cases since the last rewrite. Each case is rendered once, when added, so
// the rewrites cost O(cases) rendering, not O(cases²). Its rendered
// testcases go to a SpillFile (spill_file.hpp): given a folder, an unlinked
// temporary file there, so the document holds 16 bytes per case and each
// suite's system-out text, not the rendered XML (95 MB at 10^4 tests × 11
// profiles); without one, memory.
// render() of a document fed run.cases in order == render_junit(run, options),
// which renders straight from the run and shares only the element writers.
// The suite (and testcase classname) of the progress file's error.
inline constexpr std::string_view kInProgressSuite = "gcmatrix.run-in-progress";

class JunitDocument {
 public:
  JunitDocument(const std::vector<ProfileInfo>& profiles, std::uint64_t seed, std::string gcmatrix_version,
                JunitOptions options, const std::filesystem::path& spill_dir = {});
  // Cases of a profile not given to the constructor are not rendered.
  // Throws OutputError when the spill file cannot be written (a full disk).
  void add(const CaseResult& c);
  std::string render() const;
  // The same bytes as render(), handed to `out` in pieces (no whole copy).
  void render_to(const Sink& out) const;
  // The progress file: render_to's document plus one suite kInProgressSuite
  // whose one testcase is an error (type="incomplete-run"), counted in the
  // totals, so a run killed or crashed after this write never reads as
  // green. The final file, render_junit_to's, has no such suite.
  void render_in_progress_to(const Sink& out) const;
  // What the rendered testcases cost in memory (0 when spilled to disk).
  std::uint64_t held_testcase_bytes() const noexcept { return spill_.held_bytes(); }
  bool spilled() const noexcept { return spill_.on_disk(); }

 private:
  struct Suite {
    ProfileInfo profile;
    JunitCounts counts;
    std::size_t cases = 0;
    std::vector<SpillFile::Extent> testcases;  // rendered <testcase> elements, in spill_
    std::string system_out_text;               // unescaped; escaped once per render
  };
  void render_parts(const Sink& out, bool in_progress) const;

  std::vector<Suite> suites_;
  std::uint64_t seed_;
  std::string gcmatrix_version_;
  JunitOptions options_;
  SpillFile spill_;
};

// A problem of the run as a whole, not of one check: gcmatrix merge's missing
// legs (errors: results that are not there) and regressions against the
// baseline (failures). Each is one testcase of the suite kMergeSuite, counted
// in the totals, so a merged file whose merge exited 1 for them never reads
// as green on a dashboard.
struct JunitProblem {
  bool error = false;  // <error> (a missing leg) or <failure> (a regression)
  std::string type;    // "missing-leg", "regression"
  std::string name;    // the testcase's name: what is missing or regressed
  std::string message;
};
inline constexpr std::string_view kMergeSuite = "gcmatrix.merge";

// render_junit's bytes, handed to `out` one case's testcases at a time: the
// run is read twice (counts, then elements) and nothing else is held. Given
// problems, one more suite kMergeSuite holds them, last.
void render_junit_to(const RunResult& run, const JunitOptions& options, const Sink& out,
                     const std::vector<JunitProblem>& problems = {});

// render_junit, written atomically: a crash leaves the previous file or none.
void write_junit(const std::filesystem::path& path, const RunResult& run,
                 const JunitOptions& options, const std::vector<JunitProblem>& problems = {});

}  // namespace gcm::report
