// harness.hpp — what every workload does around its tests: a runtime built
// from the profile, a package with the profile's testing policy, and the
// Observation's common fields (events digest, test results, host figures).
// Main entries: Harness::run(), Harness::finish().
#pragma once

#include <chrono>
#include <memory>

#include "gotest/package.hpp"
#include "workloads/workload.hpp"

namespace gcm::workloads {

// A run whose event log filled up (rt::EventLog::kEventsMax) is not a
// result: its facts and digest would describe a truncated run. An internal
// error (exit 3) that names the limit, never silent truncation (issue 12).
void require_complete_log(const rt::EventLog& log);

class Harness {
 public:
  // `gc` lets a workload override the profile's GC settings as its own
  // environment would (GOGC=off for A16, GOMEMLIMIT for A22).
  Harness(const Workload& w, const RunInput& in, const rt::GcConfig& gc);
  Harness(const Workload& w, const RunInput& in) : Harness(w, in, in.profile.gc) {}

  rt::Runtime& rt() noexcept { return *rt_; }
  gotest::Package& pkg() noexcept { return *pkg_; }
  const gotest::PackageResult& result() const noexcept { return result_; }

  const gotest::PackageResult& run();  // runs the package once, timing it on the host

  void check(std::string name, bool passed, std::string message, std::vector<std::string> claims = {});
  void metric(std::string name, std::int64_t value, std::string unit);
  void summary_line(const std::string& line);
  // Counts of event kinds, for metrics and summaries.
  std::size_t count(rt::EventKind kind, std::string_view subject_prefix = {}) const;
  // Status of an emulated test by name ("not_run" when it is missing).
  gotest::TestStatus status(const std::string& test) const;
  std::int64_t duration_ns(const std::string& test) const;
  // What the run means, derived once from its events (facts/), after run().
  const facts::CaseFacts& facts();
  Observation finish();

 private:
  const Workload& w_;
  const RunInput& in_;
  std::unique_ptr<rt::Runtime> rt_;
  std::unique_ptr<gotest::Package> pkg_;
  gotest::PackageResult result_;
  std::shared_ptr<const facts::CaseFacts> facts_;  // facts(), derived on first use
  Observation obs_;
  std::int64_t host_wall_ns_ = 0;
};

}  // namespace gcm::workloads
