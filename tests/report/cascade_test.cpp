// report/cascade: a real timeout-cascade run under go1.20 and go1.20-observed
// explained from its events; every figure in the text is checked against the
// run itself (its emulated tests, metrics, events), not against constants.
#define BOOST_TEST_MODULE report cascade
#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

#include "policy/loader.hpp"
#include "report/cascade.hpp"
#include "report/retention_summary.hpp"
#include "report/units.hpp"
#include "workloads/workload.hpp"

using namespace gcm;

namespace {
workloads::Observation run(const std::string& profile, std::map<std::string, std::string> raw = {}) {
  static const policy::ProfileCatalog catalog(GCMATRIX_POLICIES_DIR);
  const policy::Profile* p = catalog.find(profile);
  BOOST_REQUIRE(p != nullptr);
  const workloads::Workload* w = workloads::find_workload("timeout-cascade");
  BOOST_REQUIRE(w != nullptr);
  return w->run(workloads::RunInput{*p, workloads::resolve_params(w->name, w->params, raw), 1});
}
std::int64_t metric(const workloads::Observation& o, const std::string& name) {
  for (const auto& m : o.metrics)
    if (m.name == name) return m.value;
  BOOST_FAIL("no metric " + name);
  return 0;
}
std::string step(const report::Cascade& c, const std::string& label) {
  for (const auto& s : c.steps)
    if (s.label == label) return s.text;
  return {};
}
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

BOOST_AUTO_TEST_CASE(go1_20_families_explained_from_their_own_events) {
  for (const char* profile : {"go1.20", "go1.20-observed"}) {
    BOOST_TEST_CONTEXT(profile) {
      const workloads::Observation o = run(profile);
      const auto c = report::explain_cascade(o);
      BOOST_REQUIRE(c.has_value());
      BOOST_TEST_MESSAGE(report::render_cascade_text(*c));
      // Appended, not an operator+ chain: GCC 12 -Wrestrict misfires on those.
      std::string title = "timeout-cascade @ ";
      title += profile;
      title += ", seed 1";
      BOOST_TEST(c->title == title);
      BOOST_TEST(has(step(*c, "leak"), "`orderCache` grows 8.0 MiB per test, never cleared (global root)"));
      BOOST_TEST(has(step(*c, "pressure"), "live heap "));
      std::string completed = std::to_string(metric(o, "tests_completed"));
      completed += " completed)";
      BOOST_TEST(has(step(*c, "pressure"), completed));
      // The deadline names the first timed-out test with its own virtual duration.
      const int first = static_cast<int>(metric(o, "first_timed_out_test"));
      BOOST_REQUIRE(first > 0);
      const workloads::EmulatedTest& victim = o.tests.at(static_cast<std::size_t>(first - 1));
      BOOST_TEST(std::string(gotest::to_string(victim.status)) == gotest::to_string(gotest::TestStatus::timed_out));
      // A22 (documented): the test's own limit. O7 (observed): the binary's
      // one alarm, fired while the victim ran.
      const std::string ran = report::human_value(victim.duration_ns, "ns");
      if (std::string(profile) == "go1.20") {
        BOOST_TEST(has(step(*c, "deadline"), victim.name + " ran " + ran + " (limit 60 s per test)"));
      } else {
        BOOST_TEST(has(step(*c, "deadline"), "the binary's -timeout 600 s fired at "));
        BOOST_TEST(has(step(*c, "deadline"), "during " + victim.name + " (running " + ran + "; one alarm for the whole binary, O7)"));
      }
      // The retainer: the dominator tree's largest root when the deadline hit.
      const rt::RetentionSnapshot* at_deadline = report::retention_at(o, rt::RetentionPoint::test_timeout, victim.name);
      BOOST_REQUIRE(at_deadline != nullptr);
      BOOST_REQUIRE(!at_deadline->retainers.empty());
      const rt::Retainer& top = at_deadline->retainers.front();
      BOOST_TEST(top.name == "orderCache");
      BOOST_TEST(at_deadline->share_permille(top) >= 900u);  // §4.3: the static cache holds the heap
      BOOST_TEST(has(step(*c, "retainer"), "`orderCache` (global) retains "));
      BOOST_TEST(has(step(*c, "retainer"), report::permille_text(at_deadline->share_permille(top)) + " of the "));
      BOOST_TEST(has(step(*c, "retainer"), "at " + victim.name + "'s deadline"));
      BOOST_TEST(has(step(*c, "abort"), "panic: test timed out after"));
      BOOST_TEST(has(step(*c, "abort"), "cleanups skipped (O7)"));
      const std::int64_t lost = metric(o, "tests_not_run");
      if (lost > 0)
        BOOST_TEST(has(step(*c, "lost"), "not run (" + std::to_string(lost) + " tests)"));
      else
        BOOST_TEST(step(*c, "lost").empty());
      // The markdown carries the same steps.
      const std::string md = report::render_cascade_markdown({*c});
      BOOST_TEST(has(md, "## " + c->title));
      BOOST_TEST(has(md, "- **deadline** " + step(*c, "deadline")));
    }
  }
}

BOOST_AUTO_TEST_CASE(figures_follow_the_parameters_and_the_remedy_explains_nothing) {
  const workloads::Observation o = run("go1.20", {{"cache_mib_per_test", "16"}});
  const auto c = report::explain_cascade(o);
  BOOST_REQUIRE(c.has_value());
  BOOST_TEST(has(step(*c, "leak"), "grows 16.0 MiB per test"));
  BOOST_TEST(!report::explain_cascade(run("go1.20", {{"clear_cache", "1"}})).has_value());
  BOOST_TEST(has(report::render_cascade_markdown({}), "No test timed out"));
}
