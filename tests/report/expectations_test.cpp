// expectations_test.cpp — strict loading, judging, and the rewrite for
// --update-expectations.
#define BOOST_TEST_MODULE report.expectations
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <fstream>

#include "report/expectations.hpp"
#include "file_text.hpp"
#include "sample_run.hpp"

namespace fs = std::filesystem;
using namespace gcm::report;

namespace {

// The message of the ExpectationsError `yaml` raises ("" when it loads).
std::string error_of(const std::string& yaml) {
  try {
    parse_expectations(yaml, "matrix/expectations.yaml");
  } catch (const ExpectationsError& e) {
    return e.what();
  }
  return "";
}

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() / ("gcm_exp_" + std::to_string(::getpid()) + "_" + name);
}


}  // namespace

BOOST_AUTO_TEST_CASE(loads_the_documented_format) {
  const Expectations e = parse_expectations(sample::kExpectationsYaml, "sample");
  BOOST_TEST(e.find("go1.20", "cleanup-capture", "no-live-nodes-after-test") == Expected::fail);
  BOOST_TEST(e.find("go1.20", "timeout-cascade", "no-timeout") == Expected::pass);
  BOOST_TEST(e.find("go1.20-observed", "cleanup-capture", "finalizer-not-during-test") ==
             Expected::missing);
  BOOST_TEST(e.find("go1.99", "x", "y") == Expected::missing);
}

BOOST_AUTO_TEST_CASE(unknown_value_points_at_line_and_column) {
  const std::string msg = error_of("profiles:\n  go1.22:\n    w:\n      c: maybe\n");
  BOOST_TEST(msg == "matrix/expectations.yaml:4:10: profiles.go1.22.w.c: unknown value 'maybe' "
                    "(expected pass or fail)");
}

// Read with the shared YAML toolkit (yamlio/): the same duplicate-key,
// unknown-key and document messages as profiles, scenarios and the matrix.
BOOST_AUTO_TEST_CASE(duplicate_keys_are_errors_at_every_level) {
  BOOST_TEST(error_of("profiles:\n  go1.22:\n    w:\n      c: pass\n      c: fail\n") ==
             "matrix/expectations.yaml:5:7: profiles.go1.22.w.c: duplicate key, first at line 4 "
             "(expected each key once per map)");
  BOOST_TEST(error_of("profiles:\n  go1.22: {}\n  go1.22: {}\n") ==
             "matrix/expectations.yaml:3:3: profiles.go1.22: duplicate key, first at line 2 "
             "(expected each key once per map)");
  BOOST_TEST(error_of("profiles: {}\nprofiles: {}\n") ==
             "matrix/expectations.yaml:2:1: profiles: duplicate key, first at line 1 (expected each key once per map)");
}

BOOST_AUTO_TEST_CASE(structure_errors) {
  BOOST_TEST(error_of("profile:\n  go1.22: {}\n") ==
             "matrix/expectations.yaml:1:1: profile: unknown key (did you mean 'profiles'?)");
  BOOST_TEST(error_of("checks: {}\n") ==
             "matrix/expectations.yaml:1:1: checks: unknown key (expected one of: profiles)");
  BOOST_TEST(error_of("profiles:\n  go1.22:\n    w: pass\n") ==
             "matrix/expectations.yaml:3:8: profiles.go1.22.w: got 'pass' (expected a map: check -> pass | fail)");
  BOOST_TEST(error_of("profiles:\n  go1.22:\n    w:\n      c: [pass]\n") ==
             "matrix/expectations.yaml:4:10: profiles.go1.22.w.c: got a sequence (expected pass or fail)");
  BOOST_TEST(error_of("") ==
             "matrix/expectations.yaml:1:1: (document): empty expectations table (expected a map with the key profiles)");
  BOOST_TEST(error_of("- profiles\n") == "matrix/expectations.yaml:1:1: (document): an expectations table is a map, "
                                          "got a sequence (expected a map with the key profiles)");
  BOOST_TEST(error_of("{}\n") == "matrix/expectations.yaml:1:1: profiles: missing required key "
                                "(expected a map: profile -> workload -> check -> pass | fail)");
  BOOST_TEST(error_of("profiles: [\n").find("matrix/expectations.yaml:") == 0u);  // a parse error
  BOOST_TEST(error_of("profiles: {}\n").empty());
}

BOOST_AUTO_TEST_CASE(apply_judges_every_check) {
  const RunResult run = sample::sample_run();
  const CaseResult& observed_capture = run.cases[2];
  BOOST_REQUIRE(observed_capture.outcomes.size() == 2u);
  BOOST_TEST(observed_capture.outcomes[0].expected == Expected::fail);
  BOOST_TEST(observed_capture.outcomes[0].passed);
  BOOST_TEST(!observed_capture.outcomes[0].as_expected);       // unexpected pass
  BOOST_TEST(observed_capture.outcomes[1].expected == Expected::missing);
  BOOST_TEST(!observed_capture.outcomes[1].as_expected);       // missing is never a pass
  BOOST_TEST(run.cases[0].outcomes[0].as_expected);            // expected failure
}

BOOST_AUTO_TEST_CASE(stale_entries_are_listed) {
  const RunResult run = sample::sample_run();
  Expectations e = parse_expectations(sample::kExpectationsYaml, "sample");
  BOOST_TEST(stale_expectations(e, run).empty());
  e.profiles["go1.20"]["cleanup-capture"]["renamed-check"] = Expected::pass;
  const auto stale = stale_expectations(e, run);
  BOOST_REQUIRE(stale.size() == 1u);
  BOOST_TEST(stale[0] == "go1.20/cleanup-capture/renamed-check");
}

BOOST_AUTO_TEST_CASE(merge_replaces_run_pairs_and_keeps_the_rest) {
  Expectations base;
  base.profiles["go1.20"]["cleanup-capture"]["old-check"] = Expected::pass;  // replaced: pair ran
  base.profiles["go1.20"]["other-workload"]["c"] = Expected::fail;           // kept
  base.profiles["go1.25-observed"]["w"]["c"] = Expected::pass;               // kept
  const Expectations merged = merge_run(base, sample::sample_run());
  BOOST_TEST(merged.find("go1.20", "cleanup-capture", "old-check") == Expected::missing);
  BOOST_TEST(merged.find("go1.20", "other-workload", "c") == Expected::fail);
  BOOST_TEST(merged.find("go1.25-observed", "w", "c") == Expected::pass);
  // Recorded from what the run observed: the observed profile's check passed.
  BOOST_TEST(merged.find("go1.20-observed", "cleanup-capture", "no-live-nodes-after-test") ==
             Expected::pass);
  BOOST_TEST(merged.find("go1.20-observed", "cleanup-capture", "finalizer-not-during-test") ==
             Expected::fail);
}

BOOST_AUTO_TEST_CASE(render_is_sorted_stable_and_reads_back) {
  Expectations e = merge_run({}, sample::sample_run());
  e.profiles["weird: name"]["#w"]["c\"q"] = Expected::pass;  // must be quoted to survive
  e.profiles["true"]["w"]["c"] = Expected::fail;              // must not turn into a bool
  const std::string text = render_expectations(e);
  BOOST_TEST(text.starts_with("# "));
  BOOST_TEST(text.find("profiles:\n  go1.20:\n    cleanup-capture:\n      finalizer-not-during-test: pass\n"
                       "      no-live-nodes-after-test: fail\n") != std::string::npos, text);
  BOOST_TEST(text.find("go1.20:") < text.find("go1.20-observed:"));
  BOOST_TEST((parse_expectations(text, "rendered") == e));
  BOOST_TEST(render_expectations(parse_expectations(text, "rendered")) == text);
  BOOST_TEST(render_expectations({}).ends_with("profiles: {}\n"));
  BOOST_TEST(parse_expectations(render_expectations({}), "empty").profiles.empty());
}

BOOST_AUTO_TEST_CASE(write_expectations_merges_into_the_file) {
  const fs::path file = temp_file("expectations.yaml");
  {
    std::ofstream out(file);
    out << "profiles:\n  go1.19-observed:\n    w:\n      c: pass\n";
  }
  write_expectations(file, sample::sample_run());
  const Expectations e = load_expectations(file);
  BOOST_TEST(e.find("go1.19-observed", "w", "c") == Expected::pass);
  BOOST_TEST(e.find("go1.20", "timeout-cascade", "no-timeout") == Expected::fail);
  const std::string once = gcm::testing::file_text(file);
  write_expectations(file, sample::sample_run());
  BOOST_TEST(gcm::testing::file_text(file) == once);  // stable: a second update changes nothing
  fs::remove(file);
}

BOOST_AUTO_TEST_CASE(write_expectations_leaves_a_broken_file_alone) {
  const fs::path file = temp_file("broken.yaml");
  {
    std::ofstream out(file);
    out << "profiles:\n  go1.22:\n    w:\n      c: perhaps\n";
  }
  BOOST_CHECK_THROW(write_expectations(file, sample::sample_run()), ExpectationsError);
  BOOST_TEST(gcm::testing::file_text(file) == "profiles:\n  go1.22:\n    w:\n      c: perhaps\n");
  fs::remove(file);
}
