// outputs.hpp — after the Boost.Test run: the RunResult, the files it asked
// for (written atomically), and what the terminal shows. Main entries:
// build_run_result(), write_outputs(), print_summary().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "cli/plan.hpp"
#include "report/junit_writer.hpp"
#include "report/out_dir.hpp"
#include "report/rewrite_pacer.hpp"
#include "report/run_result.hpp"

namespace gcm::cli {

report::RunResult build_run_result(const Plan& plan, std::vector<report::CaseResult> cases, const report::HostProcess& host);
// `out_dir`: the claimed --out folder (null without --out); the traces are
// listed in its manifest before they are written.
void write_outputs(const CliOptions& options, const report::RunResult& run, report::OutDir* out_dir);

// Before any case runs: with --out, the folder is locked first (a second run
// into it exits 2, report/out_dir.hpp); every output the run will write can
// be written (report::check_output_path), the folders (--out, --trace-dir)
// exist or are created, the table's extension is known. Throws
// report::OutputError (exit 2), so a bad path costs no run and leaves no
// partial outputs. Then, with --out, the folder is claimed: the previous
// run's files are removed and the manifest says "in-progress", listing the
// files this run writes there. `command` is recorded in the manifest.
std::optional<report::OutDir> check_outputs(const CliOptions& options, const Plan& plan, const std::string& command);

// The command line as typed, each word shell-quoted where it needs it.
std::string command_line(int argc, char** argv);

// The JUnit file while the run is in progress: rewritten (atomically) after
// a case when RewritePacer says so — after every case while the file is
// small, then spaced so rewriting stays under 10 % of the wall time — so a
// crash or a kill loses only the cases since the last rewrite.
class JunitProgress {
 public:
  JunitProgress(const CliOptions& options, const Plan& plan, const report::HostProcess& host);
  void add(const report::CaseResult& c);  // no-op without a JUnit target

 private:
  std::string path_;  // cleared when a progress write fails: the final write reports it
  std::optional<report::JunitDocument> doc_;
  report::RewritePacer pacer_;
};
void print_summary(const CliOptions& options, const Plan& plan, const report::RunResult& run);
// The command line that runs the same cases again, byte-identically: the
// selection as given (profiles, workloads, params, shard, files) and the seed.
std::string replay_command(const CliOptions& options, const Plan& plan, const report::RunResult& run);
report::HostProcess host_process_start();
void host_process_finish(report::HostProcess& host, std::int64_t start_steady_ns);

}  // namespace gcm::cli
