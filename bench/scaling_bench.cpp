// scaling_bench.cpp — every built-in workload swept over its size parameter's
// declared range (issue 16, "Scaling targets"). Main entries: sweep_workload(),
// BM_Scaling, main (flags --table, --workload NAME, --profile NAME, --quick).
//
// The size parameter is the workload's first "count" parameter. Points: one
// per decade from the range's minimum, then four in the top decade
// (max/10, max/10^(2/3), max/10^(1/3), max). Each point runs in a forked
// child, as `gcmatrix -w W --param K=V --allow-large-run` would (all 11
// profiles, the default expectations), so its CPU time and peak RSS are its
// own (wait4's rusage: user + system, ru_maxrss). A point is correct when
// the child ran every case without an internal error and no outcome was
// unexpected.
//
// Figures (host, not deterministic; the emulated object count is):
//   slope        least-squares log-log slope of CPU time over the top decade;
//                target ≤ 1.15
//   cpu_max_s    CPU seconds at the range's maximum
//   rss_per_obj  (peak RSS at max − peak RSS at max/10) / (objects at max −
//                objects at max/10), bytes; target ≤ 2048. "Objects" are the
//                emulated heap's peak of live objects + live goroutines, from
//                the events (alloc bursts, gc ends, goroutine start/end).
//
// Flags (before Google Benchmark's own): --table prints the README's Markdown
// table after the run; --quick sweeps the top decade only; --workload NAME
// and --profile NAME (repeatable) narrow the sweep; --point-cpu-limit S
// (default 120) kills a point past S CPU seconds and reports it.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/plan.hpp"
#include "report/expectations.hpp"
#include "cli/outputs.hpp"
#include "report/run_result.hpp"
#include "report/settle_case.hpp"
#include "report/units.hpp"
#include "runtime/event_fields.hpp"
#include "runtime/host_allocator.hpp"
#include "workloads/workload.hpp"

using namespace gcm;

namespace {

struct Flags {
  bool table = false, quick = false;
  long point_cpu_limit_s = 120;  // a point past it is killed (SIGXCPU) and reported, not waited for
  std::vector<std::string> workloads, profiles;
} g_flags;

struct Point {
  std::int64_t value = 0;
  bool correct = false;
  std::string problem;            // why not correct
  double cpu_s = 0;               // host
  double peak_rss_bytes = 0;      // host
  std::int64_t peak_objects = 0;  // emulated, max over the point's cases
};

struct Sweep {
  std::string workload, param;
  std::int64_t min = 0, max = 0;
  std::vector<Point> points;
  double slope = 0, rss_per_object_bytes = 0;
  bool all_correct() const {
    for (const Point& p : points)
      if (!p.correct) return false;
    return !points.empty();
  }
};

// Peak of live heap objects + live goroutines over one case's events.
std::int64_t peak_objects(const rt::EventLog& log) {
  std::int64_t heap = 0, goroutines = 0, peak = 0;
  for (const rt::Event& e : log.events()) {
    switch (e.kind) {
      case rt::EventKind::alloc_burst: heap += rt::read<rt::ev::AllocBurst>(e).objects; break;
      case rt::EventKind::gc_end: heap = rt::read<rt::ev::GcEnd>(e).heap_live_objects; break;
      case rt::EventKind::goroutine_start: ++goroutines; break;
      case rt::EventKind::goroutine_end: --goroutines; break;
      default: continue;
    }
    peak = std::max(peak, heap + goroutines);
  }
  return peak;
}

// Runs in the child: every case of `gcmatrix -w W --param K=V`. Writes
// "ok <objects>" or "bad <objects> <reason>" on `fd`.
[[noreturn]] void run_point_child(int fd, const std::string& workload, const std::string& param, std::int64_t v) {
  std::string out;
  try {
    cli::CliOptions o;
    o.workloads = {workload};
    o.params = {param + "=" + std::to_string(v)};
    o.profiles = g_flags.profiles;
    o.allow_large_run = true;
    const cli::Plan plan = cli::make_plan(o);
    std::vector<report::CaseResult> cases;
    std::int64_t objects = 0;
    for (const cli::PlannedCase& c : plan.cases) {
      workloads::Observation obs = c.workload->run(workloads::RunInput{*c.profile, c.params, c.seed, true});
      if (obs.events) objects = std::max(objects, peak_objects(*obs.events));
      cases.push_back(report::apply(plan.expectations, std::move(obs), cli::profile_info(*c.profile)));
      // As gcmatrix does once a case has ended (cli/main.cpp): its events go.
      report::settle_case(cases.back());
      report::release_events(cases.back());
    }
    const report::RunResult run = cli::build_run_result(plan, std::move(cases), report::HostProcess{});
    const std::size_t unexpected = run.unexpected_count();
    out = (unexpected == 0 ? "ok " : "bad ") + std::to_string(objects);
    if (unexpected != 0) out += " " + std::to_string(unexpected) + " unexpected outcome(s)";
  } catch (const std::exception& e) {
    out = std::string("bad 0 internal error: ") + e.what();
  }
  const ssize_t n = ::write(fd, out.data(), out.size());
  ::_exit(n == static_cast<ssize_t>(out.size()) ? 0 : 3);
}

Point run_point(const std::string& workload, const std::string& param, std::int64_t v) {
  Point p;
  p.value = v;
  int fds[2];
  if (::pipe(fds) != 0) {
    p.problem = "pipe failed";
    return p;
  }
  std::cout.flush();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    const rlimit cpu{static_cast<rlim_t>(g_flags.point_cpu_limit_s), static_cast<rlim_t>(g_flags.point_cpu_limit_s + 5)};
    ::setrlimit(RLIMIT_CPU, &cpu);
    run_point_child(fds[1], workload, param, v);
  }
  ::close(fds[1]);
  std::string reply;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  rusage ru{};
  if (pid < 0 || ::wait4(pid, &status, 0, &ru) != pid) {
    p.problem = "fork/wait failed";
    return p;
  }
  p.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
            static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  p.peak_rss_bytes = static_cast<double>(ru.ru_maxrss) * 1024.0;  // Linux: KiB
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    p.problem = !WIFSIGNALED(status)            ? std::string("child failed")
                : WTERMSIG(status) == SIGXCPU ? "over the " + std::to_string(g_flags.point_cpu_limit_s) + " s CPU limit"
                                              : "killed by signal " + std::to_string(WTERMSIG(status));
    return p;
  }
  std::istringstream in(reply);
  std::string verdict;
  in >> verdict >> p.peak_objects;
  std::getline(in, p.problem);
  if (!p.problem.empty() && p.problem.front() == ' ') p.problem.erase(0, 1);
  p.correct = verdict == "ok";
  return p;
}

const workloads::ParamSpec* size_param(const workloads::Workload& w) {
  for (const workloads::ParamSpec& s : w.params)
    if (s.unit == "count") return &s;
  return nullptr;
}

std::vector<std::int64_t> sweep_values(std::int64_t min, std::int64_t max) {
  std::vector<std::int64_t> v;
  const auto push = [&](double x) {
    const auto r = std::clamp<std::int64_t>(std::llround(x), min, max);
    if (v.empty() || v.back() < r) v.push_back(r);
  };
  const double top = static_cast<double>(max) / 10.0;
  if (!g_flags.quick)
    for (double x = std::max<double>(1.0, static_cast<double>(min)); x < top; x *= 10) push(x);
  for (int i = 0; i <= 3; ++i) push(top * std::pow(10.0, i / 3.0));
  return v;
}

// Least squares of log(cpu) on log(value) over the top decade's points.
double top_decade_slope(const Sweep& s) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const Point& p : s.points) {
    if (p.value * 10 < s.max || p.cpu_s <= 0) continue;
    const double x = std::log(static_cast<double>(p.value)), y = std::log(p.cpu_s);
    n += 1, sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  const double d = n * sxx - sx * sx;
  return n >= 2 && d > 0 ? (n * sxy - sx * sy) / d : 0;
}

Sweep sweep_workload(const workloads::Workload& w) {
  Sweep s;
  s.workload = w.name;
  const workloads::ParamSpec* spec = size_param(w);
  if (spec == nullptr) return s;
  s.param = spec->name;
  s.min = spec->min_value;
  s.max = spec->max_value;
  for (std::int64_t v : sweep_values(spec->min_value, spec->max_value)) s.points.push_back(run_point(w.name, spec->name, v));
  s.slope = top_decade_slope(s);
  const Point* lo = nullptr;
  for (const Point& p : s.points)
    if (p.value * 10 >= s.max && lo == nullptr) lo = &p;
  const Point& hi = s.points.back();
  if (lo != nullptr && hi.peak_objects > lo->peak_objects)
    s.rss_per_object_bytes = (hi.peak_rss_bytes - lo->peak_rss_bytes) / static_cast<double>(hi.peak_objects - lo->peak_objects);
  return s;
}

std::vector<Sweep> g_sweeps;

void BM_Scaling(benchmark::State& state, const workloads::Workload* w) {
  for (auto _ : state) g_sweeps.push_back(sweep_workload(*w));
  const Sweep& s = g_sweeps.back();
  state.counters["slope"] = s.slope;
  state.counters["cpu_max_s"] = s.points.empty() ? 0 : s.points.back().cpu_s;
  state.counters["rss_per_obj"] = s.rss_per_object_bytes;
  state.counters["points"] = static_cast<double>(s.points.size());
  state.counters["correct"] = s.all_correct() ? 1 : 0;
  std::string label = s.param + " " + std::to_string(s.min) + ".." + std::to_string(s.max);
  for (const Point& p : s.points)
    if (!p.correct) label += "; " + s.param + "=" + std::to_string(p.value) + ": " + p.problem;
  state.SetLabel(label);
}

void print_table(std::ostream& out) {
  out << "| workload | param | range | points | correct | slope (top decade) | CPU at max | peak RSS at max | objects at max | RSS/object |\n"
         "| --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n";
  for (const Sweep& s : g_sweeps) {
    if (s.points.empty()) {
      out << "| " << s.workload << " | - | - | 0 | - | - | - | - | - | - |\n";
      continue;
    }
    const Point& hi = s.points.back();
    std::string bad;
    for (const Point& p : s.points)
      if (!p.correct) bad += (bad.empty() ? "no: " : ", ") + s.param + "=" + std::to_string(p.value) + " " + p.problem;
    out << "| " << s.workload << " | " << s.param << " | " << s.min << ".." << s.max << " | " << s.points.size()
        << " | " << (bad.empty() ? "yes" : bad) << " | " << report::fixed_decimal(s.slope, 2) << " | " << report::fixed_decimal(hi.cpu_s, 2) << " s | "
        << report::fixed_decimal(hi.peak_rss_bytes / 1048576.0, 0) << " MiB | " << hi.peak_objects << " | "
        << (s.rss_per_object_bytes > 0 ? report::fixed_decimal(s.rss_per_object_bytes, 0) + " B" : std::string("-")) << " |\n";
  }
}

bool take_flag(int& argc, char** argv, int& i, const char* name, std::string* value) {
  const std::size_t n = std::strlen(name);
  if (std::strncmp(argv[i], name, n) != 0) return false;
  if (value == nullptr && argv[i][n] != '\0') return false;
  if (value != nullptr) {
    if (argv[i][n] == '=') *value = argv[i] + n + 1;
    else if (argv[i][n] == '\0' && i + 1 < argc) {
      *value = argv[i + 1];
      for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
      --argc;
    } else return false;
  }
  for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
  --argc;
  --i;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  gcm::rt::configure_host_allocator();  // as gcmatrix's main does: each point measures what gcmatrix runs
  for (int i = 1; i < argc; ++i) {
    std::string v;
    if (take_flag(argc, argv, i, "--table", nullptr)) g_flags.table = true;
    else if (take_flag(argc, argv, i, "--quick", nullptr)) g_flags.quick = true;
    else if (take_flag(argc, argv, i, "--workload", &v)) g_flags.workloads.push_back(v);
    else if (take_flag(argc, argv, i, "--profile", &v)) g_flags.profiles.push_back(v);
    else if (take_flag(argc, argv, i, "--point-cpu-limit", &v)) g_flags.point_cpu_limit_s = std::stol(v);
  }
  for (const workloads::Workload& w : workloads::registry()) {
    if (!g_flags.workloads.empty() &&
        std::find(g_flags.workloads.begin(), g_flags.workloads.end(), w.name) == g_flags.workloads.end())
      continue;
    benchmark::RegisterBenchmark(("BM_Scaling/" + w.name).c_str(), BM_Scaling, &w)
        ->Iterations(1)
        ->Unit(benchmark::kSecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (g_flags.table) print_table(std::cout);
  return 0;
}
