// foreign_goroutine_cleanup.cpp — article §2.2 (A8) vs O3: t.Cleanup called
// from a goroutine other than the test's, while the test runs and after it
// completed.
#include <memory>

#include "workloads/harness.hpp"
#include "workloads/registry_entries.hpp"

namespace gcm::workloads {

static Observation run_foreign_goroutine_cleanup(const RunInput& in) {
  Harness h(foreign_goroutine_cleanup_workload(), in);
  auto ran = std::make_shared<std::map<std::string, int>>();
  auto counting = [ran](std::string label) { return [ran, label] { ++(*ran)[label]; }; };
  h.pkg().add("TestCleanupFromGoroutine", [&](gotest::T& t) {
    rt::WaitGroup* wg = t.rt().make_waitgroup();
    wg->add(1);
    t.go("registrar", [&t, wg, &counting] {
      struct Done {
        rt::WaitGroup* wg;
        ~Done() { wg->done(); }
      } done{wg};
      t.cleanup("duringTest", {}, counting("duringTest"));
    });
    wg->wait();
  });
  h.pkg().add("TestLateCleanup", [&](gotest::T& t) {
    t.go("lateRegistrar", [&t, &counting] {
      t.rt().sleep(1'000'000);  // the test has completed by now
      t.cleanup("afterTest", {}, counting("afterTest"));
    });
  });
  h.pkg().add("TestKeepsBinaryBusy", [](gotest::T& t) { t.rt().sleep(5'000'000); });
  h.run();
  auto ran_count = [&](const std::string& l) { return ran->count(l) ? ran->at(l) : 0; };
  auto why = [&](const std::string& test) {
    const gotest::TestStatus s = h.status(test);
    if (s == gotest::TestStatus::not_run) return std::string("; ") + test + " not run: " + h.result().abort_reason;
    return std::string();
  };
  h.check("cleanup-from-goroutine-runs", ran_count("duringTest") == 1,
          "registered from another goroutine during the test: ran " + std::to_string(ran_count("duringTest")) +
              " time(s)" + (h.result().aborted ? " (" + h.result().abort_reason + ")" : std::string()),
          {"A8", "O3"});
  h.check("late-cleanup-runs", ran_count("afterTest") == 1,
          "registered after the test completed: ran " + std::to_string(ran_count("afterTest")) + " time(s)" +
              why("TestLateCleanup"),
          {"A8", "O3"});
  h.metric("cleanups_rejected", static_cast<std::int64_t>(h.count(rt::EventKind::test_cleanup_rejected)), "count");
  h.metric("binary_aborted", h.result().aborted ? 1 : 0, "bool");
  return h.finish();
}

const Workload& foreign_goroutine_cleanup_workload() {
  static const Workload w{"foreign-goroutine-cleanup", "2.2", {"A7", "A8", "O3"},
                          "t.Cleanup from a spawned goroutine, during and after the test",
                          {}, &run_foreign_goroutine_cleanup, std::source_location::current()};
  return w;
}

}  // namespace gcm::workloads
