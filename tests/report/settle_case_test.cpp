// report/settle_case: a finished case keeps what the reports read (its facts,
// hence its cascade) once its events are released, and its trace is written when it ends, not when the
// run ends (settle_case.hpp, reporter_traces.hpp; issue 16, RSS: every case
// used to keep its whole event log until the end). Real timeout-cascade runs.
#define BOOST_TEST_MODULE report settle_case
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "policy/loader.hpp"
#include "report/cascade.hpp"
#include "report/out_dir.hpp"
#include "report/reporter_traces.hpp"
#include "report/settle_case.hpp"
#include "report/trace_writer.hpp"
#include "file_text.hpp"
#include "test_temp_dir.hpp"
#include "workloads/workload.hpp"

using namespace gcm;
namespace fs = std::filesystem;

namespace {
report::CaseResult run(const std::string& profile) {
  static const policy::ProfileCatalog catalog(GCMATRIX_POLICIES_DIR);
  const policy::Profile* p = catalog.find(profile);
  BOOST_REQUIRE(p != nullptr);
  const workloads::Workload* w = workloads::find_workload("timeout-cascade");
  BOOST_REQUIRE(w != nullptr);
  report::CaseResult c;
  c.obs = w->run(workloads::RunInput{*p, workloads::resolve_params(w->name, w->params, {}), 1});
  return c;
}
std::vector<std::string> manifest_files(const fs::path& dir) {
  std::ifstream in(dir / report::kManifestFileName);
  return nlohmann::json::parse(in).at("files").get<std::vector<std::string>>();
}
bool lists(const std::vector<std::string>& files, const std::string& f) {
  return std::find(files.begin(), files.end(), f) != files.end();
}
}  // namespace

BOOST_AUTO_TEST_CASE(cascade_and_facts_outlive_the_events) {
  report::CaseResult c = run("go1.20");
  BOOST_REQUIRE(c.obs.events != nullptr);
  const std::optional<report::Cascade> before = report::explain_cascade(c.obs);
  BOOST_REQUIRE(before.has_value());  // go1.20 times out: a chain to keep
  report::settle_case(c);
  report::release_events(c);
  BOOST_TEST(c.obs.events == nullptr);
  BOOST_TEST(c.obs.event_count > 0u);  // the counts and the digest stay
  BOOST_REQUIRE(c.obs.facts != nullptr);
  const std::optional<report::Cascade> after = report::explain_cascade(c.obs);  // from the facts alone
  BOOST_REQUIRE(after.has_value());
  BOOST_TEST(report::render_cascade_text(*after) == report::render_cascade_text(*before));
}

BOOST_AUTO_TEST_CASE(settle_derives_the_facts_an_observation_lacks) {
  report::CaseResult c = run("go1.20");
  const std::optional<report::Cascade> before = report::explain_cascade(c.obs);
  BOOST_REQUIRE(before.has_value());
  c.obs.facts.reset();  // an Observation built without a Harness
  report::settle_case(c);
  BOOST_REQUIRE(c.obs.facts != nullptr);
  report::release_events(c);
  const std::optional<report::Cascade> after = report::explain_cascade(c.obs);
  BOOST_REQUIRE(after.has_value());
  BOOST_TEST(report::render_cascade_text(*after) == report::render_cascade_text(*before));
}

BOOST_AUTO_TEST_CASE(a_trace_is_written_when_its_case_ends) {
  gcm::testing::TestTempDir t("gcm_settle_case_");
  const fs::path out = t.path / "D";
  fs::create_directories(out);
  report::OutDir owner = report::OutDir::lock(out);
  owner.claim({"0.0-test", "gcmatrix --out D"}, {}, {"traces"});
  const std::string planned = report::trace_file_name("go1.20", "timeout-cascade");
  const std::string not_run = report::trace_file_name("go1.21", "timeout-cascade");
  const auto traces = report::make_traces_reporter(out / "traces", &owner, {planned, not_run});

  traces->run_started({});
  // Every planned trace is listed before any is written (one manifest write).
  BOOST_TEST(lists(manifest_files(out), "traces/" + planned));
  BOOST_TEST(lists(manifest_files(out), "traces/" + not_run));

  report::RunResult result;
  result.cases.push_back(run("go1.20"));
  report::CaseResult& ended = result.cases.back();
  const std::string expected = report::render_trace(ended.obs);
  report::settle_case(ended);
  traces->case_ended(ended);
  BOOST_TEST(gcm::testing::file_text(out / "traces" / planned) == expected);  // on disk before the run ends
  report::release_events(ended);

  // A case the reporter never saw end (a RunResult built otherwise) is
  // written at the end; the one already written is not rewritten from its
  // released (empty) events.
  result.cases.push_back(run("go1.20-observed"));
  const std::string observed = report::render_trace(result.cases.back().obs);
  const std::string observed_name = report::trace_file_name(result.cases.back().obs);
  traces->run_ended(result);
  BOOST_TEST(gcm::testing::file_text(out / "traces" / planned) == expected);
  BOOST_TEST(gcm::testing::file_text(out / "traces" / observed_name) == observed);
  BOOST_TEST(lists(manifest_files(out), "traces/" + observed_name));  // listed before it was written
}
