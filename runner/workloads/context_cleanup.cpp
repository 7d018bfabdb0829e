// context_cleanup.cpp — article §3.2 (A18) and O9: workers select on a
// context's Done channel; a cleanup waits for them to exit. Manual cancel in
// the cleanup works everywhere; relying on t.Context() works only where the
// framework cancels it before the cleanups (Go 1.24+).
#include "workloads/harness.hpp"
#include "workloads/registry_entries.hpp"

namespace gcm::workloads {

namespace {
// go func() { res := acquire(); defer release(res); <-ctx.Done(); reason = ctx.Err() }()
void worker(gotest::T& t, rt::Context* ctx, rt::WaitGroup* wg, std::int64_t* released) {
  rt::RootSet* f = t.rt().open_frame("worker");
  f->set("resource", t.rt().alloc_buffer(64 * 1024));
  bool ok = false;
  ctx->done->recv(&ok);
  ++*released;  // deferred release on the cancellation path; the reason is ctx->err
  wg->done();
}

void add_variant(Harness& h, const std::string& name, bool manual, int workers, std::int64_t* released) {
  h.pkg().add(name, [manual, workers, released](gotest::T& t) {
    rt::Context* ctx = manual ? t.rt().with_cancel(t.rt().background()) : t.context();
    rt::WaitGroup* wg = t.rt().make_waitgroup();
    wg->add(workers);
    for (int i = 0; i < workers; ++i) t.go("worker", [&t, ctx, wg, released] { worker(t, ctx, wg, released); });
    t.cleanup(manual ? "cancelThenWait" : "waitForWorkers", {}, [&t, ctx, wg, manual] {
      if (manual) t.rt().cancel(ctx);
      wg->wait();  // with t.Context() this relies on the framework having cancelled ctx (O9)
      t.log("released: " + ctx->err);
    });
    t.rt().sleep(1'000'000);
  });
}
}  // namespace

static Observation run_context_cleanup(const RunInput& in) {
  Harness h(context_cleanup_workload(), in);
  const int workers = static_cast<int>(in.params.get("workers"));
  std::int64_t released_manual = 0, released_tcontext = 0;
  add_variant(h, "TestManualCancel", true, workers, &released_manual);
  add_variant(h, "TestTContext", false, workers, &released_tcontext);  // last: may time out the binary
  h.run();
  std::uint64_t leaked_manual = 0, leaked_tcontext = 0;
  for (const rt::LeakedGoroutine& g : h.result().run.leaks) {
    if (g.label.rfind("TestManualCancel.", 0) == 0) ++leaked_manual;
    if (g.label.rfind("TestTContext.", 0) == 0) ++leaked_tcontext;
  }
  const gotest::TestStatus tc = h.status("TestTContext");
  h.check("manual-cancel:released", released_manual == workers && leaked_manual == 0,
          std::to_string(released_manual) + "/" + std::to_string(workers) + " resources released, " +
              std::to_string(leaked_manual) + " goroutines leaked",
          {"A18"});
  h.check("t-context:released", released_tcontext == workers && tc == gotest::TestStatus::passed,
          std::to_string(released_tcontext) + "/" + std::to_string(workers) + " released; TestTContext " +
              gotest::to_string(tc) + (h.result().aborted ? " (" + h.result().abort_reason + ")" : std::string()),
          {"A18", "O9"});
  h.metric("t_context_test_duration_ns", h.duration_ns("TestTContext"), "ns");
  h.metric("leaked_goroutines", static_cast<std::int64_t>(leaked_manual + leaked_tcontext), "count");
  return h.finish();
}

const Workload& context_cleanup_workload() {
  static const Workload w{"context-cleanup", "3.2", {"A18", "O9"},
                          "workers on ctx.Done(); cleanup waits: manual cancel vs t.Context()",
                          {{"workers", 4, 1, 10'000, "count", "worker goroutines per test"}},
                          &run_context_cleanup, std::source_location::current()};
  return w;
}

}  // namespace gcm::workloads
