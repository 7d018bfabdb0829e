// junit_writer_test.cpp — counts, attributes, time format, expectation
// semantics, escaping of hostile messages, determinism.
#define BOOST_TEST_MODULE report.junit_writer
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "report/junit_go_writer.hpp"
#include "report/junit_writer.hpp"
#include "report/test_status.hpp"
#include "report/xml_text.hpp"
#include "sample_run.hpp"
#include "file_text.hpp"
#include "test_temp_dir.hpp"

using namespace gcm::report;

namespace {

std::string render_sample() {
  return render_junit(sample::sample_run(), {sample::kTimestamp, sample::kHostname});
}

// The <testcase …>…</testcase> element with this classname and name.
std::string testcase(const std::string& xml, const std::string& classname, const std::string& name) {
  const std::string open = "<testcase classname=\"" + classname + "\" name=\"" + name + "\"";
  const auto start = xml.find(open);
  if (start == std::string::npos) return "";
  const auto end = xml.find("</testcase>", start);
  return xml.substr(start, end - start);
}

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(root_and_suite_counts_include_skipped) {
  const std::string xml = render_sample();
  BOOST_TEST(xml.starts_with(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"gcmatrix\" tests=\"15\" failures=\"3\" errors=\"0\" skipped=\"2\" "
      "time=\"0.000316\">\n"), xml.substr(0, 200));
  BOOST_TEST(has(xml, "<testsuite name=\"go1.20\" tests=\"8\" failures=\"1\" errors=\"0\" "
                      "skipped=\"2\" time=\"0.000158\" timestamp=\"2024-05-01T12:00:00Z\" "
                      "hostname=\"ci-runner-1\">"));
  BOOST_TEST(has(xml, "<testsuite name=\"go1.20-observed\" tests=\"7\" failures=\"2\" errors=\"0\" "
                      "skipped=\"0\" time=\"0.000158\""));
  BOOST_TEST(xml.ends_with("</testsuite>\n</testsuites>\n"));
}

BOOST_AUTO_TEST_CASE(times_are_fixed_six_decimals) {
  const std::string xml = render_sample();
  BOOST_TEST(!has(xml, "e-0"));
  BOOST_TEST(!has(xml, "e+0"));
  // timeout-cascade has one check: it carries the workload's whole wall time.
  BOOST_TEST(has(testcase(xml, "go1.20.timeout-cascade", "no-timeout"), "time=\"0.000079\""));
}

BOOST_AUTO_TEST_CASE(suite_properties) {
  const std::string xml = render_sample();
  BOOST_TEST(has(xml, "<properties>\n      <property name=\"family\" value=\"documented\"/>\n"
                      "      <property name=\"go\" value=\"1.20\"/>\n"
                      "      <property name=\"seed\" value=\"7\"/>\n"));
}

BOOST_AUTO_TEST_CASE(testcase_attributes_and_properties) {
  const std::string tc = testcase(render_sample(), "go1.20.cleanup-capture", "no-live-nodes-after-test [expected fail]");
  BOOST_REQUIRE(!tc.empty());
  BOOST_TEST(has(tc, "file=\"runner/workloads/cleanup-capture.cpp\" line=\"42\" time=\""));
  for (const char* p : {"name=\"profile\" value=\"go1.20\"", "name=\"seed\" value=\"7\"",
                        "name=\"claims\" value=\"A2,A3\"", "name=\"expected\" value=\"fail\"",
                        "name=\"metric.retained_bytes\" value=\"8593408\"",
                        "name=\"metric.gc_pause_ns\" value=\"82000\"",
                        "name=\"param.nodes\" value=\"1000\"",
                        "name=\"host.host_wall_ns\" value=\"79000\"",
                        "name=\"host.host_live_bytes\" value=\"3670016\""})
    BOOST_TEST(has(tc, p), p);
}

// A check failing as expected passes the gate, but its name and its
// <system-out> say it failed, so a dashboard showing it green does not lie.
BOOST_AUTO_TEST_CASE(expected_failure_is_a_passing_testcase) {
  const std::string xml = render_sample();
  const std::string tc = testcase(xml, "go1.20.cleanup-capture", "no-live-nodes-after-test [expected fail]");
  BOOST_REQUIRE(!tc.empty());
  BOOST_TEST(has(tc, "name=\"passed\" value=\"false\""));
  BOOST_TEST(!has(tc, "<failure"));
  BOOST_TEST(has(tc, "<system-out>FAILED, as expected (the anti-pattern leaks here): "), tc);
  // A check that passed keeps its plain name and says so.
  const std::string passed = testcase(xml, "go1.20.cleanup-capture", "finalizer-not-during-test");
  BOOST_REQUIRE(!passed.empty());
  BOOST_TEST(has(passed, "<system-out>passed: "), passed);
  BOOST_TEST(testcase(xml, "go1.20.cleanup-capture", "no-live-nodes-after-test\"").empty());
}

// A report-only check (a scenario, a user profile, other parameters) expects
// nothing: a failing one read "FAILED, as expected (the anti-pattern leaks
// here)" beside property expected=missing.
BOOST_AUTO_TEST_CASE(a_report_only_check_says_not_gated_not_as_expected) {
  RunResult run = sample::sample_run();
  CaseResult& c = run.cases.front();
  std::size_t failing = c.outcomes.size();
  for (std::size_t i = 0; i < c.outcomes.size(); ++i)
    if (!c.outcomes[i].passed) failing = i;
  BOOST_REQUIRE(failing < c.outcomes.size());
  c.outcomes[failing] = report_only(c.outcomes[failing].check, false);
  const std::string xml = render_junit(run, {sample::kTimestamp, sample::kHostname});
  const std::string tc = testcase(xml, c.profile.name + "." + c.obs.workload, c.obs.checks[failing].name);
  BOOST_REQUIRE(!tc.empty());
  BOOST_TEST(!has(tc, "<failure"));
  BOOST_TEST(has(tc, "<system-out>FAILED, not gated (a report-only case: nothing is recorded to expect): "), tc);
  BOOST_TEST(!has(tc, "as expected"), tc);
}

BOOST_AUTO_TEST_CASE(unexpected_pass_and_fail_are_failures) {
  const std::string xml = render_sample();
  BOOST_TEST(has(testcase(xml, "go1.20-observed.cleanup-capture", "no-live-nodes-after-test"),
                 "<failure message=\"expected fail, passed: 0 trie nodes live\" type=\"unexpected-pass\">"));
  BOOST_TEST(has(testcase(xml, "go1.20.timeout-cascade", "no-timeout"),
                 "<failure message=\"expected pass, failed: TestB passed its 60 s limit\" "
                 "type=\"unexpected-fail\">profile: go1.20 (documented, Go 1.20)\n"));
}

BOOST_AUTO_TEST_CASE(missing_expectation_is_a_failure_with_first_line_only) {
  const std::string tc =
      testcase(render_sample(), "go1.20-observed.cleanup-capture", "finalizer-not-during-test");
  BOOST_TEST(has(tc, "<failure message=\"no expectation recorded for "
                     "go1.20-observed/cleanup-capture/finalizer-not-during-test (failed: finalizer "
                     "ran during the test: &lt;obj#12&gt; &amp; &quot;x&quot;)\" "
                     "type=\"no-expectation\">"), tc);
  BOOST_TEST(has(tc, "name=\"expected\" value=\"missing\""));
  // The whole message survives in the body and the property, minus the bad bytes.
  BOOST_TEST(has(tc, "&quot;x&quot;&#10;second line\"/>"));
  BOOST_TEST(has(tc, "&amp; \"x\"\nsecond line\nclaims: O4\n"));
  BOOST_TEST(has(tc, "hint: review the outcome"));
}

BOOST_AUTO_TEST_CASE(output_is_clean_utf8_without_controls) {
  const std::string xml = render_sample();
  BOOST_TEST(sanitize_utf8(xml) == xml);
  BOOST_TEST(!has(xml, "\x01"));
  BOOST_TEST(!has(xml, "\xff"));
}

BOOST_AUTO_TEST_CASE(emulated_tests_are_informational_or_skipped) {
  const std::string xml = render_sample();
  const std::string not_run = testcase(xml, "go1.20.timeout-cascade.tests", "TestC");
  BOOST_TEST(has(not_run, "<skipped message=\"not run: binary aborted by TestB's timeout\"/>"));
  BOOST_TEST(has(testcase(xml, "go1.20.timeout-cascade.tests", "TestD"),
                 "<skipped message=\"skipped: needs -short=false\"/>"));
  const std::string timed_out = testcase(xml, "go1.20.timeout-cascade.tests", "TestB");
  BOOST_TEST(has(timed_out, "name=\"status\" value=\"timed_out\""));
  BOOST_TEST(has(timed_out, "name=\"virtual_duration_ns\" value=\"60000000000\""));
  BOOST_TEST(!has(timed_out, "<failure"));
  BOOST_TEST(!has(timed_out, "<skipped"));
  // Its time is virtual (what go test would have printed), its status in words.
  BOOST_TEST(has(timed_out, "time=\"60.000000\""), timed_out);
  BOOST_TEST(has(timed_out, "<system-out>emulated Go test timed_out"), timed_out);
}

// junit-go.xml: the emulated tests as gotestsum reports them — a timeout or a
// panic is a <failure>, one suite per profile × workload, virtual times.
BOOST_AUTO_TEST_CASE(junit_go_reports_emulated_statuses) {
  const RunResult run = sample::sample_run();
  const std::string xml = render_junit_go(run, {sample::kTimestamp, sample::kHostname});
  std::size_t tests = 0, failures = 0, skipped = 0;
  for (const CaseResult& c : run.cases)
    for (const auto& t : c.obs.tests) {
      ++tests;
      failures += t.status == TestStatus::failed || t.status == TestStatus::timed_out || t.status == TestStatus::panicked;
      skipped += t.status == TestStatus::skipped || t.status == TestStatus::not_run;
    }
  BOOST_REQUIRE(failures > 0);
  BOOST_TEST(has(xml, "<testsuites tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
                          "\" errors=\"0\" skipped=\"" + std::to_string(skipped) + "\""),
             xml.substr(0, 300));
  const std::string timed_out = testcase(xml, "go1.20/timeout-cascade", "TestB");
  BOOST_TEST(has(timed_out, "time=\"60.000000\""), timed_out);
  BOOST_TEST(has(timed_out, "<failure message=\"Failed: timed out\""), timed_out);
  BOOST_TEST(has(testcase(xml, "go1.20/timeout-cascade", "TestC"), "<skipped message=\"not run: "));
  BOOST_TEST(has(xml, "<testsuite name=\"go1.20/timeout-cascade\""));
  BOOST_TEST(has(xml, "<property name=\"go.version\" value=\"go1.20\">"));
  BOOST_TEST(sanitize_utf8(xml) == xml);
}

BOOST_AUTO_TEST_CASE(system_out_summarises_events) {
  const std::string xml = render_sample();
  BOOST_TEST(has(xml, "<system-out>== cleanup-capture ==\nregistered 1 cleanup; 2 GC cycles\n"
                      "finalizers queued: 1\nevents: 128, digest 0123456789abcdef, virtual duration "
                      "0.001500 s\n== timeout-cascade =="));
}

BOOST_AUTO_TEST_CASE(deterministic_when_host_inputs_are_fixed) {
  BOOST_TEST(render_sample() == render_sample());
  RunResult run = sample::sample_run();
  run.cases[0].obs.host[0].value = 80000;
  BOOST_TEST(render_junit(run, {sample::kTimestamp, sample::kHostname}) != render_sample());
}

BOOST_AUTO_TEST_CASE(hostile_names_are_escaped_in_attributes) {
  RunResult run = sample::sample_run();
  run.cases[0].obs.checks[0].name = "a\"b<c>&\td";
  run.cases[0].outcomes[0].check = run.cases[0].obs.checks[0].name;
  const std::string xml = render_junit(run, {"t\"s", "h<o>st"});
  BOOST_TEST(has(xml, "name=\"a&quot;b&lt;c&gt;&amp;&#9;d [expected fail]\""));
  BOOST_TEST(has(xml, "timestamp=\"t&quot;s\" hostname=\"h&lt;o&gt;st\""));
}

BOOST_AUTO_TEST_CASE(write_junit_writes_the_rendering) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("gcm_junit_" + std::to_string(::getpid()) + ".xml");
  write_junit(file, sample::sample_run(), {sample::kTimestamp, sample::kHostname});
  BOOST_TEST(gcm::testing::file_text(file) == render_sample());
  std::filesystem::remove(file);
}

BOOST_AUTO_TEST_CASE(a_document_fed_case_by_case_renders_like_the_whole_run) {
  const RunResult run = sample::sample_run();
  BOOST_REQUIRE_GE(run.cases.size(), 2u);
  JunitDocument doc(run.profiles, run.seed, run.gcmatrix_version, {sample::kTimestamp, sample::kHostname});
  doc.add(run.cases.front());
  RunResult first = run;
  first.cases.resize(1);
  // Mid-run, the file holds exactly the cases finished so far.
  BOOST_TEST(doc.render() == render_junit(first, {sample::kTimestamp, sample::kHostname}));
  for (std::size_t i = 1; i < run.cases.size(); ++i) doc.add(run.cases[i]);
  BOOST_TEST(doc.render() == render_sample());
}

// A killed or crashed run leaves its last progress file: one error testcase
// in a suite of its own, counted in the totals, so a dashboard never reads it
// as a smaller green run. The final file has none.
BOOST_AUTO_TEST_CASE(the_progress_file_carries_an_incomplete_run_error) {
  const RunResult run = sample::sample_run();
  JunitDocument doc(run.profiles, run.seed, run.gcmatrix_version, {sample::kTimestamp, sample::kHostname});
  doc.add(run.cases.front());
  std::string progress;
  doc.render_in_progress_to([&](std::string_view p) { progress += p; });
  RunResult first = run;
  first.cases.resize(1);
  const std::string final_one = render_junit(first, {sample::kTimestamp, sample::kHostname});
  BOOST_TEST(final_one.find("incomplete-run") == std::string::npos);
  BOOST_TEST(progress.find("<error type=\"incomplete-run\" message=\"this file was written while the run was in progress, "
                           "after 1 case(s): the run was killed or crashed before writing its final JUnit file") !=
             std::string::npos);
  BOOST_TEST(progress.find("<testsuite name=\"gcmatrix.run-in-progress\" tests=\"1\" failures=\"0\" errors=\"1\"") !=
             std::string::npos);
  // The profile suites are the final file's, byte for byte; the totals count the error.
  const std::size_t suites_at = final_one.find("  <testsuite ");
  const std::string suites = final_one.substr(suites_at, final_one.rfind("</testsuites>") - suites_at);
  BOOST_TEST(progress.find(suites) != std::string::npos);
  const std::string head = final_one.substr(0, suites_at);
  BOOST_TEST(progress.find("errors=\"1\"") < progress.find("  <testsuite "));
  BOOST_TEST(head.find("errors=\"0\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(render_to_streams_the_same_bytes_in_pieces) {
  const RunResult run = sample::sample_run();
  JunitDocument doc(run.profiles, run.seed, run.gcmatrix_version, {sample::kTimestamp, sample::kHostname});
  for (const auto& c : run.cases) doc.add(c);
  std::vector<std::string> pieces;
  doc.render_to([&](std::string_view p) { pieces.emplace_back(p); });
  std::string joined;
  std::size_t largest = 0;
  for (const std::string& p : pieces) {
    joined += p;
    largest = std::max(largest, p.size());
  }
  BOOST_TEST(joined == render_sample());
  // One piece per suite part, never the whole document at once.
  BOOST_TEST(pieces.size() >= 2 + 3 * run.profiles.size());
  BOOST_TEST(largest < joined.size());
}

// The progress document's rendered testcases live in an unlinked file in the
// output's folder: the same bytes, nothing of them held in memory, no file
// left there.
BOOST_AUTO_TEST_CASE(a_spilled_document_renders_the_same_bytes_and_holds_none) {
  gcm::testing::TestTempDir dir("gcm_junit_spill_");
  const RunResult run = sample::sample_run();
  JunitDocument spilled(run.profiles, run.seed, run.gcmatrix_version, {sample::kTimestamp, sample::kHostname}, dir.path);
  JunitDocument held(run.profiles, run.seed, run.gcmatrix_version, {sample::kTimestamp, sample::kHostname});
  BOOST_REQUIRE(spilled.spilled());
  BOOST_TEST(!held.spilled());
  for (const auto& c : run.cases) {
    spilled.add(c);
    held.add(c);
  }
  BOOST_TEST(spilled.render() == render_sample());
  BOOST_TEST(spilled.held_testcase_bytes() == 0u);
  BOOST_TEST(held.held_testcase_bytes() > 1000u);  // what the spill saves: every rendered testcase
  BOOST_TEST(std::filesystem::is_empty(dir.path));
}
