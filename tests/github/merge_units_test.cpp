// merge_units_test.cpp — the pieces of `gcmatrix merge` that the binary tests
// reach only in part: GitHub's escaping and caps, tolerance arithmetic at its
// edges, the baseline's strict reader and its round trip.
#define BOOST_TEST_MODULE github.merge_units
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/annotations.hpp"
#include "report/baseline.hpp"
#include "cli/merge.hpp"
#include "report/case_order.hpp"

using namespace gcm;
using namespace gcm::cli;
using namespace gcm::report;

namespace {

report::CaseResult one_case(const std::string& profile, const std::string& workload, std::vector<workloads::Metric> metrics) {
  report::CaseResult c;
  c.profile = report::ProfileInfo{profile, "documented", "1.22", "test profile"};
  c.obs.profile = profile;
  c.obs.workload = workload;
  c.obs.seed = 1;
  c.obs.params = {{"keys", "10"}};
  c.obs.metrics = std::move(metrics);
  c.obs.event_count = 40;
  c.obs.virtual_duration_ns = 1'000'000;
  c.obs.tests = {{"TestA", workloads::EmulatedTest::Status::passed, 600'000, ""},
                 {"TestB", workloads::EmulatedTest::Status::failed, 400'000, "boom"}};
  c.obs.source_file = "runner/workloads/x.cpp";
  c.obs.source_line = 12;
  return c;
}

report::RunResult run_with(std::vector<workloads::Metric> metrics) {
  report::RunResult run;
  run.gcmatrix_version = "0.1.0";
  run.cases.push_back(one_case("go1.22", "w", std::move(metrics)));
  return run;
}

std::vector<workloads::Metric> base_metrics() {
  return {{"nodes", 100, "count"}, {"retained_bytes", 1000, "bytes"}, {"zero_bytes", 0, "bytes"}};
}

Comparison compare_after(const std::vector<workloads::Metric>& now, const Baseline& baseline) {
  return compare_to_baseline(baseline, run_with(now));
}

}  // namespace

BOOST_AUTO_TEST_CASE(escaping_follows_the_actions_toolkit) {
  BOOST_TEST(escape_data("50% a:b,c\r\nd") == "50%25 a:b,c%0D%0Ad");
  BOOST_TEST(escape_property("50% a:b,c\r\nd") == "50%25 a%3Ab%2Cc%0D%0Ad");
  const Annotation a{Severity::regression, "src/a,b.cpp", 7, "t: x, y", "line1\nline2 100%"};
  BOOST_TEST(render_annotation(a) == "::error file=src/a%2Cb.cpp,line=7,title=t%3A x%2C y::line1%0Aline2 100%25");
  BOOST_TEST(render_annotation({Severity::missing_leg, "", 5, "", "m"}) == "::error::m");  // no line without a file
}

BOOST_AUTO_TEST_CASE(annotations_are_capped_most_important_first) {
  std::vector<Annotation> all;
  for (int i = 0; i < 12; ++i) all.push_back({Severity::no_expectation, "f", i + 1, "t", "n" + std::to_string(i)});
  all.push_back({Severity::unexpected_pass, "f", 99, "t", "pass"});
  all.push_back({Severity::missing_leg, "", 0, "t", "missing"});
  const std::string out = render_annotations(all);
  std::vector<std::string> lines;
  for (std::size_t at = 0, nl; (nl = out.find('\n', at)) != std::string::npos; at = nl + 1) lines.push_back(out.substr(at, nl - at));
  BOOST_TEST_REQUIRE(lines.size() == kErrorsPerStep + 1);
  BOOST_TEST(lines[0] == "::error title=t::missing");
  BOOST_TEST(lines[1] == "::error file=f,line=99,title=t::pass");
  BOOST_TEST(lines[2] == "::error file=f,line=1,title=t::n0");  // stable within a severity
  BOOST_TEST(lines.back().rfind("::notice title=gcmatrix merge::4 more problem(s) not annotated", 0) == 0);
  BOOST_TEST(render_annotations({}) == "");
  BOOST_TEST(render_annotations(all, 1000).find("::notice") == std::string::npos);  // 14 < the job's 50
}

BOOST_AUTO_TEST_CASE(baseline_round_trips_and_compares_clean) {
  const report::RunResult run = run_with(base_metrics());
  const Baseline b = baseline_from_run(run);
  BOOST_TEST_REQUIRE(b.cases.size() == 1u);
  // metrics, event count, virtual duration, two test durations; tests keep order and status.
  BOOST_TEST(b.cases[0].figures.size() == 3u + 2u + 2u);
  BOOST_TEST(b.cases[0].tests[1].status == "failed");
  const Baseline back = parse_baseline(render_baseline(b), "b.json");
  BOOST_TEST((back == b));
  const Comparison c = compare_to_baseline(back, run);
  BOOST_TEST(c.differences.empty());
  BOOST_TEST(c.figures_compared == 7u);
}

BOOST_AUTO_TEST_CASE(tolerances_at_their_edges) {
  const Baseline b = baseline_from_run(run_with(base_metrics()));
  // bytes ±5 %: 1050 is inside (the edge counts), 1051 outside; counts exact.
  Comparison c = compare_after({{"nodes", 100, "count"}, {"retained_bytes", 1050, "bytes"}, {"zero_bytes", 0, "bytes"}}, b);
  BOOST_TEST_REQUIRE(c.differences.size() == 1u);
  BOOST_TEST(!c.differences[0].beyond);
  BOOST_TEST(c.differences[0].change_text == "+50 (+5.00 %)");
  BOOST_TEST(c.differences[0].tolerance_text == "±5 %");
  c = compare_after({{"nodes", 100, "count"}, {"retained_bytes", 1051, "bytes"}, {"zero_bytes", 0, "bytes"}}, b);
  BOOST_TEST(c.beyond_count() == 1u);
  c = compare_after({{"nodes", 99, "count"}, {"retained_bytes", 1000, "bytes"}, {"zero_bytes", 0, "bytes"}}, b);
  BOOST_TEST_REQUIRE(c.beyond_count() == 1u);
  BOOST_TEST(c.differences[0].figure == "nodes");
  BOOST_TEST(c.differences[0].old_text == "100");
  BOOST_TEST(c.differences[0].new_text == "99");
  // A percentage of 0 is 0: only an absolute tolerance lets a zero baseline move.
  c = compare_after({{"nodes", 100, "count"}, {"retained_bytes", 1000, "bytes"}, {"zero_bytes", 8, "bytes"}}, b);
  BOOST_TEST(c.beyond_count() == 1u);
  BOOST_TEST(c.differences[0].change_text == "+8");
  Baseline with_abs = b;
  for (BaselineFigure& f : with_abs.cases[0].figures)
    if (f.name == "zero_bytes") f.tolerance = Tolerance{0, 8};
  c = compare_after({{"nodes", 100, "count"}, {"retained_bytes", 1000, "bytes"}, {"zero_bytes", 8, "bytes"}}, with_abs);
  BOOST_TEST(c.beyond_count() == 0u);
  BOOST_TEST(c.differences[0].tolerance_text == "±8");
}

BOOST_AUTO_TEST_CASE(changed_shape_gates) {
  const Baseline b = baseline_from_run(run_with(base_metrics()));
  report::RunResult run = run_with({{"nodes", 100, "count"}, {"retained_bytes", 1000, "count"}, {"new_metric", 1, "count"}});
  std::swap(run.cases[0].obs.tests[0], run.cases[0].obs.tests[1]);
  run.cases[0].obs.tests[0].status = workloads::EmulatedTest::Status::timed_out;
  const Comparison c = compare_to_baseline(b, run);
  std::vector<std::string> figures;
  for (const Difference& d : c.differences) {
    BOOST_TEST(d.beyond, d.figure);
    figures.push_back(d.figure);
  }
  const std::vector<std::string> expected{"retained_bytes", "zero_bytes", "new_metric", "(test order)", "test:TestB:status"};
  BOOST_TEST(figures == expected, boost::test_tools::per_element());

  report::RunResult other_params = run_with(base_metrics());
  other_params.cases[0].obs.params["keys"] = "11";
  const Comparison p = compare_to_baseline(b, other_params);
  BOOST_TEST_REQUIRE(p.differences.size() == 1u);
  BOOST_TEST(p.differences[0].figure == "params");
  BOOST_TEST(p.differences[0].old_text == "keys=10");
}

BOOST_AUTO_TEST_CASE(strict_reader_names_the_path) {
  const std::string good = render_baseline(baseline_from_run(run_with(base_metrics())));
  const auto error_of = [](const std::string& text) {
    try {
      parse_baseline(text, "b.json");
    } catch (const BaselineError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string text = good;
  text.replace(text.find("\"figures\""), 9, "\"figurez\"");
  BOOST_TEST(error_of(text) == "b.json: cases[0].figurez: unknown key (expected one of profile, workload, seed, params, figures, tests)");
  text = good;
  text.replace(text.find("gcmatrix.baseline/1"), 19, "gcmatrix.baseline/9");
  BOOST_TEST(error_of(text) == "b.json: schema: 'gcmatrix.baseline/9' is not supported (expected gcmatrix.baseline/1)");
  text = good;
  text.replace(text.find("\"value\":100"), 11, "\"value\":1.5");
  BOOST_TEST(error_of(text) == "b.json: cases[0].figures[0].value: expected an integer");
  text = good;
  text.replace(text.find("\"unit\":\"count\"}"), 15, "\"unit\":\"count\",\"tolerance_percent\":-1}");
  BOOST_TEST(error_of(text) == "b.json: cases[0].figures[0].tolerance_percent: expected a non-negative number (percent)");
  BOOST_TEST(error_of("{").rfind("b.json:1:2: (json): not JSON: ", 0) == 0);
  BOOST_TEST(error_of("{\"tolerance_percent\": {\"bytes\": 1e400}}") ==
             "b.json:1:33: tolerance_percent.bytes: number 1e400 is out of range (expected an integer 0..18446744073709551615 or a finite number)");
}

namespace {

// A leg of a matrix with several seeds: `cases` as (profile, workload, seed).
Leg leg_of(const std::string& path, const std::vector<std::tuple<std::string, std::string, std::uint64_t>>& cases) {
  Leg leg{path, {}};
  leg.run.gcmatrix_version = "0.1.0";
  leg.run.seed = 2;
  leg.run.workloads = {"loopvar-capture", "cleanup-capture"};  // the run's order, not the registry's
  for (const auto& [profile, workload, seed] : cases) {
    report::CaseResult c = one_case(profile, workload, base_metrics());
    c.profile.family = profile.ends_with("-observed") ? "observed" : "documented";
    c.profile.go = profile.substr(2, 4);
    c.obs.seed = seed;
    c.obs.events_digest = seed * 1000 + profile.size() * 10 + workload.size();
    if (leg.run.find_profile(profile) == nullptr) leg.run.profiles.push_back(c.profile);
    leg.run.cases.push_back(std::move(c));
  }
  return leg;
}

std::string order_of(const report::RunResult& run) {
  std::string out;
  for (const report::CaseResult& c : run.cases) out += c.obs.profile + "/" + c.obs.workload + "/" + std::to_string(c.obs.seed) + " ";
  return out;
}

}  // namespace

// issue 16 item 11: the same legs in every order give one run, ordered
// profile (catalog order) x workload (the run's order) x seed ascending.
BOOST_AUTO_TEST_CASE(multi_seed_legs_merge_the_same_in_every_order) {
  std::vector<Leg> legs{
      leg_of("a", {{"go1.22-observed", "loopvar-capture", 9}, {"go1.20", "cleanup-capture", 2}, {"go1.22", "loopvar-capture", 30}}),
      leg_of("b", {{"go1.22", "loopvar-capture", 2}, {"go1.20", "cleanup-capture", 30}, {"go1.22-observed", "loopvar-capture", 2}}),
      leg_of("c", {{"go1.20", "cleanup-capture", 9}, {"go1.22", "loopvar-capture", 9}, {"go1.22-observed", "loopvar-capture", 30}}),
  };
  std::sort(legs.begin(), legs.end(), [](const Leg& x, const Leg& y) { return x.path < y.path; });
  std::string first_order;
  std::uint64_t first_digest = 0;
  int orders = 0;
  do {
    const report::RunResult merged = merge_legs(legs, canonical_order());
    if (orders++ == 0) {
      first_order = order_of(merged);
      first_digest = merged.digest_of_all_events;
    }
    BOOST_TEST(order_of(merged) == first_order);
    BOOST_TEST(merged.digest_of_all_events == first_digest);
    BOOST_TEST(merged.profiles.front().name == "go1.20");  // documented before observed, by Go version
    BOOST_TEST(merged.profiles.back().name == "go1.22-observed");
    BOOST_TEST((merged.workloads == std::vector<std::string>{"loopvar-capture", "cleanup-capture"}));
  } while (std::next_permutation(legs.begin(), legs.end(), [](const Leg& x, const Leg& y) { return x.path < y.path; }));
  BOOST_TEST(orders == 6);
  BOOST_TEST(first_order ==
             "go1.20/cleanup-capture/2 go1.20/cleanup-capture/9 go1.20/cleanup-capture/30 "
             "go1.22/loopvar-capture/2 go1.22/loopvar-capture/9 go1.22/loopvar-capture/30 "
             "go1.22-observed/loopvar-capture/2 go1.22-observed/loopvar-capture/9 go1.22-observed/loopvar-capture/30 ");
}

// The digest of a run does not depend on the order its cases come in, with
// several seeds per profile and workload too.
BOOST_AUTO_TEST_CASE(digest_of_cases_ignores_case_order) {
  std::vector<report::CaseResult> cases = leg_of("a", {{"go1.22", "w", 3}, {"go1.22", "w", 1}, {"go1.22", "w", 2}}).run.cases;
  const std::uint64_t digest = digest_of_cases(cases);
  std::sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.obs.seed < b.obs.seed; });
  do BOOST_TEST(digest_of_cases(cases) == digest);
  while (std::next_permutation(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.obs.seed < b.obs.seed; }));
}

BOOST_AUTO_TEST_CASE(workload_order_keeps_the_legs_order_and_ignores_theirs) {
  const std::vector<std::string> registry{"bench-reuse", "goroutine-leak", "loopvar-capture"};
  using Lists = std::vector<std::vector<std::string>>;
  // Legs agree: their order, even against the registry's.
  BOOST_TEST((merged_workload_order(Lists{{"loopvar-capture", "s2", "bench-reuse"}, {"loopvar-capture", "s2", "bench-reuse"}}, registry) ==
              std::vector<std::string>{"loopvar-capture", "s2", "bench-reuse"}));
  // Partial lists: the constraints of each; open ties by registry rank, then name.
  Lists lists{{"s2", "s1"}, {"goroutine-leak", "s2"}, {"bench-reuse"}, {"zeta", "alpha"}};
  const std::vector<std::string> expected{"bench-reuse", "goroutine-leak", "s2", "s1", "zeta", "alpha"};
  std::sort(lists.begin(), lists.end());
  do BOOST_TEST((merged_workload_order(lists, registry) == expected));
  while (std::next_permutation(lists.begin(), lists.end()));
  // Legs that disagree (a cycle) still give one order, the same in any order of legs.
  Lists cycle{{"a", "b"}, {"b", "a"}};
  const std::vector<std::string> broken = merged_workload_order(cycle, registry);
  std::reverse(cycle.begin(), cycle.end());
  BOOST_TEST((merged_workload_order(cycle, registry) == broken));
  BOOST_TEST(broken.size() == 2u);
}
