// reporter_junit.cpp — JUnit progress rewrites and the final JUnit files.
#include "report/reporter_junit.hpp"

#include <chrono>
#include <optional>

#include "report/atomic_write.hpp"
#include "report/junit_go_writer.hpp"
#include "report/junit_writer.hpp"
#include "report/rewrite_pacer.hpp"

namespace gcm::report {
namespace {

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

class JunitReporter final : public Reporter {
 public:
  explicit JunitReporter(std::filesystem::path path) : path_(std::move(path)) {}

  void run_started(const RunStarted& s) override {
    doc_.emplace(s.profiles, s.seed, s.gcmatrix_version, JunitOptions{s.host.started_at, s.host.hostname});
  }

  void case_ended(const CaseResult& c) override {
    if (!doc_) return;
    doc_->add(c);
    if (!progress_) return;
    const std::int64_t start_ns = steady_ns();
    if (!pacer_.due(start_ns)) return;  // linear cost: rewrite_pacer.hpp
    // Atomic but not fsynced: a killed run keeps the cases of the last
    // rewrite; the complete file is written synced by run_ended().
    try {
      write_file_atomically(path_, [&](const Sink& out) { doc_->render_to(out); }, Durability::process_crash);
    } catch (const OutputError&) {
      progress_ = false;  // no more progress; the final write reports it (exit 2)
      return;
    }
    pacer_.wrote(start_ns, steady_ns());
  }

  // The final file is rendered again from the whole run (its cases in report
  // order, with the run's host figures), streamed: the progress document is
  // released first, so the run holds one rendered copy, not three.
  void run_ended(const RunResult& run) override {
    doc_.reset();
    write_junit(path_, run, {run.host.started_at, run.host.hostname});
  }

 private:
  std::filesystem::path path_;
  std::optional<JunitDocument> doc_;
  RewritePacer pacer_;
  bool progress_ = true;
};

class JunitGoReporter final : public Reporter {
 public:
  explicit JunitGoReporter(std::filesystem::path path) : path_(std::move(path)) {}
  void run_ended(const RunResult& run) override {
    write_file_atomically(path_, render_junit_go(run, {run.host.started_at, run.host.hostname}));
  }

 private:
  std::filesystem::path path_;
};

}  // namespace

std::unique_ptr<Reporter> make_junit_reporter(std::filesystem::path path) {
  return std::make_unique<JunitReporter>(std::move(path));
}

std::unique_ptr<Reporter> make_junit_go_reporter(std::filesystem::path path) {
  return std::make_unique<JunitGoReporter>(std::move(path));
}

}  // namespace gcm::report
