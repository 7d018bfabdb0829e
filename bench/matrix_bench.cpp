// matrix_bench.cpp — what tracing, retention snapshots and report.html cost
// on the default matrix (11 profiles × 11 workloads), as a ratio against the
// plain run measured in the same process, interleaved iteration by iteration
// so that drift of the machine falls on both alike.
//
// Target (issue 6): tracing + retention + HTML add at most 30 % to the
// default matrix's time. Both sides render what a dashboard run writes
// (results.json and JUnit) into memory; the full side also takes retention
// snapshots and renders every trace, report.html and the cascade text. Files
// are not written: disk flushes are the host's, not gcmatrix's (the CLI's
// wall times with files are in the README).
//
// Counters (per iteration, milliseconds of host time):
//   plain_ms      emulation without snapshots + results.json + JUnit
//   full_ms       emulation with snapshots + the same + traces + HTML + cascades
//   overhead_pct  100 × (full_ms / plain_ms − 1); target ≤ 30
//   retention_ms, traces_ms, html_ms: the full side's parts (the rest of
//                 full_ms is the emulation and the common outputs)
//   trace_MB      bytes of all traces (target < 20 MB)
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>
#include <vector>

#include "cli/outputs.hpp"
#include "cli/plan.hpp"
#include "report/cascade.hpp"
#include "report/expectations.hpp"
#include "report/html_report.hpp"
#include "report/junit_writer.hpp"
#include "report/results_json.hpp"
#include "report/sweep.hpp"
#include "report/trace_writer.hpp"

using namespace gcm;

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

const cli::Plan& default_plan() {
  static const cli::Plan plan = cli::make_plan(cli::CliOptions{});  // matrix/default.yaml, as `gcmatrix` runs it
  return plan;
}

struct Side {
  double emulation_ms = 0, outputs_ms = 0, traces_ms = 0, html_ms = 0;
  std::size_t bytes = 0, trace_bytes = 0;
  double total_ms() const { return emulation_ms + outputs_ms + traces_ms + html_ms; }
};

Side run_side(bool full) {
  const cli::Plan& plan = default_plan();
  Side s;
  auto t0 = Clock::now();
  std::vector<report::CaseResult> cases;
  cases.reserve(plan.cases.size());
  for (const cli::PlannedCase& c : plan.cases)
    cases.push_back(report::apply(plan.expectations,
                                  c.workload->run(workloads::RunInput{*c.profile, c.params, c.seed, full}),
                                  cli::profile_info(*c.profile)));
  s.emulation_ms = ms_since(t0);
  t0 = Clock::now();
  const report::RunResult run = cli::build_run_result(plan, std::move(cases), report::HostProcess{});
  s.bytes += report::render_results_json(run).size();
  s.bytes += report::render_junit(run, {}).size();
  s.outputs_ms = ms_since(t0);
  if (!full) return s;
  t0 = Clock::now();
  for (const report::CaseResult& c : run.cases) s.trace_bytes += report::render_trace(c.obs).size();
  s.traces_ms = ms_since(t0);
  t0 = Clock::now();
  s.bytes += report::render_html(run).size();
  for (const report::CaseResult& c : run.cases)
    if (auto k = report::explain_cascade(c.obs)) s.bytes += report::render_cascade_text(*k).size();
  s.html_ms = ms_since(t0);
  return s;
}

void BM_DefaultMatrixReportingOverhead(benchmark::State& state) {
  double plain = 0, full = 0, emulation_plain = 0, emulation_full = 0, traces = 0, html = 0, trace_bytes = 0;
  for (auto _ : state) {
    const Side p = run_side(false);
    const Side f = run_side(true);
    plain += p.total_ms();
    full += f.total_ms();
    emulation_plain += p.emulation_ms;
    emulation_full += f.emulation_ms;
    traces += f.traces_ms;
    html += f.html_ms;
    trace_bytes = static_cast<double>(f.trace_bytes);
    benchmark::DoNotOptimize(p.bytes + f.bytes);
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["plain_ms"] = plain / n;
  state.counters["full_ms"] = full / n;
  state.counters["overhead_pct"] = 100.0 * (full / plain - 1.0);
  // Snapshots are taken inside the emulation: their cost is the difference.
  state.counters["retention_ms"] = (emulation_full - emulation_plain) / n;
  state.counters["traces_ms"] = traces / n;
  state.counters["html_ms"] = html / n;
  state.counters["trace_MB"] = trace_bytes / 1e6;
  state.SetLabel(std::to_string(default_plan().cases.size()) + " cases; target overhead_pct <= 30, trace_MB < 20");
}
BENCHMARK(BM_DefaultMatrixReportingOverhead)->Unit(benchmark::kMillisecond)->Iterations(7);

// Issue 14: `gcmatrix -w cleanup-vs-finalizer --seeds 1..10000` under all 11
// profiles (110,000 emulated runs, each judged and added to its sweep, as
// boost_suite.cpp run_sweep does) in at most 10 s wall on a 2-core machine.
// Counters: sweep_ms (the whole sweep), us_per_run; target sweep_ms <= 10000.
void BM_SweepCleanupVsFinalizer10000Seeds(benchmark::State& state) {
  cli::CliOptions o;
  o.workloads = {"cleanup-vs-finalizer"};
  o.seeds = "1..10000";
  o.retention = false;
  o.allow_large_run = true;  // 110,000 runs exceed the 100,000 default-case work limit
  static const cli::Plan plan = cli::make_plan(o);
  double total_ms = 0;
  std::size_t runs = 0;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    for (const cli::PlannedCase& c : plan.cases) {
      report::Sweep sweep;
      for (std::uint64_t seed = c.seed; seed <= c.seed_last; ++seed) {
        report::CaseResult r = report::apply(plan.expectations,
                                             c.workload->run(workloads::RunInput{*c.profile, c.params, seed, false}),
                                             cli::profile_info(*c.profile));
        r.obs.events.reset();
        sweep.add(r);
        ++runs;
      }
      benchmark::DoNotOptimize(sweep);
    }
    total_ms += ms_since(t0);
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["sweep_ms"] = total_ms / n;
  state.counters["us_per_run"] = 1000.0 * total_ms / static_cast<double>(runs);
  state.SetLabel(std::to_string(plan.cases.size()) + " cases x 10000 seeds; target sweep_ms <= 10000");
}
BENCHMARK(BM_SweepCleanupVsFinalizer10000Seeds)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
