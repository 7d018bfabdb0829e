// suite_cleanup.cpp — article §4.2 (A21): a cleanup registered at suite
// set-up runs once at suite end, so per-test resources pile up; registering
// on each test's own t releases them after each test.
#include "workloads/harness.hpp"
#include "workloads/registry_entries.hpp"

namespace gcm::workloads {

namespace {
struct SuiteStats {
  std::int64_t peak_open = 0;           // resources open at once
  std::int64_t left_open_after_test = 0;  // Σ over tests: resources of a finished test still open
  std::int64_t peak_live_bytes = 0;
};

// TestSuite/TestNN: each test opens one resource (a buffer in the suite's
// registry). Suite-level: one cleanup registered at set-up closes them all
// at suite end (testify's SetupSuite + t.Cleanup); per-test: each test
// registers the release on its own t.
void add_suite(Harness& h, const std::string& name, bool per_test, int tests, std::uint64_t resource_bytes,
               SuiteStats* st) {
  h.pkg().add(name, [=](gotest::T& suite) {
    rt::Runtime& rt = suite.rt();
    rt::RootSet* open = rt.new_root_set(rt::RootKind::global, name + ".resources");
    if (!per_test) suite.cleanup("closeAll", {}, [open] { open->clear(); });  // SetupSuite
    for (int i = 1; i <= tests; ++i) {
      suite.run("Test" + std::to_string(i), [=, &rt](gotest::T& t) {
        // Resources of earlier tests still open now are the leak A21 describes.
        st->left_open_after_test += static_cast<std::int64_t>(open->slots().size());
        rt::Object* res = rt.alloc_buffer(resource_bytes);
        open->push(res);
        if (per_test) {
          rt::Object* cell = rt.new_cell(res);
          t.cleanup("release", {cell}, [open, cell] { open->remove_one(cell->slot(0)); });
        }
        st->peak_open = std::max<std::int64_t>(st->peak_open, static_cast<std::int64_t>(open->slots().size()));
        rt.gc();
        st->peak_live_bytes = std::max<std::int64_t>(st->peak_live_bytes, static_cast<std::int64_t>(rt.heap().heap_live_bytes()));
      });
    }
  });
}
}  // namespace

static Observation run_suite_cleanup(const RunInput& in) {
  Harness h(suite_cleanup_workload(), in);
  const int tests = static_cast<int>(in.params.get("tests"));
  const std::uint64_t bytes = static_cast<std::uint64_t>(in.params.get("resource_kib")) * 1024;
  SuiteStats shared, per_test;
  add_suite(h, "TestSuiteSharedCleanup", false, tests, bytes, &shared);
  add_suite(h, "TestSuitePerTestCleanup", true, tests, bytes, &per_test);
  h.run();
  const bool shared_ran = h.status("TestSuiteSharedCleanup") == gotest::TestStatus::passed;
  const bool per_test_ran = h.status("TestSuitePerTestCleanup") == gotest::TestStatus::passed;
  h.check("suite-level:released-after-each-test", shared_ran && shared.left_open_after_test == 0,
          std::to_string(shared.left_open_after_test) + " resources of finished tests were still open; peak " +
              std::to_string(shared.peak_open) + " open at once",
          {"A21"});
  h.check("per-test:released-after-each-test", per_test_ran && per_test.left_open_after_test == 0,
          std::to_string(per_test.left_open_after_test) + " resources of finished tests were still open", {"A21", "A7"});
  h.metric("suite_level_peak_open", shared.peak_open, "count");
  h.metric("per_test_peak_open", per_test.peak_open, "count");
  h.metric("suite_level_peak_live_bytes", shared.peak_live_bytes, "bytes");
  h.metric("per_test_peak_live_bytes", per_test.peak_live_bytes, "bytes");
  return h.finish();
}

const Workload& suite_cleanup_workload() {
  static const Workload w{"suite-cleanup", "4.2", {"A21", "A7"},
                          "cleanup registered at suite set-up vs per test: do resources pile up?",
                          {{"tests", 10, 1, 10'000, "count", "tests in the suite"},
                           {"resource_kib", 1024, 1, 1 << 20, "KiB", "resource opened by each test"}},
                          &run_suite_cleanup, std::source_location::current()};
  return w;
}

}  // namespace gcm::workloads
