// reporter.hpp — what every output of a run listens to: the run starts, each
// case ends, the run ends. Main entries: Reporter, FanOutReporter.
//
// Modelled on Catch2's reporters (IEventListener: testRunStarting /
// testCaseEnded / testRunEnded; one small final reporter per format;
// MultiReporter fans the events out). One reporter per output file or
// folder (reporter_files.hpp, reporter_junit.hpp, reporter_traces.hpp,
// reporter_out_dir.hpp); cli/ only chooses which ones from the options
// (cli/outputs.cpp make_reporters()), and keeps the plan and exit codes.
//
// Errors: a reporter throws OutputError (atomic_write.hpp) for a path it
// cannot write (exit 2) and anything else for an internal error (exit 3);
// the fan-out stops at the first one, like the direct calls it replaced.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "report/profile_info.hpp"
#include "report/run_result.hpp"

namespace gcm::report {

// What is known before the first case runs: enough for a document that
// grows case by case (the JUnit progress file).
struct RunStarted {
  std::vector<ProfileInfo> profiles;
  std::uint64_t seed = 1;
  std::string gcmatrix_version;
  HostProcess host;  // started_at and hostname; the rest is measured at the end
};

class Reporter {
 public:
  Reporter() = default;
  Reporter(const Reporter&) = delete;
  Reporter& operator=(const Reporter&) = delete;
  virtual ~Reporter() = default;

  virtual void run_started(const RunStarted&) {}
  // Each case as it ends, in run order: what a crash must not lose.
  virtual void case_ended(const CaseResult&) {}
  // The whole run, host figures measured: the final outputs.
  virtual void run_ended(const RunResult&) {}
};

// Forwards every event to its reporters in the order they were added (the
// files are written in that order; the --out manifest's reporter goes last,
// so "complete" follows every file).
class FanOutReporter final : public Reporter {
 public:
  void add(std::unique_ptr<Reporter> r) { reporters_.push_back(std::move(r)); }
  std::size_t size() const noexcept { return reporters_.size(); }

  void run_started(const RunStarted& s) override {
    for (auto& r : reporters_) r->run_started(s);
  }
  void case_ended(const CaseResult& c) override {
    for (auto& r : reporters_) r->case_ended(c);
  }
  void run_ended(const RunResult& run) override {
    for (auto& r : reporters_) r->run_ended(run);
  }

 private:
  std::vector<std::unique_ptr<Reporter>> reporters_;
};

}  // namespace gcm::report
