// harness.cpp — runtime + package from a profile; common Observation fields.
#include "workloads/harness.hpp"

#include "facts/derive.hpp"

#include <algorithm>
#include <stdexcept>

namespace gcm::workloads {

std::string repo_relative(const char* file) {
  std::string f(file);
  const std::size_t at = f.rfind("runner/");
  return at == std::string::npos ? f : f.substr(at);
}

Harness::Harness(const Workload& w, const RunInput& in, const rt::GcConfig& gc) : w_(w), in_(in) {
  rt::Runtime::Options o;
  o.gc = gc;
  o.cost = in.profile.cost;
  o.sched = in.profile.sched;
  o.seed = in.seed;
  o.retention_snapshots = in.retention;
  rt_ = std::make_unique<rt::Runtime>(o);
  pkg_ = std::make_unique<gotest::Package>(*rt_, in.profile.testing, w.name);
  obs_.workload = w.name;
  obs_.profile = in.profile.name;
  obs_.seed = in.seed;
  obs_.params = in.params.as_strings();
  obs_.claims = w.claims;
  obs_.source_file = w.where.shown;
  obs_.source_line = w.where.line;
  obs_.memory_limit_bytes = gc.memory_limit_bytes;
}

const gotest::PackageResult& Harness::run() {
  // Host figure: wall time of the emulation, never fed back into it.
  const auto t0 = std::chrono::steady_clock::now();
  result_ = pkg_->run();
  host_wall_ns_ = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count();
  return result_;
}

void Harness::check(std::string name, bool passed, std::string message, std::vector<std::string> claims) {
  obs_.checks.push_back(Check{std::move(name), passed, std::move(message), std::move(claims)});
}

void Harness::metric(std::string name, std::int64_t value, std::string unit) {
  obs_.metrics.push_back(Metric{std::move(name), value, std::move(unit)});
}

void Harness::summary_line(const std::string& line) { obs_.summary += line + "\n"; }

std::size_t Harness::count(rt::EventKind kind, std::string_view subject_prefix) const {
  std::size_t n = 0;
  for (const rt::Event& e : rt_->events().events())
    n += e.kind == kind && e.subject.compare(0, subject_prefix.size(), subject_prefix) == 0;
  return n;
}

gotest::TestStatus Harness::status(const std::string& test) const {
  const gotest::TestResult* r = result_.find(test);
  return r ? r->status : gotest::TestStatus::not_run;
}

std::int64_t Harness::duration_ns(const std::string& test) const {
  const gotest::TestResult* r = result_.find(test);
  return r ? r->duration_ns() : 0;
}


void require_complete_log(const rt::EventLog& log) {
  if (!log.overflowed()) return;
  throw std::logic_error("event log full: " + std::to_string(log.dropped()) + " event(s) dropped past the limit of " +
                         std::to_string(log.events_max()) + " (rt::EventLog::kEventsMax)");
}

const facts::CaseFacts& Harness::facts() {
  require_complete_log(rt_->events());
  if (!facts_) facts_ = std::make_shared<const facts::CaseFacts>(facts::derive(rt_->events()));
  return *facts_;
}

Observation Harness::finish() {
  require_complete_log(rt_->events());
  for (const gotest::TestResult& r : result_.tests)
    obs_.tests.push_back(EmulatedTest{r.name, r.status, r.duration_ns(), r.message});
  if (result_.aborted) summary_line("binary: " + result_.abort_reason);
  if (!result_.run.leaks.empty())
    summary_line("leaked goroutines at exit: " + std::to_string(result_.run.leaks.size()));
  obs_.virtual_duration_ns = rt_->now_ns();
  obs_.event_count = rt_->events().size();
  obs_.events_digest = rt_->events().digest();
  const rt::HostHeapStats host = rt_->heap().host_stats();
  obs_.host.push_back(HostMetric{"host_wall_ns", static_cast<double>(host_wall_ns_), "ns"});
  obs_.host.push_back(HostMetric{"host_live_blocks", static_cast<double>(host.host_live_blocks), "count"});
  obs_.host.push_back(HostMetric{"host_live_bytes", static_cast<double>(host.host_live_bytes), "bytes"});
  obs_.host.push_back(HostMetric{"host_committed_bytes", static_cast<double>(host.host_committed_bytes), "bytes"});
  // A snapshot that failed is a runtime bug: the case is an internal error
  // (exit 3), never a silently shorter retention list.
  if (!rt_->retention_error().empty())
    throw std::logic_error("retention snapshot failed: " + rt_->retention_error());
  obs_.retention = std::move(rt_->retention());
  obs_.retention_dropped = rt_->retention_dropped() + pkg_->retention_skipped();
  if (rt_->retention_dropped() != 0)
    summary_line("retention: " + std::to_string(rt_->retention_dropped()) + " snapshots dropped past the limit of " +
                 std::to_string(rt::Runtime::kRetentionSnapshotsMax));
  if (pkg_->retention_skipped() != 0)  // gotest/retention_budget.hpp
    summary_line("retention: " + std::to_string(pkg_->retention_skipped()) +
                 " test-end and runtime.GC snapshots skipped: the retention budget is " +
                 std::to_string(gotest::RetentionBudget::kWorkPerAllocation) + " walked objects per allocation + " +
                 std::to_string(gotest::RetentionBudget::kWorkFloorObjects));
  // The runtime (and its events) moves into the Observation's shared log.
  facts();  // derived once, from the final log
  obs_.facts = std::move(facts_);
  auto log = std::make_shared<rt::EventLog>(std::move(rt_->events()));
  obs_.events = std::move(log);
  return std::move(obs_);
}

}  // namespace gcm::workloads
