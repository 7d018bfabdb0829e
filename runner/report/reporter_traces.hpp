// reporter_traces.hpp — one Chrome trace per case (trace_writer.hpp) into a
// folder, as a reporter. Main entry: make_traces_reporter().
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "report/out_dir.hpp"
#include "report/reporter.hpp"

namespace gcm::report {

// Each case's trace written atomically when the case ends (before its events
// are released: settle_case.hpp), then one flush for all of them at the end
// (sync_file_system). `owner`: the --out folder when the traces folder lies
// in it (null otherwise); `planned_names` (trace_file_name of every planned
// case) are listed in its manifest when the run starts, so a kill while
// traces are written leaves only listed files.
std::unique_ptr<Reporter> make_traces_reporter(std::filesystem::path dir, OutDir* owner,
                                               std::vector<std::string> planned_names = {});

}  // namespace gcm::report
