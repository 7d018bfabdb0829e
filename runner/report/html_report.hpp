// html_report.hpp — report.html: one self-contained page (no scripts, no
// external files) with the comparison table and, per case, an inline SVG of
// the live heap after each GC over virtual time. Main entry: render_html().
//
// Why self-contained: CI uploads it as an artifact that must open offline.
// Built from the RunResult and events only, so it is byte-identical between
// runs (no host figure).
#pragma once

#include <string>

#include "report/run_result.hpp"

namespace gcm::report {

std::string render_html(const RunResult& run);

}  // namespace gcm::report
