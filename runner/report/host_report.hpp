// host_report.hpp — host.md: the figures of the machine that ran gcmatrix
// (wall time, memory), per profile × workload. Labelled "host (not
// deterministic)": they vary between runs, never gate, and are kept out of
// the comparison table so that stays byte-identical.
#pragma once

#include <filesystem>
#include <string>

#include "report/run_result.hpp"

namespace gcm::report {

std::string render_host_report(const RunResult& run);
void write_host_report(const std::filesystem::path& path, const RunResult& run);  // atomic

}  // namespace gcm::report
