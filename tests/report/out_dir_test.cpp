// out_dir_test.cpp — the --out folder's owner (out_dir.hpp) and the reporter
// fan-out (reporter.hpp): what is removed, what is kept, what is refused.
#define BOOST_TEST_MODULE report.out_dir
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "report/atomic_write.hpp"
#include "report/out_dir.hpp"
#include "report/reporter.hpp"
#include "report/reporter_files.hpp"
#include "report/reporter_out_dir.hpp"
#include "sample_run.hpp"
#include "test_temp_dir.hpp"

namespace fs = std::filesystem;
using namespace gcm::report;

namespace {

struct TempDir : gcm::testing::TestTempDir {
  TempDir() : TestTempDir("gcm_out_dir_") { fs::create_directories(d()); }
  fs::path d() const { return path / "D"; }  // the --out folder; its parent stands for "outside"
};

void touch(const fs::path& p, const std::string& text = "x") {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

nlohmann::json manifest(const fs::path& dir) {
  std::ifstream in(dir / kManifestFileName);
  return nlohmann::json::parse(in);
}

const RunIdentity kWho{"0.0-test", "gcmatrix --out D"};

}  // namespace

BOOST_AUTO_TEST_CASE(temp_names_are_those_of_atomic_write) {
  BOOST_TEST(is_atomic_write_temp_name(".results.json.tmp.4242.0"));
  BOOST_TEST(is_atomic_write_temp_name(".go1.22__x.json.tmp.1.17"));
  BOOST_TEST(!is_atomic_write_temp_name("results.json.tmp.4242.0"));  // not hidden
  BOOST_TEST(!is_atomic_write_temp_name(".x.tmp.4242"));               // no counter
  BOOST_TEST(!is_atomic_write_temp_name(".x.tmp.a.1"));
  BOOST_TEST(!is_atomic_write_temp_name(".notes.tmp.txt"));
  BOOST_TEST(!is_atomic_write_temp_name(".tmp.1.2"));  // no target name
}

BOOST_AUTO_TEST_CASE(claim_removes_what_the_previous_manifest_lists_and_nothing_else) {
  TempDir t;
  {
    OutDir first = OutDir::lock(t.d());
    first.claim(kWho, {"results.json", "junit.xml"}, {"traces"});
    touch(t.d() / "results.json");
    first.will_write({"traces/a.json", "traces/b.json"});
    touch(t.d() / "traces" / "a.json");
    touch(t.d() / "traces" / "b.json");
    first.complete();
    BOOST_TEST(manifest(t.d())["state"] == "complete");
    // junit.xml was planned but never written: not listed as the run's file.
    BOOST_TEST(manifest(t.d())["files"] == nlohmann::json({"results.json", "traces/a.json", "traces/b.json"}));
  }
  touch(t.d() / "mine.txt");
  touch(t.d() / "traces" / "mine.json");
  OutDir second = OutDir::lock(t.d());
  second.claim(kWho, {"results.json"}, {"traces"});
  BOOST_TEST(!fs::exists(t.d() / "results.json"));
  BOOST_TEST(!fs::exists(t.d() / "traces" / "a.json"));
  BOOST_TEST(fs::exists(t.d() / "mine.txt"));
  BOOST_TEST(fs::exists(t.d() / "traces" / "mine.json"));
  BOOST_TEST(manifest(t.d())["state"] == "in-progress");
  BOOST_TEST(manifest(t.d())["files"] == nlohmann::json({"results.json"}));
}

BOOST_AUTO_TEST_CASE(a_second_lock_on_the_folder_is_refused_naming_the_pid) {
  TempDir t;
  OutDir held = OutDir::lock(t.d());
  try {
    (void)OutDir::lock(t.d());  // another descriptor: flock excludes it, as another process
    BOOST_FAIL("locked twice");
  } catch (const OutputError& e) {
    BOOST_TEST(std::string(e.what()) == "--out " + t.d().string() + ": in use by another gcmatrix run (pid " +
                                            std::to_string(::getpid()) +
                                            "); wait for it to end or choose another folder");
  }
}

BOOST_AUTO_TEST_CASE(a_manifest_naming_a_path_outside_the_folder_is_refused_and_nothing_removed) {
  TempDir t;
  touch(t.path / "victim.txt");
  touch(t.d() / "results.json");
  for (const char* bad : {R"({"gcmatrix_run_manifest": 1, "files": ["results.json", "../victim.txt"]})",
                          R"({"gcmatrix_run_manifest": 1, "files": ["/etc/passwd"]})",
                          R"({"gcmatrix_run_manifest": 2, "files": []})", R"([1, 2])"}) {
    touch(t.d() / kManifestFileName, bad);
    OutDir d = OutDir::lock(t.d());
    BOOST_CHECK_THROW(d.claim(kWho, {}, {}), OutputError);
    BOOST_TEST(fs::exists(t.path / "victim.txt"));
    BOOST_TEST(fs::exists(t.d() / "results.json"), bad);
  }
}

BOOST_AUTO_TEST_CASE(check_claimable_refuses_what_claim_refuses_and_touches_nothing) {
  TempDir t;
  touch(t.d() / "results.json");
  touch(t.d() / ".results.json.tmp.4242.0");  // a leftover claim() would remove
  touch(t.d() / kManifestFileName, R"({"gcmatrix_run_manifest": 1, "files": ["results.json"]})");
  {
    OutDir d = OutDir::lock(t.d());
    d.check_claimable();  // a manifest gcmatrix wrote: no throw, nothing removed, manifest as it was
    BOOST_TEST(fs::exists(t.d() / "results.json"));
    BOOST_TEST(fs::exists(t.d() / ".results.json.tmp.4242.0"));
    BOOST_TEST(manifest(t.d()) == nlohmann::json::parse(R"({"gcmatrix_run_manifest": 1, "files": ["results.json"]})"));
  }
  touch(t.d() / kManifestFileName, "not json");
  OutDir d = OutDir::lock(t.d());
  try {
    d.check_claimable();
    BOOST_FAIL("a foreign manifest was accepted");
  } catch (const OutputError& e) {
    BOOST_TEST(std::string(e.what()).find("is not a gcmatrix run manifest") != std::string::npos, e.what());
  }
  BOOST_TEST(fs::exists(t.d() / "results.json"));
}

BOOST_AUTO_TEST_CASE(a_listed_file_behind_a_symbolic_link_is_not_followed) {
  TempDir t;
  touch(t.path / "elsewhere" / "a.json");
  fs::create_directory_symlink(t.path / "elsewhere", t.d() / "traces");
  touch(t.d() / kManifestFileName, R"({"gcmatrix_run_manifest": 1, "files": ["traces/a.json"]})");
  OutDir d = OutDir::lock(t.d());
  d.claim(kWho, {}, {"traces"});
  BOOST_TEST(fs::exists(t.path / "elsewhere" / "a.json"));
}

BOOST_AUTO_TEST_CASE(inside_is_relative_to_the_folder_and_reserved_names_are_not_outputs) {
  TempDir t;
  OutDir d = OutDir::lock(t.d());
  BOOST_TEST(d.inside(t.d() / "traces" / "x.json").value_or("-") == "traces/x.json");
  BOOST_TEST(!d.inside(t.path / "x.json").has_value());
  BOOST_TEST(!d.inside(t.d() / kManifestFileName).has_value());
  BOOST_TEST(d.is_reserved(t.d() / kLockFileName));
  BOOST_TEST(!d.is_reserved(t.d() / "junit.xml"));
}

namespace {
struct Recorder final : Reporter {
  std::vector<std::string>* log;
  std::string name;
  Recorder(std::vector<std::string>* l, std::string n) : log(l), name(std::move(n)) {}
  void run_started(const RunStarted&) override { log->push_back(name + ":start"); }
  void case_ended(const CaseResult& c) override { log->push_back(name + ":" + c.obs.workload); }
  void run_ended(const RunResult&) override { log->push_back(name + ":end"); }
};
}  // namespace

BOOST_AUTO_TEST_CASE(fan_out_forwards_every_event_in_the_order_reporters_were_added) {
  const RunResult run = sample::sample_run();
  BOOST_REQUIRE(!run.cases.empty());
  std::vector<std::string> log;
  FanOutReporter f;
  f.add(std::make_unique<Recorder>(&log, "a"));
  f.add(std::make_unique<Recorder>(&log, "b"));
  f.run_started({});
  f.case_ended(run.cases.front());
  f.run_ended(run);
  const std::string w = run.cases.front().obs.workload;
  const std::vector<std::string> want{"a:start", "b:start", "a:" + w, "b:" + w, "a:end", "b:end"};
  BOOST_TEST(log == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_manifest_reporter_after_the_files_says_complete_and_lists_them) {
  TempDir t;
  OutDir d = OutDir::lock(t.d());
  d.claim(kWho, {"results.json"}, {});
  FanOutReporter f;
  f.add(make_results_json_reporter(t.d() / "results.json"));
  f.add(make_out_dir_reporter(d));
  BOOST_TEST(manifest(t.d())["state"] == "in-progress");
  f.run_ended(sample::sample_run());
  BOOST_TEST(fs::file_size(t.d() / "results.json") > 0u);
  BOOST_TEST(manifest(t.d())["state"] == "complete");
  BOOST_TEST(manifest(t.d())["files"] == nlohmann::json({"results.json"}));
}
