// reporter_out_dir.hpp — the --out folder's manifest as a reporter: added
// last to the fan-out, it marks the run "complete" once every file before it
// is written (out_dir.hpp). Main entry: make_out_dir_reporter().
#pragma once

#include <memory>

#include "report/out_dir.hpp"
#include "report/reporter.hpp"

namespace gcm::report {

namespace detail {
class OutDirReporter final : public Reporter {
 public:
  explicit OutDirReporter(OutDir& dir) : dir_(dir) {}
  void run_ended(const RunResult&) override { dir_.complete(); }

 private:
  OutDir& dir_;
};
}  // namespace detail

// `dir` outlives the reporter (it holds the folder's lock for the run).
inline std::unique_ptr<Reporter> make_out_dir_reporter(OutDir& dir) {
  return std::make_unique<detail::OutDirReporter>(dir);
}

}  // namespace gcm::report
