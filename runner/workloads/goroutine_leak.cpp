// goroutine_leak.cpp — article §2.4 (A10): goroutines that each hold a 1 MiB
// buffer and sleep an hour outlive their test and retain ≈ n MiB; the remedy
// cancels them through a context in a cleanup and waits for them.
#include "workloads/harness.hpp"
#include "workloads/registry_entries.hpp"

namespace gcm::workloads {

namespace {
constexpr std::int64_t kHourNs = 3'600'000'000'000;

// One goroutine of the article: buf := make([]byte, 1<<20); select on done or an hour.
void sleeper(rt::Runtime& rt, rt::Chan* done, std::uint64_t buffer_bytes) {
  rt::RootSet* f = rt.open_frame("worker");
  f->set("buf", rt.alloc_buffer(buffer_bytes));
  if (done == nullptr) {
    rt.sleep(kHourNs);
    return;
  }
  rt::Chan* cases[] = {done};
  rt::Object* v = nullptr;
  rt::select_recv(rt, cases, kHourNs, &v);
}
}  // namespace

static Observation run_goroutine_leak(const RunInput& in) {
  Harness h(goroutine_leak_workload(), in);
  const int n = static_cast<int>(in.params.get("goroutines"));
  const std::uint64_t buffer_bytes = static_cast<std::uint64_t>(in.params.get("buffer_kib")) * 1024;
  std::int64_t leak_alloc_bytes = 0, remedy_alloc_bytes = 0;
  // runtime.ReadMemStats().Alloc after a GC, read at the end of the test body.
  auto read_alloc = [](gotest::T& t) {
    t.rt().gc();
    return static_cast<std::int64_t>(t.rt().heap().heap_live_bytes());
  };
  h.pkg().add("TestLeak", [&](gotest::T& t) {
    for (int i = 0; i < n; ++i) t.go("sleeper", [&t, buffer_bytes] { sleeper(t.rt(), nullptr, buffer_bytes); });
    t.rt().sleep(1'000'000);  // let them start and allocate
    leak_alloc_bytes = read_alloc(t);
  });
  h.pkg().add("TestLeakRemedy", [&](gotest::T& t) {
    rt::Context* ctx = t.rt().with_cancel(t.rt().background());
    rt::WaitGroup* wg = t.rt().make_waitgroup();
    wg->add(n);
    for (int i = 0; i < n; ++i)
      t.go("sleeper", [&t, ctx, wg, buffer_bytes] {
        sleeper(t.rt(), ctx->done, buffer_bytes);
        wg->done();
      });
    t.cleanup("cancelAndWait", {}, [&t, ctx, wg] {
      t.rt().cancel(ctx);
      wg->wait();
    });
    t.rt().sleep(1'000'000);
    remedy_alloc_bytes = read_alloc(t);
  });
  h.run();
  std::uint64_t leaked = 0, leaked_remedy = 0, retained = 0;
  for (const rt::LeakedGoroutine& g : h.result().run.leaks) {
    const bool remedy = g.label.rfind("TestLeakRemedy.", 0) == 0;
    (remedy ? leaked_remedy : leaked) += 1;
    if (!remedy) retained += g.retained_bytes;
  }
  h.check("leak:no-goroutine-outlives-test", leaked == 0,
          std::to_string(leaked) + " goroutines of TestLeak still sleeping at exit, retaining " +
              std::to_string(retained >> 20) + " MiB",
          {"A10"});
  h.check("remedy:no-goroutine-outlives-test", leaked_remedy == 0,
          std::to_string(leaked_remedy) + " goroutines of TestLeakRemedy still blocked at exit", {"A10", "A18"});
  h.metric("leaked_goroutines", static_cast<std::int64_t>(leaked), "count");
  h.metric("retained_bytes_at_exit", static_cast<std::int64_t>(retained), "bytes");
  h.metric("leak_alloc_bytes_at_test_end", leak_alloc_bytes, "bytes");
  h.metric("remedy_alloc_bytes_at_test_end", remedy_alloc_bytes, "bytes");
  return h.finish();
}

const Workload& goroutine_leak_workload() {
  static const Workload w{"goroutine-leak", "2.4", {"A10"},
                          "goroutines holding 1 MiB sleep an hour; remedy cancels them from a cleanup",
                          {{"goroutines", 1000, 1, 100'000, "count", "goroutines per test"},
                           {"buffer_kib", 1024, 1, 1 << 20, "KiB", "buffer each goroutine holds"}},
                          &run_goroutine_leak, std::source_location::current()};
  return w;
}

}  // namespace gcm::workloads
