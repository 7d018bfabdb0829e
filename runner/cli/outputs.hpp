// outputs.hpp — after the Boost.Test run: the RunResult, the files it asked
// for (written atomically), and what the terminal shows. Main entries:
// build_run_result(), write_outputs(), print_summary().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "cli/plan.hpp"
#include "report/run_result.hpp"

namespace gcm::cli {

report::RunResult build_run_result(const Plan& plan, std::vector<report::CaseResult> cases, const report::HostProcess& host);
void write_outputs(const CliOptions& options, const report::RunResult& run);
void write_junit_only(const CliOptions& options, const report::RunResult& run);  // after each case
void print_summary(const CliOptions& options, const Plan& plan, const report::RunResult& run);
report::HostProcess host_process_start();
void host_process_finish(report::HostProcess& host, std::int64_t start_steady_ns);

}  // namespace gcm::cli
