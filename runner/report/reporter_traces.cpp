// reporter_traces.cpp — the traces folder at the end of the run.
#include "report/reporter_traces.hpp"

#include <string>
#include <vector>

#include "report/atomic_write.hpp"
#include "report/trace_writer.hpp"

namespace gcm::report {
namespace {

class TracesReporter final : public Reporter {
 public:
  TracesReporter(std::filesystem::path dir, OutDir* owner) : dir_(std::move(dir)), owner_(owner) {}

  void run_ended(const RunResult& run) override {
    std::filesystem::create_directories(dir_);
    if (owner_ != nullptr) {
      std::vector<std::string> rel;
      for (const CaseResult& c : run.cases)
        if (auto r = owner_->inside(dir_ / trace_file_name(c.obs))) rel.push_back(*r);
      owner_->will_write(rel);
    }
    // Each trace atomic, then one flush for all of them (sync_file_system).
    for (const CaseResult& c : run.cases)
      write_trace(dir_ / trace_file_name(c.obs), c.obs, Durability::process_crash);
    sync_file_system(dir_);
  }

 private:
  std::filesystem::path dir_;
  OutDir* owner_;
};

}  // namespace

std::unique_ptr<Reporter> make_traces_reporter(std::filesystem::path dir, OutDir* owner) {
  return std::make_unique<TracesReporter>(std::move(dir), owner);
}

}  // namespace gcm::report
