// outputs.hpp — around the Boost.Test run: the output paths checked and the
// --out folder claimed, the reporters the options ask for, the RunResult,
// and what the terminal shows. Main entries: check_outputs(),
// make_reporters(), build_run_result(), print_summary().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "cli/plan.hpp"
#include "report/out_dir.hpp"
#include "report/reporter.hpp"
#include "report/run_result.hpp"

namespace gcm::cli {

report::RunResult build_run_result(const Plan& plan, std::vector<report::CaseResult> cases, const report::HostProcess& host);

// Before any case runs: with --out, the folder is locked first (a second run
// into it exits 2, report/out_dir.hpp); every output the run will write can
// be written (report::check_output_path), the folders (--out, --trace-dir)
// exist or are created, the table's extension is known. Throws
// report::OutputError (exit 2), so a bad path costs no run and leaves no
// partial outputs. Then, with --out, the folder is claimed: the previous
// run's files are removed and the manifest says "in-progress", listing the
// files this run writes there. `command` is recorded in the manifest.
// A Boost.Test listing (--list_content, --list_labels, --help, --usage after
// `--`) writes nothing: nothing is checked or created, and no folder is
// returned.
std::optional<report::OutDir> check_outputs(const CliOptions& options, const Plan& plan, const std::string& command);

// The command line as typed, each word shell-quoted where it needs it.
std::string command_line(int argc, char** argv);

// The reporters the options ask for (report/reporter.hpp), one per output,
// in the order the files are written: junit.xml (rewritten during the run),
// junit-go.xml, results.json, the table, host.md, the traces, report.html,
// cascade.md; last, with --out, the manifest's (`out_dir`: the claimed
// folder, null without --out), so "complete" follows every file.
std::unique_ptr<report::FanOutReporter> make_reporters(const CliOptions& options, const Plan& plan, report::OutDir* out_dir);
// What the reporters learn before the first case.
report::RunStarted run_started_of(const Plan& plan, const report::HostProcess& host);

void print_summary(const CliOptions& options, const Plan& plan, const report::RunResult& run);
// The command line that runs the same cases again, byte-identically: the
// selection as given (profiles, workloads, params, shard, files) and the seed.
std::string replay_command(const CliOptions& options, const Plan& plan, const report::RunResult& run);
report::HostProcess host_process_start();
void host_process_finish(report::HostProcess& host, std::int64_t start_steady_ns);

}  // namespace gcm::cli
