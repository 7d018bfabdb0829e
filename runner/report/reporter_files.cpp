// reporter_files.cpp — one small reporter per whole-file output: each renders
// the finished run and writes it atomically (atomic_write.hpp).
#include "report/reporter_files.hpp"

#include <functional>
#include <vector>

#include "report/atomic_write.hpp"
#include "report/cascade.hpp"
#include "report/comparison_table.hpp"
#include "report/host_report.hpp"
#include "report/html_report.hpp"
#include "report/results_json.hpp"
#include "report/table_format.hpp"

namespace gcm::report {
namespace {

// A file written at run_ended() by `write`.
class RunEndFileReporter final : public Reporter {
 public:
  using Write = std::function<void(const std::filesystem::path&, const RunResult&)>;
  RunEndFileReporter(std::filesystem::path path, Write write) : path_(std::move(path)), write_(std::move(write)) {}
  void run_ended(const RunResult& run) override { write_(path_, run); }

 private:
  std::filesystem::path path_;
  Write write_;
};

std::unique_ptr<Reporter> at_run_end(std::filesystem::path path, RunEndFileReporter::Write write) {
  return std::make_unique<RunEndFileReporter>(std::move(path), std::move(write));
}

}  // namespace

std::unique_ptr<Reporter> make_results_json_reporter(std::filesystem::path path) {
  return at_run_end(std::move(path), [](const auto& p, const RunResult& run) { write_results_json(p, run); });
}

std::unique_ptr<Reporter> make_table_reporter(std::filesystem::path path) {
  return at_run_end(std::move(path),
                    [](const auto& p, const RunResult& run) { write_table(p, build_comparison_table(run)); });
}

std::unique_ptr<Reporter> make_host_reporter(std::filesystem::path path) {
  return at_run_end(std::move(path), [](const auto& p, const RunResult& run) { write_host_report(p, run); });
}

std::unique_ptr<Reporter> make_html_reporter(std::filesystem::path path) {
  return at_run_end(std::move(path),
                    [](const auto& p, const RunResult& run) { write_file_atomically(p, render_html(run)); });
}

std::unique_ptr<Reporter> make_cascade_reporter(std::filesystem::path path) {
  return at_run_end(std::move(path), [](const auto& p, const RunResult& run) {
    std::vector<Cascade> cascades;
    for (const CaseResult& c : run.cases)
      if (auto k = explain_cascade(c.obs)) cascades.push_back(std::move(*k));
    write_file_atomically(p, render_cascade_markdown(cascades));
  });
}

}  // namespace gcm::report
