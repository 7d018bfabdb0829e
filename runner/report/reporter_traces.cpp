// reporter_traces.cpp — one trace per case, written when the case ends.
#include "report/reporter_traces.hpp"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "report/atomic_write.hpp"
#include "report/trace_writer.hpp"

namespace gcm::report {
namespace {

class TracesReporter final : public Reporter {
 public:
  TracesReporter(std::filesystem::path dir, OutDir* owner, std::vector<std::string> planned)
      : dir_(std::move(dir)), owner_(owner), planned_(std::move(planned)) {}

  // Every trace the plan names goes into the manifest at once: one manifest
  // write, not one per case (a manifest rewritten per case costs the square
  // of the case count, as JUnit once did: issue 16, item 6).
  void run_started(const RunStarted&) override { list(planned_); }

  // The case's events are released after this (settle_case.hpp): its trace
  // is written now, and a crash later loses no trace already written.
  void case_ended(const CaseResult& c) override {
    const std::string name = trace_file_name(c.obs);
    list({name});  // a name the plan did not give (never, unless the plan and the run disagree)
    make_folder();
    write_trace(dir_ / name, c.obs, Durability::process_crash);
    written_.insert(name);
  }

  // Cases that never passed through case_ended (a RunResult built
  // otherwise) are written here; then one flush for all (sync_file_system).
  void run_ended(const RunResult& run) override {
    std::vector<const CaseResult*> rest;
    std::vector<std::string> names;
    for (const CaseResult& c : run.cases) {
      std::string name = trace_file_name(c.obs);
      if (written_.contains(name)) continue;
      rest.push_back(&c);
      names.push_back(std::move(name));
    }
    make_folder();  // also for a run of no case: the folder is an output
    if (!rest.empty()) {
      list(names);
      for (std::size_t i = 0; i < rest.size(); ++i) write_trace(dir_ / names[i], rest[i]->obs, Durability::process_crash);
    }
    sync_file_system(dir_);
  }

 private:
  // Adds to the manifest the names it does not list yet, before they are written.
  void list(const std::vector<std::string>& names) {
    if (owner_ == nullptr) return;
    std::vector<std::string> rel;
    for (const std::string& name : names)
      if (listed_.insert(name).second)
        if (auto r = owner_->inside(dir_ / name)) rel.push_back(*r);
    if (!rel.empty()) owner_->will_write(rel);
  }

  // When the first trace is written, not before: a Boost.Test listing
  // starts the reporters and runs no case, and must create nothing.
  void make_folder() {
    if (!made_) std::filesystem::create_directories(dir_);
    made_ = true;
  }

  std::filesystem::path dir_;
  OutDir* owner_;
  bool made_ = false;
  std::vector<std::string> planned_;
  std::set<std::string> listed_;   // trace names in the manifest
  std::set<std::string> written_;  // trace names written by case_ended
};

}  // namespace

std::unique_ptr<Reporter> make_traces_reporter(std::filesystem::path dir, OutDir* owner,
                                               std::vector<std::string> planned_names) {
  return std::make_unique<TracesReporter>(std::move(dir), owner, std::move(planned_names));
}

}  // namespace gcm::report
