// reporter_traces.hpp — one Chrome trace per case (trace_writer.hpp) into a
// folder, as a reporter. Main entry: make_traces_reporter().
#pragma once

#include <filesystem>
#include <memory>

#include "report/out_dir.hpp"
#include "report/reporter.hpp"

namespace gcm::report {

// At the end of the run: each trace written atomically, then one flush for
// all of them (sync_file_system). `owner`: the --out folder when the traces
// folder lies in it (null otherwise); the trace files are listed in its
// manifest before the first is written, so a kill while writing them leaves
// only listed files.
std::unique_ptr<Reporter> make_traces_reporter(std::filesystem::path dir, OutDir* owner);

}  // namespace gcm::report
