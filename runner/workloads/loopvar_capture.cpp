// loopvar_capture.cpp — article §2.3 (A9, O5): goroutines started in
// `for i := 0; i < 3; i++ { go func() { m[i] = … }() }` capture i.
#include <map>

#include "workloads/harness.hpp"
#include "workloads/registry_entries.hpp"

namespace gcm::workloads {

static Observation run_loopvar_capture(const RunInput& in) {
  Harness h(loopvar_capture_workload(), in);
  const int n = static_cast<int>(in.params.get("goroutines"));
  std::map<std::int64_t, int> writes;  // m[i] = …: which keys were written, how often
  h.pkg().add("TestLoopVarCapture", [&](gotest::T& t) {
    rt::WaitGroup* wg = t.rt().make_waitgroup();
    wg->add(n);
    t.go_loop(n, "writer", [&writes, wg](rt::Object* i_cell) {
      ++writes[gotest::T::int_of(i_cell->slot(0))];
      wg->done();
    });
    wg->wait();
  });
  h.run();
  int own = 0;
  for (int i = 0; i < n; ++i) own += writes.count(i) != 0 && writes.at(i) == 1;
  const int final_writes = writes.count(n) ? writes.at(n) : 0;
  h.check("each-goroutine-sees-own-i", own == n && writes.size() == static_cast<std::size_t>(n),
          own == n ? "m[0.." + std::to_string(n - 1) + "] written once each"
                   : "m[" + std::to_string(n) + "] written " + std::to_string(final_writes) + " times, " +
                         std::to_string(own) + " of " + std::to_string(n) + " keys written by their own goroutine",
          {"A9", "O5"});
  h.metric("keys_written", static_cast<std::int64_t>(writes.size()), "count");
  h.metric("writes_to_final_i", final_writes, "count");
  return h.finish();
}

const Workload& loopvar_capture_workload() {
  static const Workload w{"loopvar-capture", "2.3", {"A9", "O5"},
                          "goroutines started in a loop write m[i]: shared or per-iteration loop variable",
                          {{"goroutines", 3, 1, 10'000, "count", "goroutines started in the loop"}},
                          &run_loopvar_capture, std::source_location::current()};
  return w;
}

}  // namespace gcm::workloads
