// reporter_junit.cpp — JUnit progress rewrites and the final JUnit files.
#include "report/reporter_junit.hpp"

#include <chrono>
#include <filesystem>
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
  // A character device (a tty, /dev/null) is written through, not replaced
  // (atomic_write.hpp): each progress write would append one more whole
  // document to the stream (a tty showed 4 for 11 cases). It gets only the
  // final write; a file gets progress writes too.
  // Progress writes happen while doc_ holds the document.
  explicit JunitReporter(std::filesystem::path path) : path_(std::move(path)) {}

  void run_started(const RunStarted& s) override {
    if (std::filesystem::is_character_file(path_)) return;
    // The rendered testcases spill into the output's own folder (spill_file.hpp).
    const std::filesystem::path folder = path_.has_parent_path() ? path_.parent_path() : std::filesystem::path(".");
    doc_.emplace(s.profiles, s.seed, s.gcmatrix_version, JunitOptions{s.host.started_at, s.host.hostname}, folder);
  }

  void case_ended(const CaseResult& c) override {
    if (!doc_) return;
    try {
      doc_->add(c);
    } catch (const OutputError&) {  // the spill file could not grow (a full disk)
      doc_.reset();  // no more progress writes; the final write reports it (exit 2)
      return;
    }
    const std::int64_t start_ns = steady_ns();
    if (!pacer_.due(start_ns)) return;  // linear cost: rewrite_pacer.hpp
    // Atomic but not fsynced: a killed run keeps the cases of the last
    // rewrite; the complete file is written synced by run_ended().
    try {
      write_file_atomically(path_, [&](const Sink& out) { doc_->render_in_progress_to(out); }, Durability::process_crash);
    } catch (const OutputError&) {
      doc_.reset();  // no more progress writes; the final write reports it (exit 2)
      return;
    }
    pacer_.wrote(start_ns, steady_ns());
  }

  // The final file is rendered again from the whole run (its cases in report
  // order, with the run's host figures), one case at a time
  // (render_junit_to): the progress document and its spill file are
  // released first.
  void run_ended(const RunResult& run) override {
    doc_.reset();
    write_junit(path_, run, {run.host.started_at, run.host.hostname});
  }

 private:
  std::filesystem::path path_;
  std::optional<JunitDocument> doc_;
  RewritePacer pacer_;
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
