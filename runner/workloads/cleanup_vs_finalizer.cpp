// cleanup_vs_finalizer.cpp — article §2.5 (A11–A16, O4): the experiment
//
//   var finalized int
//   obj := &struct{ x int }{42}
//   runtime.SetFinalizer(obj, func(any) { finalized++ })
//   t.Cleanup(func() { fmt.Println("cleanup run"); /* assert finalized == 0 */ })
//   runtime.GC(); time.Sleep(…)   // test logic with forced GCs, GOGC=off (A16)
//
// with forced GCs at the lifecycle points the article's timing needs, and a
// following test that looks whether the finalizer ever ran (A15 vs O4).
#include <memory>

#include "workloads/harness.hpp"
#include "workloads/registry_entries.hpp"

namespace gcm::workloads {

static Observation run_cleanup_vs_finalizer(const RunInput& in) {
  rt::GcConfig gc = in.profile.gc;
  gc.gogc_off = true;  // A16: GOGC=off, only forced runtime.GC()
  Harness h(cleanup_vs_finalizer_workload(), in, gc);
  h.rt().arm_hook(gotest::hook::after_cleanup_register);
  h.rt().arm_hook(gotest::hook::after_body_return);
  h.rt().arm_hook(gotest::hook::before_each_cleanup);
  const std::int64_t logic_gcs = in.params.get("forced_gcs");
  auto finalized = std::make_shared<std::int64_t>(0);
  std::int64_t finalized_at_cleanup = -1, finalized_after = -1;
  h.pkg().add("TestCleanupVsFinalizer", [&, finalized](gotest::T& t) {
    rt::Runtime& rt = t.rt();
    rt::Object* fin = rt.new_closure("main.finalizer", {}, [finalized](rt::Object*, rt::Object*) { ++*finalized; });
    t.frame().set("finalizer", fin);
    rt::Object* obj = rt.alloc(static_cast<std::uint8_t>(rt::ObjectKind::plain), 0, 8);  // &struct{x int}{42}
    rt.set_finalizer(obj, fin);  // obj's last use: dead from here on (Go's liveness)
    t.cleanup("cleanupRun", {}, [&t, &finalized_at_cleanup, finalized] {
      t.log("cleanup run");
      finalized_at_cleanup = *finalized;
    });
    for (std::int64_t i = 0; i < logic_gcs; ++i) {
      rt.gc();
      rt.sleep(1'000'000);  // time.Sleep(time.Millisecond): give finalizers a chance
    }
  });
  h.pkg().add("TestAfterCompletion", [&, finalized](gotest::T& t) {
    t.rt().gc();
    t.rt().sleep(1'000'000);
    finalized_after = *finalized;
  });
  h.run();
  h.check("finalized-zero-at-cleanup", finalized_at_cleanup == 0,
          "finalized == " + std::to_string(finalized_at_cleanup) + " when the cleanup ran",
          {"A11", "A12", "A13", "A14", "O4"});
  h.check("finalizer-eventually-runs", finalized_after == 1,
          finalized_after == 1 ? "the finalizer ran once by the end of the next test"
                               : "the finalizer never ran (entries discarded at test completion)",
          {"A15", "O4"});
  h.metric("finalized_at_cleanup", finalized_at_cleanup, "count");
  h.metric("finalized_after_test", finalized_after, "count");
  h.metric("finalizers_discarded", static_cast<std::int64_t>(h.count(rt::EventKind::finalizer_discarded)), "count");
  h.metric("window_draws", static_cast<std::int64_t>(h.pkg().gate().windows_drawn()), "count");
  // The order of the lifecycle as events saw it (A15's diagram).
  std::string order;
  for (const rt::Event& e : h.rt().events().events()) {
    const char* step = nullptr;
    switch (e.kind) {
      case rt::EventKind::test_cleanup_register: step = "register"; break;
      case rt::EventKind::finalizer_set: step = "set_finalizer"; break;
      case rt::EventKind::finalizer_run: step = "finalizer_run"; break;
      case rt::EventKind::test_body_return: step = e.subject == "TestCleanupVsFinalizer" ? "body_return" : nullptr; break;
      case rt::EventKind::test_cleanup_run: step = "cleanup_run"; break;
      case rt::EventKind::finalizer_discarded: step = "discard"; break;
      case rt::EventKind::test_end: step = e.subject == "TestCleanupVsFinalizer" ? "completed" : nullptr; break;
      default: break;
    }
    if (step) order += (order.empty() ? "" : " → ") + std::string(step);
  }
  h.summary_line("order: " + order);
  return h.finish();
}

const Workload& cleanup_vs_finalizer_workload() {
  static const Workload w{"cleanup-vs-finalizer", "2.5", {"A11", "A12", "A13", "A14", "A15", "A16", "O4"},
                          "SetFinalizer + t.Cleanup with GOGC=off and forced GCs: does the finalizer run first?",
                          {{"forced_gcs", 1, 0, 100, "count", "runtime.GC()+Sleep pairs in the test logic"}},
                          &run_cleanup_vs_finalizer, std::source_location::current()};
  return w;
}

}  // namespace gcm::workloads
